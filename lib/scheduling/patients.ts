import "server-only";
import { z } from "zod";
import { authorize, authorizeEach, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Prisma } from "@/lib/db/generated/client";
import { AdministrativeSex } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { US_STATE_CODES } from "@/lib/geography/us-states";
import { noControlCharacters } from "./validation";
import { isIsoDate, isValidTimeZone } from "./zoned-time";

// Finding and registering patients at the scheduling desk. Both start with one
// clinic-wide check that only schedulers pass, then record an audit event for
// every patient whose details are shown, so the trail says who saw whom.

export const MAX_PATIENT_RESULTS = 20;
/** pg_advisory_xact_lock key that serializes MRN assignment ("MRN" in ASCII). */
const MRN_LOCK_KEY = 0x4d524e;
const MRN_PREFIX = "MRN-";

export interface PatientSummary {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: AdministrativeSex;
  email: string | null;
  phone: string | null;
  timeZone: string;
  /** USPS code of the state the patient usually is in, when known: booking shows the physicians' licensure against it. */
  usualState: string | null;
}

export type CreatePatientResult = { created: PatientSummary } | { duplicates: PatientSummary[] };

const searchInput = z.object({
  query: z.string().trim().min(2, "Type at least two characters.").max(100).refine(noControlCharacters, "Remove control characters."),
});

const personName = z.string().trim().min(1).max(100).refine(noControlCharacters, "Remove control characters.");

const usualState = z.enum(US_STATE_CODES, "Choose a state or territory from the list.");

const patientInput = z.object({
  givenName: personName,
  familyName: personName,
  dateOfBirth: z
    .string()
    .refine(isIsoDate, "Use a YYYY-MM-DD date.")
    .refine((date) => date >= "1900-01-01" && date <= new Date().toISOString().slice(0, 10), "That date of birth is not plausible."),
  sex: z.enum(AdministrativeSex),
  email: z.email().max(254).nullish(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{7,20}$/, "Use digits, spaces, dashes and an optional leading +.")
    .nullish(),
  timeZone: z.string().refine(isValidTimeZone, "Choose a time zone from the list."),
  usualState: usualState.nullish(),
});

/** A registration as the desk sends it: the patient, and whether the person at the desk has checked the likely duplicates. */
export const patientRegistrationInput = patientInput.extend({ confirmDuplicate: z.boolean().optional() }).strict();

/** The state the patient usually is in, or null when it is not known (any more). */
export const usualStateInput = z.strictObject({ usualState: usualState.nullable() });

const summarySelect = {
  id: true,
  mrn: true,
  givenName: true,
  familyName: true,
  dateOfBirth: true,
  sex: true,
  email: true,
  phone: true,
  timeZone: true,
  usualState: true,
} as const;

/**
 * Patients whose MRN or date of birth (YYYY-MM-DD) is the query, or whose
 * given or family name starts with each of its words; at most 20.
 */
export async function searchPatients(db: Database, context: RequestContext, input: { query: string }): Promise<PatientSummary[]> {
  const { query } = searchInput.parse(input);
  await authorize(db, context, "patient.demographics.read", { type: "clinic" });
  const patients = await db.patient.findMany({
    where: searchCondition(query),
    select: summarySelect,
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { id: "asc" }],
    take: MAX_PATIENT_RESULTS,
  });
  await authorizeEachPatient(db, context, patients);
  return patients.map(toSummary);
}

/**
 * Registers a patient with the next free MRN. If someone with the same date of
 * birth and a similar name, or the same email or phone, is already registered,
 * nothing is created and they are returned instead, unless confirmDuplicate says
 * the person at the desk has checked it is someone else.
 */
export async function createPatient(
  db: Database,
  context: RequestContext,
  input: z.input<typeof patientInput>,
  options: { confirmDuplicate?: boolean } = {},
): Promise<CreatePatientResult> {
  const patient = patientInput.parse(input);
  await authorize(db, context, "patient.demographics.write", { type: "clinic" });
  const result = await db.$transaction(async (tx): Promise<{ duplicates: PatientRow[] } | { created: PatientRow }> => {
    // One registration at a time: the duplicate check and the MRN both depend on
    // every patient registered before, which a concurrent registration could change.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MRN_LOCK_KEY})`;
    const duplicates = await findDuplicates(tx, patient);
    if (duplicates.length > 0 && !options.confirmDuplicate) return { duplicates };
    const created = await tx.patient.create({
      data: {
        ...patient,
        email: patient.email ?? null,
        phone: patient.phone ?? null,
        dateOfBirth: new Date(`${patient.dateOfBirth}T00:00:00.000Z`),
        mrn: await nextMrn(tx),
      },
      select: summarySelect,
    });
    return { created };
  });
  if ("duplicates" in result) {
    await authorizeEachPatient(db, context, result.duplicates);
    return { duplicates: result.duplicates.map(toSummary) };
  }
  // The new record is shown to the desk too: its first entry in the patient's access history.
  await authorize(db, context, "patient.demographics.write", { type: "patient", patientId: result.created.id });
  return { created: toSummary(result.created) };
}

