import "server-only";
import type { Bundle, BundleEntry, BundleLink, Resource } from "@medplum/fhirtypes";
import type { RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { authorizeCandidates, authorizePatients, patientsOfUserSearch, refuseMissingResource } from "./access";
import { loadFhirDefinitions } from "./definitions";
import { fhirRefusal } from "./errors";
import { FHIR_TYPES, type FhirType } from "./registry";
import { parseSearch } from "./search/params";
import { collectPage, type Candidate, type Scope } from "./search/pager";
import { FHIR_ID, isServedType } from "./systems";

// Read and search: the operations of the FHIR API's resource endpoints.

export function fhirTypeOf(type: string): FhirType {
  if (!isServedType(type)) throw fhirRefusal.notSupported(`The resource type "${type.slice(0, 64)}" is not served here; see /fhir/R4/metadata.`);
  return FHIR_TYPES[type];
}

function checkId(id: string): void {
  if (!FHIR_ID.test(id)) throw fhirRefusal.invalid(`"${id.slice(0, 80)}" is not a FHIR id.`);
}

const NO_FILTERS: Scope["filters"] = { resourceType: "Patient" };

/** The resource of this type and id from the first source that has it, not yet authorized. */
export async function findResource(db: Database, fhirType: FhirType, id: string): Promise<Candidate | null> {
  for (const source of fhirType.sources) {
    const [found] = await source.scan(db, { ids: [id], patientIds: null, filters: NO_FILTERS }, { from: null, descending: false, limit: 1 });
    if (found) return found;
  }
  return null;
}

/** GET [type]/[id]: one resource, its access authorized and audited. */
export async function readResource(db: Database, context: RequestContext, type: string, id: string): Promise<Resource> {
  const fhirType = fhirTypeOf(type);
  checkId(id);
  const found = await findResource(db, fhirType, id);
  if (!found) return refuseMissingResource(db, context, fhirType, id);
  await authorizeCandidates(db, context, fhirType, [found]);
  return found.resource;
}

export interface SearchOptions {
  /** The API's base address, for fullUrl and paging links: "https://clinic.example/fhir/R4". */
  baseUrl: string;
}

/** GET [type]?params: a searchset Bundle of one page, with next and previous links. */
export async function searchResources(db: Database, context: RequestContext, type: string, query: URLSearchParams, options: SearchOptions): Promise<Bundle> {
  const fhirType = fhirTypeOf(type);
  loadFhirDefinitions();
  const search = parseSearch(fhirType.type, query, fhirType.searchParams, { patientParams: fhirType.patientParams });
  const patientIds = patientsOfUserSearch(context, fhirType, search.patientIds);
  // A named patient is authorized before the search, so a refusal does not depend on what the search would find.
  if (patientIds !== null && fhirType.compartment === "patient") await authorizePatients(db, context, fhirType, patientIds);
  const authorized = new Set(fhirType.compartment === "patient" ? (patientIds ?? []) : []);
  const scope: Scope = { patientIds, ids: search.ids, filters: search.filters };
  const page = await collectPage(db, fhirType.sources, scope, search.count, search.page);
  await authorizeCandidates(db, context, fhirType, page.items, authorized);
  const included = search.include.includes("DiagnosticReport:result") ? await includedResults(db, page.items) : [];

  const link = (relation: string, token: string | null): BundleLink[] => {
    if (token === null && relation !== "self") return [];
    const params = new URLSearchParams(search.query);
    if (token !== null) params.set("_page", token);
    return [{ relation, url: `${options.baseUrl}/${fhirType.type}${params.size > 0 ? `?${params}` : ""}` }];
  };
  return {
    resourceType: "Bundle",
    type: "searchset",
    link: [...link("self", search.page), ...link("next", page.next), ...link("previous", page.previous)],
    entry: [
      ...page.items.map((item) => entry(options.baseUrl, item.resource, "match")),
      ...included.map((resource) => entry(options.baseUrl, resource, "include")),
    ],
  };
}

export function entry(baseUrl: string, resource: Resource, mode?: "match" | "include"): BundleEntry {
  return { fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, ...(mode ? { search: { mode } } : {}) };
}

/** The Observations the reports on the page reference (already authorized with their reports: the same patients). */
async function includedResults(db: Database, reports: readonly Candidate[]): Promise<Resource[]> {
  const ids = reports.flatMap((report) =>
    ((report.resource as { result?: { reference?: string }[] }).result ?? []).map((result) => result.reference?.replace(/^Observation\//, "") ?? "").filter((id) => FHIR_ID.test(id)),
  );
  if (ids.length === 0) return [];
  const observations = FHIR_TYPES.Observation;
  const found: Resource[] = [];
  for (const source of observations.sources) {
    const candidates = await source.scan(db, { ids, patientIds: [...new Set(reports.map((report) => report.patientId!))], filters: NO_FILTERS }, { from: null, descending: false, limit: ids.length });
    found.push(...candidates.map((candidate) => candidate.resource));
  }
  return found;
}
