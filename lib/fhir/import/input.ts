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

/**
 * The resources of an NDJSON file, one per line (blank lines skipped). Lines,
 * not the file's text: a clinic's export of one type is larger than a
 * JavaScript string may be (entriesOfNdjsonFile reads a file so).
 */
export async function entriesOfNdjson(lines: Iterable<string> | AsyncIterable<string>, fileName: string): Promise<ImportEntry[]> {
  const issues: { code: "invalid"; diagnostics: string; expression: string[] }[] = [];
  const result: ImportEntry[] = [];
  let index = 0;
  for await (const line of lines) {
    index += 1;
    if (line.trim() === "") continue;
    const path = `${fileName} line ${index}`;
    let resource: unknown;
    try {
      resource = JSON.parse(line);
    } catch {
      issues.push({ code: "invalid", diagnostics: "This line is not JSON.", expression: [path] });
      continue;
    }
    if (!isResource(resource)) issues.push({ code: "invalid", diagnostics: "This line is not a FHIR resource.", expression: [path] });
    else result.push({ resource, fullUrl: null, path });
  }
  if (issues.length > 0) throw new OperationOutcomeError(400, issues);
  return result;
}