/**
 * Records the state an already registered patient usually is in (booking shows
 * the physicians' licensure against it). Audited with the new value.
 */
export async function updateUsualState(
  db: Database,
  context: RequestContext,
  patientId: string,
  input: z.input<typeof usualStateInput>,
): Promise<PatientSummary> {
  const { usualState: state } = usualStateInput.parse(input);
  const exists = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!exists) return refuseMissing(db, context, "patient.demographics.write", "patient", patientId);
  await authorize(db, context, "patient.demographics.write", { type: "patient", patientId }, { detail: `usual state set to ${state ?? "not known"}` });
  return toSummary(await db.patient.update({ where: { id: patientId }, data: { usualState: state }, select: summarySelect }));
}

function searchCondition(query: string): Prisma.PatientWhereInput {
  if (isIsoDate(query)) return { dateOfBirth: new Date(`${query}T00:00:00.000Z`) };
  if (/^mrn-?\d+$/i.test(query)) return { mrn: { equals: query.replace(/^mrn-?/i, MRN_PREFIX), mode: "insensitive" } };
  const words = query.split(/[\s,]+/).filter(Boolean).slice(0, 5);
  return {
    AND: words.map((word) => ({
      OR: [{ givenName: { startsWith: word, mode: "insensitive" } }, { familyName: { startsWith: word, mode: "insensitive" } }],
    })),
  };
}

type PatientRow = Prisma.PatientGetPayload<{ select: typeof summarySelect }>;

function authorizeEachPatient(db: Database, context: RequestContext, patients: PatientRow[]): Promise<void> {
  return authorizeEach(
    db,
    context,
    "patient.demographics.read",
    patients.map((patient) => ({ type: "patient", patientId: patient.id })),
  );
}

async function findDuplicates(tx: Prisma.TransactionClient, patient: z.output<typeof patientInput>): Promise<PatientRow[]> {
  const email = patient.email ?? null;
  const phoneDigits = patient.phone ? digitsOf(patient.phone) : null;
  const candidates = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "Patient"
    WHERE "dateOfBirth" = ${patient.dateOfBirth}::date
       OR (${email}::text IS NOT NULL AND lower("email") = lower(${email}::text))
       OR (${phoneDigits}::text IS NOT NULL AND regexp_replace("phone", '[^0-9]', '', 'g') = ${phoneDigits}::text)`;
  const rows = await tx.patient.findMany({
    where: { id: { in: candidates.map((candidate) => candidate.id) } },
    select: summarySelect,
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { id: "asc" }],
  });
  return rows
    .filter(
      (row) =>
        (toSummary(row).dateOfBirth === patient.dateOfBirth && similarNames(row, patient)) ||
        (email !== null && row.email?.toLowerCase() === email.toLowerCase()) ||
        (phoneDigits !== null && row.phone !== null && digitsOf(row.phone) === phoneDigits),
    )
    .slice(0, MAX_PATIENT_RESULTS);
}

async function nextMrn(tx: Prisma.TransactionClient): Promise<string> {
  const [row] = await tx.$queryRaw<Array<{ next: bigint }>>`
    SELECT COALESCE(MAX(substring("mrn" FROM 5)::bigint), 0) + 1 AS "next"
    FROM "Patient" WHERE "mrn" ~ '^MRN-[0-9]{1,15}$'`;
  return `${MRN_PREFIX}${String(row?.next ?? 1).padStart(6, "0")}`;
}

/** Same family name give or take one typo and the same initial, or the two names swapped. */
function similarNames(a: { givenName: string; familyName: string }, b: { givenName: string; familyName: string }): boolean {
  const [givenA, familyA, givenB, familyB] = [a.givenName, a.familyName, b.givenName, b.familyName].map(normalizeName);
  if (givenA === familyB && familyA === givenB) return true;
  return editDistance(familyA!, familyB!) <= 1 && givenA!.charAt(0) === givenB!.charAt(0);
}

function normalizeName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}]/gu, "");
}

function digitsOf(phone: string): string {
  return phone.replace(/\D/g, "");
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function toSummary(patient: PatientRow): PatientSummary {
  return { ...patient, dateOfBirth: patient.dateOfBirth.toISOString().slice(0, 10) };
}
