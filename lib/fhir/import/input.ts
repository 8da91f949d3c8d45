import { fhirRefusal, OperationOutcomeError } from "../errors";

// What an import is made of: the entries of a Bundle (transaction, batch or
// collection) or the lines of NDJSON files, each with the FHIR path an error
// about it names.

export interface ImportEntry {
  resource: FhirJson;
  /** The entry's fullUrl ("urn:uuid:…" in a transaction), which references may use. */
  fullUrl: string | null;
  /** Where it is, for error messages: "Bundle.entry[3].resource", "Observation.ndjson line 12". */
  path: string;
}

export type FhirJson = { resourceType: string; id?: string; [key: string]: unknown };

const IMPORTED_BUNDLE_TYPES = new Set(["transaction", "batch", "collection"]);

function isResource(value: unknown): value is FhirJson {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { resourceType?: unknown }).resourceType === "string";
}

/** The entries of a Bundle a client or a file sent; anything else is refused with what is wrong. */
export function entriesOfBundle(json: unknown): ImportEntry[] {
  if (!isResource(json)) throw fhirRefusal.invalid("Send a FHIR resource: a JSON object with a resourceType.");
  if (json.resourceType !== "Bundle") throw fhirRefusal.invalid(`Send a Bundle (transaction, batch or collection), not a ${String(json.resourceType).slice(0, 64)}.`, ["resourceType"]);
  if (!IMPORTED_BUNDLE_TYPES.has(String(json.type))) throw fhirRefusal.invalid("The Bundle's type must be transaction, batch or collection.", ["Bundle.type"]);
  const entries = json.entry ?? [];
  if (!Array.isArray(entries)) throw fhirRefusal.invalid("Bundle.entry must be a list.", ["Bundle.entry"]);
  const issues: { code: "invalid"; diagnostics: string; expression: string[] }[] = [];
  const result: ImportEntry[] = [];
  entries.forEach((entry: unknown, index) => {
    const path = `Bundle.entry[${index}]`;
    const resource = (entry as { resource?: unknown } | null)?.resource;
    if (!isResource(resource)) {
      issues.push({ code: "invalid", diagnostics: "The entry has no resource with a resourceType.", expression: [`${path}.resource`] });
      return;
    }
    const fullUrl = (entry as { fullUrl?: unknown }).fullUrl;
    result.push({ resource, fullUrl: typeof fullUrl === "string" ? fullUrl : null, path: `${path}.resource` });
  });
  if (issues.length > 0) throw new OperationOutcomeError(400, issues);
  return result;
}

/** The resources of an NDJSON file, one per line (blank lines skipped). */
export function entriesOfNdjson(text: string, fileName: string): ImportEntry[] {
  const issues: { code: "invalid"; diagnostics: string; expression: string[] }[] = [];
  const result: ImportEntry[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const path = `${fileName} line ${index + 1}`;
    let resource: unknown;
    try {
      resource = JSON.parse(line);
    } catch {
      issues.push({ code: "invalid", diagnostics: "This line is not JSON.", expression: [path] });
      return;
    }
    if (!isResource(resource)) issues.push({ code: "invalid", diagnostics: "This line is not a FHIR resource.", expression: [path] });
    else result.push({ resource, fullUrl: null, path });
  });
  if (issues.length > 0) throw new OperationOutcomeError(400, issues);
  return result;
}
