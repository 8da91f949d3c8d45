import { parseSearchRequest, type SearchRequest } from "@medplum/core";
import { fhirRefusal } from "../errors";
import { FHIR_ID } from "../systems";

// Parsing a search's query string, strictly: a parameter the type does not
// support, a modifier, a malformed date or reference is refused (400) rather
// than ignored, so a client never mistakes a wider result for the one it asked
// for. What the database narrows (patient, _id) comes out apart; everything
// else is matched against each resource by @medplum/core's matcher.

export type SearchParamType = "token" | "reference" | "date" | "string";

/** A type's supported search parameters: name → FHIR search parameter type. */
export type SearchParamSpec = Readonly<Record<string, SearchParamType>>;

/** Every type supports these. */
export const COMMON_PARAMS: SearchParamSpec = { _id: "token", _lastUpdated: "date" };

/** Control parameters: page size, the page token, included resources. */
const CONTROL_PARAMS = new Set(["_count", "_page", "_include"]);

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface ParsedSearch {
  /** Patients named by `patient`, `subject` (a Patient reference) or, for Patient, `_id`. */
  patientIds: string[] | null;
  /** Resources named by `_id`. */
  ids: string[] | null;
  /** The rest, for the matcher. */
  filters: SearchRequest;
  count: number;
  /** The opaque page token of a `next` or `previous` link. */
  page: string | null;
  include: string[];
  /** The query as given (without paging), for building links. */
  query: URLSearchParams;
}

const DATE_VALUE = /^(eq|gt|lt|ge|le)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const TOKEN_VALUE = /^[^|\s]{0,400}(\|[^|\s]{1,200})?$|^\|[^|\s]{1,200}$/;

export function parseSearch(resourceType: string, query: URLSearchParams, supported: SearchParamSpec, options: { patientParams: readonly string[] }): ParsedSearch {
  const allowed: SearchParamSpec = { ...COMMON_PARAMS, ...supported };
  const forMatcher = new URLSearchParams();
  let patientIds: string[] | null = null;
  let ids: string[] | null = null;
  let count = DEFAULT_PAGE_SIZE;
  let page: string | null = null;
  const include: string[] = [];
  const kept = new URLSearchParams();

  for (const [key, value] of query) {
    if (key === "_page") {
      page = value;
      continue;
    }
    kept.append(key, value);
    if (CONTROL_PARAMS.has(key)) {
      if (key === "_count") count = parseCount(value);
      if (key === "_include") include.push(parseInclude(resourceType, value));
      continue;
    }
    if (key.includes(":")) throw fhirRefusal.notSupported(`Search parameter modifiers are not supported: "${key}".`);
    const type = allowed[key];
    if (!type) throw fhirRefusal.notSupported(`${resourceType} does not support the search parameter "${key}". Supported: ${Object.keys(allowed).sort().join(", ")}.`);
    const values = value.split(",");
    if (values.some((one) => one === "")) throw fhirRefusal.invalid(`The parameter "${key}" has an empty value.`);
    for (const one of values) checkValue(key, type, one);

    if (options.patientParams.includes(key)) {
      patientIds = intersect(patientIds, values.map((one) => one.replace(/^Patient\//, "")));
      continue;
    }
    if (key === "_id") {
      ids = intersect(ids, values);
      if (resourceType === "Patient") patientIds = intersect(patientIds, values);
      continue;
    }
    forMatcher.append(key, value);
  }
  return { patientIds, ids, filters: parseSearchRequest(`${resourceType}?${forMatcher}`), count, page, include, query: kept };
}

function checkValue(key: string, type: SearchParamType, value: string): void {
  if (value.length > 600) throw fhirRefusal.invalid(`The value of "${key}" is too long.`);
  switch (type) {
    case "date":
      if (!isValidDateValue(value)) throw fhirRefusal.invalid(`"${value}" is not a date "${key}" accepts (YYYY, YYYY-MM, YYYY-MM-DD or an instant, with an optional prefix eq, gt, lt, ge or le).`);
      return;
    case "reference": {
      const id = value.includes("/") ? value.split("/").pop()! : value;
      if (!FHIR_ID.test(id) || value.split("/").length > 2) throw fhirRefusal.invalid(`"${value}" is not a reference "${key}" accepts (Type/id or id).`);
      return;
    }
    case "token":
      if (!TOKEN_VALUE.test(value)) throw fhirRefusal.invalid(`"${value}" is not a token "${key}" accepts ([system|]code).`);
      if (key === "_id" && !FHIR_ID.test(value)) throw fhirRefusal.invalid(`"${value}" is not a FHIR id.`);
      return;
    case "string":
      return;
  }
}

/** A date search value whose date exists (no 31 February, no hour 25). */
export function isValidDateValue(value: string): boolean {
  const match = DATE_VALUE.exec(value);
  if (!match) return false;
  const [, , year, month = "01", day = "01", hour = "00", minute = "00", second = "00"] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hour) &&
    date.getUTCMinutes() === Number(minute) &&
    date.getUTCSeconds() === Number(second)
  );
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > MAX_PAGE_SIZE) throw fhirRefusal.invalid(`_count must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  return count;
}

const SUPPORTED_INCLUDES = new Set(["DiagnosticReport:result"]);

function parseInclude(resourceType: string, value: string): string {
  if (!SUPPORTED_INCLUDES.has(value) || !value.startsWith(`${resourceType}:`)) {
    throw fhirRefusal.notSupported(`_include=${value} is not supported on ${resourceType}; supported: ${[...SUPPORTED_INCLUDES].join(", ")}.`);
  }
  return value;
}

/** Values named twice (patient=a&subject=b) must all hold: the intersection. */
function intersect(current: string[] | null, values: string[]): string[] {
  return current === null ? values : current.filter((one) => values.includes(one));
}
