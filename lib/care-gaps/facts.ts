import "server-only";
import type { Database } from "@/lib/db/prisma";
import type { AdministrativeSex, ScreeningKind } from "@/lib/db/generated/enums";
import { instantFromJson, isoDate } from "@/lib/chart/shaping";
import { careGaps, type BloodPressureReading, type CareGap, type CareGapFacts } from "./rules";

// What the care-gap rules read about a patient, from the chart: the active
// problems, the newest HbA1c, the newest blood pressure taken by the clinic
// and the newest the patient measured at home and reported at check-in, the
// newest screening of each kind, and the smoking history. Callers authorize.

const HBA1C_LOINC = "4548-4";
const SYSTOLIC_LOINC = "8480-6";
const DIASTOLIC_LOINC = "8462-4";

interface FactsRow {
  patient: { dateOfBirth: string; sex: AdministrativeSex; packYears: number | null } | null;
  problemCodes: string[];
  hba1c: { value: number; at: string } | null;
  screenings: Array<{ kind: ScreeningKind; performedOn: string }>;
  clinicBloodPressure: { systolic: number; diastolic: number; at: string } | null;
  homeBloodPressure: { systolic: number; diastolic: number; at: string } | null;
}

function bloodPressure(reading: FactsRow["clinicBloodPressure"]): BloodPressureReading | null {
  return reading ? { systolic: reading.systolic, diastolic: reading.diastolic, at: instantFromJson(reading.at).toISOString() } : null;
}

// One statement, each fact a subquery on its patient index: it runs beside
// the chart summary's own statement on every chart open, so it costs one
// round trip, not six.
export async function loadCareGapFacts(db: Database, patientId: string, now: Date): Promise<CareGapFacts | null> {
  const [row] = await db.$queryRaw<FactsRow[]>`
    SELECT
      (SELECT json_build_object('dateOfBirth', p."dateOfBirth", 'sex', p.sex, 'packYears', p."packYears")
         FROM "Patient" p WHERE p.id = ${patientId}) AS patient,
      ARRAY(SELECT "icd10Code" FROM "Problem" WHERE "patientId" = ${patientId} AND status = 'ACTIVE') AS "problemCodes",
      (SELECT json_build_object('value', "valueNumeric", 'at', "effectiveAt")
         FROM "LabResult"
         WHERE "patientId" = ${patientId} AND "loincCode" = ${HBA1C_LOINC} AND "valueNumeric" IS NOT NULL
         ORDER BY "effectiveAt" DESC
         LIMIT 1) AS hba1c,
      COALESCE((SELECT json_agg(json_build_object('kind', kind, 'performedOn', "performedOn")) FROM (
         SELECT DISTINCT ON (kind) kind, "performedOn"
         FROM "ScreeningRecord" WHERE "patientId" = ${patientId}
         ORDER BY kind, "performedOn" DESC
       ) newest), '[]'::json) AS screenings,
      (SELECT json_build_object('systolic', s."valueNumeric", 'diastolic', d."valueNumeric", 'at', s."effectiveAt")
         FROM "LabResult" s
         JOIN "LabResult" d ON d."patientId" = s."patientId" AND d."loincCode" = ${DIASTOLIC_LOINC} AND d."effectiveAt" = s."effectiveAt"
         WHERE s."patientId" = ${patientId} AND s."loincCode" = ${SYSTOLIC_LOINC}
           AND s."valueNumeric" IS NOT NULL AND d."valueNumeric" IS NOT NULL
         ORDER BY s."effectiveAt" DESC
         LIMIT 1) AS "clinicBloodPressure",
      -- The newest blood-pressure answer of a completed check-in (the questionnaire's bloodPressure kind: {systolic, diastolic}).
      (SELECT json_build_object('systolic', (a.value->>'systolic')::int, 'diastolic', (a.value->>'diastolic')::int, 'at', c."intakeCompletedAt")
         FROM "VisitCheckIn" c
         CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(c."intakeAnswers") = 'object' THEN c."intakeAnswers" ELSE '{}'::jsonb END) a
         WHERE c."patientId" = ${patientId} AND c."intakeCompletedAt" IS NOT NULL
           AND jsonb_typeof(a.value) = 'object' AND a.value ? 'systolic' AND a.value ? 'diastolic'
         ORDER BY c."intakeCompletedAt" DESC
         LIMIT 1) AS "homeBloodPressure"`;
  if (!row?.patient) return null;
  const { patient } = row;
  return {
    // Calendar days in UTC: a screening's interval is years long, a few hours either way change nothing a physician would act on.
    today: isoDate(now),
    dateOfBirth: isoDate(patient.dateOfBirth),
    sex: patient.sex,
    packYears: patient.packYears,
    problemCodes: row.problemCodes,
    latestHbA1c: row.hba1c ? { value: row.hba1c.value, on: isoDate(instantFromJson(row.hba1c.at)) } : null,
    clinicBloodPressure: bloodPressure(row.clinicBloodPressure),
    homeBloodPressure: bloodPressure(row.homeBloodPressure),
    screenings: row.screenings.map((screening) => ({ kind: screening.kind, performedOn: isoDate(screening.performedOn) })),
  };
}

/** The patient's open care gaps on `now` (none for an unknown patient). The caller has authorized reading the chart. */
export async function openCareGaps(db: Database, patientId: string, now: Date): Promise<CareGap[]> {
  const facts = await loadCareGapFacts(db, patientId, now);
  return facts ? careGaps(facts) : [];
}
