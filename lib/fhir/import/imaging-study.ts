import { isDicomUid } from "@/lib/imaging/uids";
import type { FhirIssue } from "../errors";
import type { FhirJson, ImportEntry } from "./input";

// An outside ImagingStudy is kept only when its images can be read from a
// DICOMweb (WADO-RS) endpoint the clinic trusts: the endpoint's address must be
// one of IMAGING_IMPORT_ENDPOINTS, since the server fetches from it on every
// opening. The study is listed in the chart from what the record says; the
// images stay at the source.

export interface ImportedImagingStudyFields {
  studyInstanceUid: string;
  description: string | null;
  modality: string | null;
  startedAt: Date | null;
  endpointBase: string;
}

type Coding = { code?: string; display?: string };

/** The Endpoint a reference names: contained ("#id"), or another entry of the import (by fullUrl or Endpoint/id). */
function endpointOf(resource: FhirJson, reference: string, entries: readonly ImportEntry[]): FhirJson | undefined {
  if (reference.startsWith("#")) return ((resource.contained as FhirJson[] | undefined) ?? []).find((one) => one.resourceType === "Endpoint" && one.id === reference.slice(1));
  return entries.find((entry) => entry.resource.resourceType === "Endpoint" && (entry.fullUrl === reference || `Endpoint/${entry.resource.id}` === reference.replace(/^.*\/(Endpoint\/[^/]+)$/, "$1")))?.resource;
}

/**
 * What the chart lists of an outside ImagingStudy, or why it cannot be kept:
 * no DICOM study UID, no WADO-RS endpoint, or an endpoint not on the allow-list.
 */
export function importedImagingStudy(entry: ImportEntry, entries: readonly ImportEntry[], allowed: readonly string[]): { fields: ImportedImagingStudyFields } | { issue: FhirIssue } {
  const { resource, path } = entry;
  const refuse = (diagnostics: string, where: string): { issue: FhirIssue } => ({ issue: { code: "invalid", diagnostics, expression: [`${path}.${where}`] } });
  const uid = ((resource.identifier as { value?: string }[] | undefined) ?? [])
    .map((identifier) => identifier.value?.replace(/^urn:oid:/, ""))
    .find((value): value is string => value !== undefined && isDicomUid(value));
  if (!uid) return refuse("An imaging study needs its DICOM Study Instance UID as an identifier (urn:oid:…).", "identifier");
  const endpoints = ((resource.endpoint as { reference?: string }[] | undefined) ?? [])
    .map((holder) => (holder.reference ? endpointOf(resource, holder.reference, entries) : undefined))
    .filter((endpoint) => (endpoint?.connectionType as Coding | undefined)?.code === "dicom-wado-rs");
  if (endpoints.length === 0) return refuse("An imaging study needs a DICOMweb endpoint (an Endpoint with connectionType dicom-wado-rs) to read its images from.", "endpoint");
  const bases = endpoints.map((endpoint) => String(endpoint!.address ?? "").replace(/\/+$/, ""));
  const base = bases.find((address) => allowed.includes(address));
  if (!base) {
    const why = allowed.length === 0 ? "this clinic accepts imaging from no outside endpoint (IMAGING_IMPORT_ENDPOINTS is empty)" : "it is not one of the endpoints this clinic accepts imaging from (IMAGING_IMPORT_ENDPOINTS)";
    return refuse(`Not imported: the imaging study's endpoint ${bases[0]!.slice(0, 200)} is refused: ${why}.`, "endpoint");
  }
  const modalities = (resource.modality as Coding[] | undefined) ?? [];
  const seriesModalities = ((resource.series as { modality?: Coding }[] | undefined) ?? []).map((series) => series.modality ?? {});
  const started = typeof resource.started === "string" ? new Date(resource.started.length === 10 ? `${resource.started}T00:00:00Z` : resource.started) : null;
  return {
    fields: {
      studyInstanceUid: uid,
      description: typeof resource.description === "string" ? resource.description.slice(0, 500) : null,
      modality: [...modalities, ...seriesModalities].find((coding) => coding.code)?.code?.slice(0, 16) ?? null,
      startedAt: started && !Number.isNaN(started.getTime()) ? started : null,
      endpointBase: base,
    },
  };
}
