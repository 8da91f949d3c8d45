import "server-only";
import { z } from "zod";
import { ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import { openCareGaps } from "@/lib/care-gaps/facts";
import type { CareGap } from "@/lib/care-gaps/rules";
import type { AdministrativeSex, AllergySeverity, LabFlag, VitalSource } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import type { PatientSummary } from "@/lib/scheduling/patients";
import { recordIdOf } from "@/lib/http/ids";
import { authorizePatient } from "./access";
import { OUTSIDE_SOURCE, recordSource, type SourceJson } from "./outside-source";
import type { AllergyFact } from "./prescription-rules";
import { ageOn, instantFromJson, isAbnormal, isHighlightedAllergy, isoDate, sortAllergiesBySeverity } from "./shaping";
import type { RecordSource } from "./types";
import { VITAL_SIGNS } from "./vitals";

// The Summary tab: who the patient is, what they are allergic to, their active
// problems and medications, their latest vital signs and open care gaps. One SQL statement
// after the authorization check: every list is a JSON aggregate over an index
// (Allergy(patientId), Problem(patientId, status), Medication(patientId,
// status)), and each vital sign is one probe of LabResult(patientId,
// loincCode, effectiveAt) for its newest row, however long the history.

export const chartSummaryInput = z.strictObject({
  patientId: recordIdOf("patient"),
});

export type ChartSummaryInput = z.input<typeof chartSummaryInput>;

export interface ChartSummary {
  patient: {
    id: string;
    mrn: string;
    givenName: string;
    familyName: string;
    /** YYYY-MM-DD. */
    dateOfBirth: string;
    ageYears: number;
    sex: AdministrativeSex;
    email: string | null;
    phone: string | null;
    timeZone: string;
  };
  /** The most severe first; severe and life-threatening ones are `highlighted`. */
  allergies: Array<{
    id: string;
    substance: string;
    reaction: string;
    severity: AllergySeverity;
    highlighted: boolean;
    rxnormCode: string | null;
    drugClass: string | null;
    recordedAt: Date;
    source: RecordSource | null;
  }>;
  /** "No known allergies", when a physician attested it (cleared when an allergy is added). */
  noKnownAllergies: { attestedAt: Date; attestedByName: string | null } | null;
  /** Active problems, the most recent onset first; codeSystem is null for ICD-10-CM. */
  problems: Array<{ id: string; icd10Code: string; codeSystem: string | null; description: string; onsetDate: string | null; source: RecordSource | null }>;
  /** Active medications, by name. */
  medications: Array<{
    id: string;
    name: string;
    rxnormCode: string;
    dose: string;
    route: string;
    frequency: string;
    startedOn: string;
    prescriptionId: string | null;
    source: RecordSource | null;
  }>;
  /** The newest value of each vital sign the chart has, in display order. */
  vitals: Array<{
    loincCode: string;
    label: string;
    value: number | null;
    valueText: string | null;
    unit: string;
    referenceLow: number | null;
    referenceHigh: number | null;
    flag: LabFlag;
    abnormal: boolean;
    effectiveAt: Date;
    /** Where a physician said it was measured (null for the Vitals panel's other rows). */
    vitalSource: VitalSource | null;
  }>;
  /** The open care-gap recommendations (lib/care-gaps/rules.ts), each with its source and version. */
  careGaps: CareGap[];
  /** Set when the chart was opened through break-glass. */
  breakGlass: boolean;
}

interface SummaryRow {
  patient: PatientSummary | null;
  allergies: Array<AllergyFact & { recordedAt: string; source: SourceJson }>;
  noKnownAllergies: { attestedAt: string; attestedByName: string | null } | null;
  problems: Array<{ id: string; icd10Code: string; codeSystem: string | null; description: string; onsetDate: string | null; source: SourceJson }>;
  medications: Array<{
    id: string;
    prescriptionId: string | null;
    rxnormCode: string;
    name: string;
    dose: string;
    route: string;
    frequency: string;
    startedOn: string;
    source: SourceJson;
  }>;
  vitals: Array<{
    loincCode: string;
    valueNumeric: number | null;
    valueText: string | null;
    unit: string;
    referenceLow: number | null;
    referenceHigh: number | null;
    flag: LabFlag;
    effectiveAt: string;
    vitalSource: VitalSource | null;
  }>;
}

const VITAL_CODES = VITAL_SIGNS.map((vital) => vital.loincCode);
const VITAL_LABELS = new Map<string, string>(VITAL_SIGNS.map((vital) => [vital.loincCode, vital.label]));

export async function getChartSummary(
  db: Database,
  context: RequestContext,
  input: ChartSummaryInput,
  options: { now?: Date } = {},
): Promise<ChartSummary> {
  const { patientId } = chartSummaryInput.parse(input);
  const grant = await authorizePatient(db, context, "chart.read", patientId);
  const now = options.now ?? new Date();
  const [[row], careGaps] = await Promise.all([db.$queryRaw<SummaryRow[]>`
    SELECT
      (SELECT row_to_json(p) FROM (
         SELECT id, mrn, "givenName", "familyName", "dateOfBirth", sex, email, phone, "timeZone"
         FROM "Patient" WHERE id = ${patientId}
       ) p) AS patient,
      (SELECT json_build_object('attestedAt', p."noKnownAllergiesAt", 'attestedByName', u.name)
         FROM "Patient" p LEFT JOIN "User" u ON u.id = p."noKnownAllergiesById"
         WHERE p.id = ${patientId} AND p."noKnownAllergiesAt" IS NOT NULL) AS "noKnownAllergies",
      COALESCE((SELECT json_agg(a) FROM (
         SELECT id, substance, "rxnormCode", "drugClass", reaction, severity, "recordedAt", ${OUTSIDE_SOURCE} AS source
         FROM "Allergy" x WHERE "patientId" = ${patientId} AND "resolvedAt" IS NULL
       ) a), '[]'::json) AS allergies,
      COALESCE((SELECT json_agg(pr ORDER BY pr."onsetDate" DESC NULLS LAST, pr.description) FROM (
         SELECT id, "icd10Code", "codeSystem", description, "onsetDate", ${OUTSIDE_SOURCE} AS source
         FROM "Problem" x WHERE "patientId" = ${patientId} AND status = 'ACTIVE'
       ) pr), '[]'::json) AS problems,
      COALESCE((SELECT json_agg(m ORDER BY m.name, m.id) FROM (
         SELECT id, "prescriptionId", "rxnormCode", name, dose, route, frequency, "startedOn", ${OUTSIDE_SOURCE} AS source
         FROM "Medication" x WHERE "patientId" = ${patientId} AND status = 'ACTIVE'
       ) m), '[]'::json) AS medications,
      COALESCE((SELECT json_agg(v ORDER BY c.ord)
         FROM unnest(${VITAL_CODES}::text[]) WITH ORDINALITY AS c(code, ord)
         CROSS JOIN LATERAL (
           SELECT "loincCode", "valueNumeric", "valueText", unit, "referenceLow", "referenceHigh", flag, "effectiveAt", "vitalSource"
           FROM "LabResult"
           WHERE "patientId" = ${patientId} AND "loincCode" = c.code
           ORDER BY "effectiveAt" DESC
           LIMIT 1
         ) v), '[]'::json) AS vitals
  `, openCareGaps(db, patientId, now)]);
  if (!row?.patient) throw new ResourceNotFoundError(`No patient ${patientId}`);
  const dateOfBirth = isoDate(row.patient.dateOfBirth);
  return {
    patient: { ...row.patient, dateOfBirth, ageYears: ageOn(dateOfBirth, now) },
    allergies: sortAllergiesBySeverity(row.allergies).map((allergy) => ({
      id: allergy.id,
      substance: allergy.substance,
      reaction: allergy.reaction,
      severity: allergy.severity,
      highlighted: isHighlightedAllergy(allergy.severity),
      rxnormCode: allergy.rxnormCode,
      drugClass: allergy.drugClass,
      recordedAt: instantFromJson(allergy.recordedAt),
      source: recordSource(allergy.source),
    })),
    noKnownAllergies: row.noKnownAllergies
      ? { attestedAt: instantFromJson(row.noKnownAllergies.attestedAt), attestedByName: row.noKnownAllergies.attestedByName }
      : null,
    problems: row.problems.map((problem) => ({ ...problem, onsetDate: isoDate(problem.onsetDate), source: recordSource(problem.source) })),
    medications: row.medications.map((medication) => ({
      id: medication.id,
      name: medication.name,
      rxnormCode: medication.rxnormCode,
      dose: medication.dose,
      route: medication.route,
      frequency: medication.frequency,
      startedOn: isoDate(medication.startedOn),
      prescriptionId: medication.prescriptionId,
      source: recordSource(medication.source),
    })),
    vitals: row.vitals.map((vital) => ({
      loincCode: vital.loincCode,
      label: VITAL_LABELS.get(vital.loincCode) ?? vital.loincCode,
      value: vital.valueNumeric,
      valueText: vital.valueText,
      unit: vital.unit,
      referenceLow: vital.referenceLow,
      referenceHigh: vital.referenceHigh,
      flag: vital.flag,
      abnormal: isAbnormal(vital.flag),
      effectiveAt: instantFromJson(vital.effectiveAt),
      vitalSource: vital.vitalSource,
    })),
    careGaps,
    breakGlass: grant.breakGlass,
  };
}
