import "server-only";
import type { SearchRequest } from "@medplum/core";
import type { Observation, ObservationReferenceRange, Quantity } from "@medplum/fhirtypes";
import type { LabFlag } from "@/lib/db/generated/enums";
import type { LabResultWhereInput } from "@/lib/db/generated/models";
import { LAB_ROW_COLUMNS, type LabRow } from "@/lib/chart/lab-shaping";
import type { Candidate, Source } from "../search/pager";
import { SYSTEMS } from "../systems";
import { concept, idConditions, idOrder, ownMeta, patientCondition, reference } from "./common";

// Observation: every lab result (category laboratory: LOINC code, UCUM
// quantity, reference range, interpretation) and every vital sign (category
// vital-signs, per the FHIR vital signs profile: blood pressure is one
// Observation, 85354-9, with systolic and diastolic components).

export const VITALS_PANEL = "Vitals";
export const BLOOD_PRESSURE = { panel: "85354-9", systolic: "8480-6", diastolic: "8462-4" } as const;
const OXYGEN_SATURATION = "59408-5";

export const INTERPRETATION: Record<LabFlag, { code: string; display: string }> = {
  NORMAL: { code: "N", display: "Normal" },
  LOW: { code: "L", display: "Low" },
  HIGH: { code: "H", display: "High" },
  CRITICAL_LOW: { code: "LL", display: "Critical low" },
  CRITICAL_HIGH: { code: "HH", display: "Critical high" },
};

export type LabResultRow = Omit<LabRow, "source"> & { patientId: string };

function quantity(value: number, unit: string): Quantity {
  return { value, unit, system: SYSTEMS.ucum, code: unit };
}

function referenceRange(row: LabResultRow): ObservationReferenceRange[] {
  if (row.referenceLow === null && row.referenceHigh === null) return [];
  return [
    {
      ...(row.referenceLow !== null ? { low: quantity(row.referenceLow, row.unit) } : {}),
      ...(row.referenceHigh !== null ? { high: quantity(row.referenceHigh, row.unit) } : {}),
    },
  ];
}

function category(isVital: boolean) {
  return isVital
    ? concept(SYSTEMS.observationCategory, "vital-signs", "Vital Signs")
    : concept(SYSTEMS.observationCategory, "laboratory", "Laboratory");
}

function interpretation(flag: LabFlag) {
  const { code, display } = INTERPRETATION[flag];
  return [concept(SYSTEMS.interpretation, code, display)];
}

function value(row: LabResultRow): Pick<Observation, "valueQuantity" | "valueString" | "dataAbsentReason"> {
  if (row.valueNumeric !== null) return { valueQuantity: quantity(row.valueNumeric, row.unit) };
  if (row.valueText !== null) return { valueString: row.valueText };
  return { dataAbsentReason: concept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown") };
}

function codeOf(row: LabResultRow) {
  // The vital signs profile names pulse oximetry by its generic code too.
  if (row.loincCode === OXYGEN_SATURATION) {
    return { coding: [{ system: SYSTEMS.loinc, code: row.loincCode, display: row.analyte }, { system: SYSTEMS.loinc, code: "2708-6", display: "Oxygen saturation in Arterial blood" }], text: row.analyte };
  }
  return concept(SYSTEMS.loinc, row.loincCode, row.analyte);
}

export function toObservation(row: LabResultRow): Observation {
  const isVital = row.panel === VITALS_PANEL;
  return {
    resourceType: "Observation",
    id: row.id,
    meta: ownMeta(row.effectiveAt, isVital ? "http://hl7.org/fhir/StructureDefinition/vitalsigns" : "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab"),
    status: "final",
    category: [category(isVital)],
    code: codeOf(row),
    subject: reference("Patient", row.patientId),
    effectiveDateTime: row.effectiveAt.toISOString(),
    issued: row.effectiveAt.toISOString(),
    ...value(row),
    interpretation: interpretation(row.flag),
    referenceRange: referenceRange(row),
  };
}

/** The blood pressure of one reading: its systolic row (whose id it takes) and diastolic row as components. */
export function toBloodPressure(systolic: LabResultRow, diastolic: LabResultRow): Observation {
  const component = (row: LabResultRow) => ({
    code: concept(SYSTEMS.loinc, row.loincCode, row.analyte),
    ...(row.valueNumeric !== null ? { valueQuantity: quantity(row.valueNumeric, row.unit) } : { dataAbsentReason: concept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown") }),
    interpretation: interpretation(row.flag),
    referenceRange: referenceRange(row),
  });
  return {
    resourceType: "Observation",
    id: systolic.id,
    meta: ownMeta(systolic.effectiveAt, "http://hl7.org/fhir/StructureDefinition/bp"),
    status: "final",
    category: [category(true)],
    code: concept(SYSTEMS.loinc, BLOOD_PRESSURE.panel, "Blood pressure panel with all children optional"),
    subject: reference("Patient", systolic.patientId),
    effectiveDateTime: systolic.effectiveAt.toISOString(),
    issued: systolic.effectiveAt.toISOString(),
    component: [component(systolic), component(diastolic)],
  };
}

/** What the code and category parameters let the query narrow before the matcher sees the rows. */
function pushedDown(filters: SearchRequest): LabResultWhereInput[] {
  const conditions: LabResultWhereInput[] = [];
  for (const filter of filters.filters ?? []) {
    if (filter.code === "code") {
      const codes = filter.value.split(",").map((token) => token.split("|"));
      if (codes.every((parts) => parts.length === 1 || parts[0] === SYSTEMS.loinc || parts[0] === "")) {
        const loinc = codes.map((parts) => parts[parts.length - 1]!).map((code) => (code === BLOOD_PRESSURE.panel ? BLOOD_PRESSURE.systolic : code));
        conditions.push({ loincCode: { in: loinc } });
      }
    }
    if (filter.code === "category" && !filter.value.includes(",")) {
      const code = filter.value.split("|").pop();
      if (code === "vital-signs") conditions.push({ panel: VITALS_PANEL });
      if (code === "laboratory") conditions.push({ panel: { not: VITALS_PANEL } });
    }
  }
  return conditions;
}

export const LAB_RESULT_SELECT = { ...LAB_ROW_COLUMNS, patientId: true } as const;

export const observationSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.labResult.findMany({
      where: {
        importedResourceId: null,
        // A diastolic reading is a component of its blood pressure Observation.
        loincCode: { not: BLOOD_PRESSURE.diastolic },
        ...patientCondition(scope),
        AND: [...idConditions(scope, range), ...pushedDown(scope.filters)],
      },
      orderBy: idOrder(range),
      take: range.limit,
      select: LAB_RESULT_SELECT,
    });
    const systolic = rows.filter((row) => row.loincCode === BLOOD_PRESSURE.systolic);
    const diastolic = systolic.length === 0 ? [] : await db.labResult.findMany({
      where: { importedResourceId: null, loincCode: BLOOD_PRESSURE.diastolic, OR: systolic.map((row) => ({ patientId: row.patientId, effectiveAt: row.effectiveAt })) },
      select: LAB_RESULT_SELECT,
    });
    const partner = new Map(diastolic.map((row) => [`${row.patientId}@${row.effectiveAt.getTime()}`, row]));
    return rows.map((row) => {
      const pair = row.loincCode === BLOOD_PRESSURE.systolic ? partner.get(`${row.patientId}@${row.effectiveAt.getTime()}`) : undefined;
      return { id: row.id, resource: pair ? toBloodPressure(row, pair) : toObservation(row), patientId: row.patientId };
    });
  },
};
