import "server-only";
import type { Bundle, BundleEntry, BundleLink } from "@medplum/fhirtypes";
import { z } from "zod";
import { authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { entry } from "../api";
import { authorizeCandidates, authorizePatients, readableTypes } from "../access";
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

  const start = page ? decodeToken(page) : { part: 0, inner: null as string | null };
  const { entries, next } = await everythingPage(db, context, patientId, start, count, options.baseUrl);
  const self = `${options.baseUrl}/Patient/${patientId}/$everything`;
  const link: BundleLink[] = [
    { relation: "self", url: page ? `${self}?_count=${count}&_page=${page}` : `${self}?_count=${count}` },
    ...(next ? [{ relation: "next", url: `${self}?_count=${count}&_page=${next}` }] : []),
  ];
  return { resourceType: "Bundle", type: "searchset", link, entry: entries };
}

/** How many of the page's reads run at once: a few of the app's ten database connections, not all. */
const READS_AT_ONCE = 4;

/** Runs `task` over the items, at most `limit` at a time, keeping the items' order in the results. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The entries of one page from the part (and position in it) the token names.
 * The record's types after that point are independent reads, so they are
 * authorized together (each as its own reads are, audited; their events go in
 * one INSERT) and read a few at a time, each as far as the page has room; the page
 * then takes them in order. A type that would overflow the page is read again
 * up to the room actually left, which names where the next page goes on. When
 * the page fills before the end of the record, the types after it were
 * authorized and read on this page too (their events say so) and are read
 * again on the next.
 */
async function everythingPage(
  db: Database,
  context: RequestContext,
  patientId: string,
  start: { part: number; inner: string | null },
  count: number,
  baseUrl: string,
): Promise<{ entries: BundleEntry[]; next: string | null }> {
  const referencedPart = EVERYTHING_PARTS.length - 1;
  const recordParts = Array.from({ length: Math.max(0, referencedPart - start.part) }, (_, index) => start.part + index);
  const innerOf = (part: number) => (part === start.part ? start.inner : null);
  const scope = (name: ServedType) => ({ patientIds: [patientId], ids: null, filters: { resourceType: name } });
  const readPart = (part: number, room: number) => {
    const name = EVERYTHING_PARTS[part] as ServedType;
    return collectPage(db, FHIR_TYPES[name].sources, scope(name), room, innerOf(part));
  };
  // The Patient resource itself was authorized before the page began.
  const authorized = recordParts.filter((part) => EVERYTHING_PARTS[part] !== "Patient");
  const [readable, referenced] = await Promise.all([
    readableTypes(db, context, authorized.map((part) => FHIR_TYPES[EVERYTHING_PARTS[part] as ServedType]), patientId),
    referencedDirectory(db, patientId),
  ]);
  const allowed = recordParts.filter((part) => EVERYTHING_PARTS[part] === "Patient" || readable[authorized.indexOf(part)]);
  const pages = await mapConcurrently(allowed, READS_AT_ONCE, (part) => readPart(part, count));

  const entries: BundleEntry[] = [];
  for (const [index, part] of allowed.entries()) {
    const room = count - entries.length;
    let found = pages[index]!;
    if (found.items.length > room) found = await readPart(part, room);
    entries.push(...found.items.map((candidate) => entry(baseUrl, candidate.resource, "match")));
    if (found.next) return { entries, next: encodeToken(part, found.next) };
    if (entries.length === count) return { entries, next: part + 1 < EVERYTHING_PARTS.length ? encodeToken(part + 1, null) : null };
  }

  // The directory entries the record refers to: a short list, paged by position.
  const inner = start.part === referencedPart ? start.inner : null;
  if (inner !== null && !/^\d{1,6}$/.test(inner)) throw fhirRefusal.invalid("The page token is not valid; follow the next link as given.");
  const from = Number(inner ?? 0);
  const room = count - entries.length;
  const slice = referenced.slice(from, from + room);
  await authorizeCandidates(db, context, FHIR_TYPES.Practitioner, slice);
  entries.push(...slice.map((candidate) => entry(baseUrl, candidate.resource, "include")));
  return { entries, next: from + room < referenced.length ? encodeToken(referencedPart, String(from + room)) : null };
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
