import "server-only";
import type { Bundle, BundleEntry, BundleLink } from "@medplum/fhirtypes";
import { z } from "zod";
import { AccessDeniedError, authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { entry } from "../api";
import { authorizeCandidates, authorizePatients } from "../access";
import { fhirRefusal } from "../errors";
import { FHIR_TYPES } from "../registry";
import { collectPage, type Candidate } from "../search/pager";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../search/params";
import { CLINIC_ORGANIZATION_ID, FHIR_ID, type ServedType } from "../systems";
import { EXPORTED_TYPES, streamType } from "./stream";

// A patient's whole record: Patient/[id]/$everything (a searchset, paged, each
// type read as the caller may read it), and the record download of the
// patient portal and the admin area (one Bundle, one audited export).

/** The patient's own record types, then the directory entries they refer to. */
const PATIENT_TYPES = EXPORTED_TYPES.filter((type) => FHIR_TYPES[type].compartment === "patient");
const EVERYTHING_PARTS: readonly (ServedType | "referenced")[] = [...PATIENT_TYPES, "referenced"];

function encodeToken(part: number, inner: string | null): string {
  return Buffer.from(JSON.stringify([part, inner])).toString("base64url");
}

function decodeToken(value: string): { part: number; inner: string | null } {
  try {
    const [part, inner] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof part === "number" && Number.isInteger(part) && part >= 0 && part < EVERYTHING_PARTS.length && (inner === null || typeof inner === "string")) return { part, inner };
  } catch {
    // refused below
  }
  throw fhirRefusal.invalid("The page token is not valid; follow the next link as given.");
}

const everythingQuery = z.strictObject({
  _count: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  _page: z.string().max(2000).optional(),
});

/** Practitioners and Organizations the patient's record refers to: their physicians, the clinic, the sources of their outside records. */
async function referencedDirectory(db: Database, patientId: string): Promise<Candidate[]> {
  const [physicians, organizations] = await Promise.all([
    db.physician.findMany({ where: { OR: [{ appointments: { some: { patientId } } }, { prescriptions: { some: { patientId } } }] }, select: { id: true } }),
    db.organization.findMany({ where: { importedResources: { some: { patientId } } }, select: { id: true } }),
  ]);
  const found: Candidate[] = [];
  for (const [type, ids] of [
    ["Practitioner", physicians.map((physician) => physician.id)],
    ["Organization", [CLINIC_ORGANIZATION_ID, ...organizations.map((organization) => organization.id)]],
  ] as const) {
    for (const source of FHIR_TYPES[type].sources) {
      found.push(...(await source.scan(db, { ids: [...ids], patientIds: null, filters: { resourceType: type } }, { from: null, descending: false, limit: ids.length })));
    }
  }
  return found;
}

/** Patient/[id]/$everything: one page of the patient's record, each type authorized as its own reads are; types the caller may not read are left out (and the refusal audited). */
export async function patientEverything(db: Database, context: RequestContext, patientId: string, query: URLSearchParams, options: { baseUrl: string }): Promise<Bundle> {
  if (!FHIR_ID.test(patientId)) throw fhirRefusal.invalid("That is not a FHIR id.");
  const parsed = everythingQuery.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw fhirRefusal.invalid(`$everything takes _count (1–${MAX_PAGE_SIZE}) and the _page of a next link, nothing else.`);
  const { _count: count, _page: page } = parsed.data;
  await authorizePatients(db, context, FHIR_TYPES.Patient, [patientId]);
  if (!(await db.patient.findUnique({ where: { id: patientId }, select: { id: true } }))) throw fhirRefusal.notFound(`Patient/${patientId} is not known here.`);

  let { part, inner } = page ? decodeToken(page) : { part: 0, inner: null as string | null };
  const entries: BundleEntry[] = [];
  let next: string | null = null;
  while (part < EVERYTHING_PARTS.length && entries.length < count) {
    const name = EVERYTHING_PARTS[part]!;
    if (name === "referenced") {
      // A short list: paged by position.
      if (inner !== null && !/^\d{1,6}$/.test(inner)) throw fhirRefusal.invalid("The page token is not valid; follow the next link as given.");
      const start = Number(inner ?? 0);
      const room = count - entries.length;
      const referenced = await referencedDirectory(db, patientId);
      const slice = referenced.slice(start, start + room);
      await authorizeCandidates(db, context, FHIR_TYPES.Practitioner, slice);
      entries.push(...slice.map((candidate) => entry(options.baseUrl, candidate.resource, "include")));
      if (start + room < referenced.length) next = encodeToken(part, String(start + room));
      part += 1;
      break;
    }
    const fhirType = FHIR_TYPES[name];
    if (!(await mayRead(db, context, name, patientId))) {
      part += 1;
      inner = null;
      continue;
    }
    const found = await collectPage(db, fhirType.sources, { patientIds: [patientId], ids: null, filters: { resourceType: name } }, count - entries.length, inner);
    entries.push(...found.items.map((candidate) => entry(options.baseUrl, candidate.resource, "match")));
    if (found.next) {
      next = encodeToken(part, found.next);
      break;
    }
    part += 1;
    inner = null;
  }
  if (next === null && part < EVERYTHING_PARTS.length) next = encodeToken(part, null);
  const self = `${options.baseUrl}/Patient/${patientId}/$everything`;
  const link: BundleLink[] = [
    { relation: "self", url: page ? `${self}?_count=${count}&_page=${page}` : `${self}?_count=${count}` },
    ...(next ? [{ relation: "next", url: `${self}?_count=${count}&_page=${next}` }] : []),
  ];
  return { resourceType: "Bundle", type: "searchset", link, entry: entries };
}

/** Whether the caller may read this type of the patient's record; a refusal is audited, and leaves the type out. */
async function mayRead(db: Database, context: RequestContext, type: ServedType, patientId: string): Promise<boolean> {
  if (type === "Patient") return true;
  try {
    await authorizePatients(db, context, FHIR_TYPES[type], [patientId]);
    return true;
  } catch (error) {
    if (error instanceof AccessDeniedError) return false;
    throw error;
  }
}

export const recordDownloadInput = z.union([z.strictObject({ patientId: z.string().regex(FHIR_ID) }), z.strictObject({ mrn: z.string().trim().min(1).max(64) })]);

/**
 * The patient's whole record as one Bundle (type collection) for download:
 * one audited "record export" (the patient's own, or an administrator's on a
 * records request), with every record type in it.
 */
export async function downloadPatientRecord(db: Database, context: RequestContext, input: unknown, options: { baseUrl: string }): Promise<{ bundle: Bundle; mrn: string }> {
  const which = recordDownloadInput.parse(input);
  const patient = await db.patient.findUnique({ where: "mrn" in which ? { mrn: which.mrn } : { id: which.patientId }, select: { id: true, mrn: true } });
  if (!patient) return refuseMissing(db, context, "patient.record.export", "patient", "mrn" in which ? which.mrn : which.patientId);
  await authorize(db, context, "patient.record.export", { type: "patient", patientId: patient.id });
  const entries: BundleEntry[] = [];
  for (const type of PATIENT_TYPES) {
    for await (const batch of streamType(db, type, { patientIds: [patient.id] })) entries.push(...batch.map((candidate) => entry(options.baseUrl, candidate.resource)));
  }
  entries.push(...(await referencedDirectory(db, patient.id)).map((candidate) => entry(options.baseUrl, candidate.resource)));
  return { bundle: { resourceType: "Bundle", type: "collection", timestamp: new Date().toISOString(), entry: entries }, mrn: patient.mrn };
}
