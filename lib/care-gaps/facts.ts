import "server-only";
import type { Database } from "@/lib/db/prisma";
import { isoDate } from "@/lib/chart/shaping";
import { careGaps, type BloodPressureReading, type CareGap, type CareGapFacts } from "./rules";

// What the care-gap rules read about a patient, from the chart: the active
// problems, the newest HbA1c, the newest blood pressure taken by the clinic
// and the newest the patient measured at home and reported at check-in, the
// newest screening of each kind, and the smoking history. Callers authorize.

const HBA1C_LOINC = "4548-4";
const SYSTOLIC_LOINC = "8480-6";
const DIASTOLIC_LOINC = "8462-4";

async function clinicBloodPressure(db: Database, patientId: string): Promise<BloodPressureReading | null> {
  const [reading] = await db.$queryRaw<Array<{ systolic: number; diastolic: number; at: Date }>>`
    SELECT s."valueNumeric" AS systolic, d."valueNumeric" AS diastolic, s."effectiveAt" AS at
    FROM "LabResult" s
    JOIN "LabResult" d ON d."patientId" = s."patientId" AND d."loincCode" = ${DIASTOLIC_LOINC} AND d."effectiveAt" = s."effectiveAt"
    WHERE s."patientId" = ${patientId} AND s."loincCode" = ${SYSTOLIC_LOINC}
      AND s."valueNumeric" IS NOT NULL AND d."valueNumeric" IS NOT NULL
    ORDER BY s."effectiveAt" DESC
    LIMIT 1`;
  return reading ? { systolic: reading.systolic, diastolic: reading.diastolic, at: reading.at.toISOString() } : null;
}

/** The newest blood-pressure answer of a completed check-in (the questionnaire's bloodPressure kind: {systolic, diastolic}). */
async function homeBloodPressure(db: Database, patientId: string): Promise<BloodPressureReading | null> {
  const [reading] = await db.$queryRaw<Array<{ systolic: number; diastolic: number; at: Date }>>`
    SELECT (a.value->>'systolic')::int AS systolic, (a.value->>'diastolic')::int AS diastolic, c."intakeCompletedAt" AS at
    FROM "VisitCheckIn" c
    CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(c."intakeAnswers") = 'object' THEN c."intakeAnswers" ELSE '{}'::jsonb END) a
    WHERE c."patientId" = ${patientId} AND c."intakeCompletedAt" IS NOT NULL
      AND jsonb_typeof(a.value) = 'object' AND a.value ? 'systolic' AND a.value ? 'diastolic'
    ORDER BY c."intakeCompletedAt" DESC
    LIMIT 1`;
  return reading ? { systolic: reading.systolic, diastolic: reading.diastolic, at: reading.at.toISOString() } : null;
}

export async function loadCareGapFacts(db: Database, patientId: string, now: Date): Promise<CareGapFacts | null> {
  const [patient, problems, hba1c, screenings, clinic, home] = await Promise.all([
    db.patient.findUnique({ where: { id: patientId }, select: { dateOfBirth: true, sex: true, packYears: true } }),
    db.problem.findMany({ where: { patientId, status: "ACTIVE" }, select: { icd10Code: true } }),
    db.labResult.findFirst({
      where: { patientId, loincCode: HBA1C_LOINC, valueNumeric: { not: null } },
      orderBy: { effectiveAt: "desc" },
      select: { valueNumeric: true, effectiveAt: true },
    }),
    db.screeningRecord.findMany({ where: { patientId }, distinct: ["kind"], orderBy: [{ kind: "asc" }, { performedOn: "desc" }], select: { kind: true, performedOn: true } }),
    clinicBloodPressure(db, patientId),
    homeBloodPressure(db, patientId),
  ]);
  if (!patient) return null;
  return {
    // Calendar days in UTC: a screening's interval is years long, a few hours either way change nothing a physician would act on.
    today: isoDate(now),
    dateOfBirth: isoDate(patient.dateOfBirth),
    sex: patient.sex,
    packYears: patient.packYears,
    problemCodes: problems.map((problem) => problem.icd10Code),
    latestHbA1c: hba1c?.valueNumeric != null ? { value: hba1c.valueNumeric, on: isoDate(hba1c.effectiveAt) } : null,
    clinicBloodPressure: clinic,
    homeBloodPressure: home,
    screenings: screenings.map((screening) => ({ kind: screening.kind, performedOn: isoDate(screening.performedOn) })),
  };
}

/** The patient's open care gaps on `now` (none for an unknown patient). The caller has authorized reading the chart. */
export async function openCareGaps(db: Database, patientId: string, now: Date): Promise<CareGap[]> {
  const facts = await loadCareGapFacts(db, patientId, now);
  return facts ? careGaps(facts) : [];
}
