import type { AllergySeverity, LabFlag, MedicationStatus, ProblemStatus } from "@/lib/db/generated/enums";
import { BLOOD_PRESSURE, VITALS_PANEL } from "../resources/observation";
import { SYSTEMS } from "../systems";
import type { FhirJson } from "./input";

// How an outside record appears in the chart: the problem, allergy,
// medication or lab result row the chart panel reads, pointing back to the
// record as received. Codes from systems we do not know are kept as given.

type Coding = { system?: string; code?: string; display?: string };
type Concept = { coding?: Coding[]; text?: string } | undefined;

const firstCode = (concept: Concept, system?: string): Coding | undefined =>
  concept?.coding?.find((coding) => coding.code && (system === undefined || coding.system === system));

const label = (concept: Concept): string => concept?.text ?? concept?.coding?.find((coding) => coding.display)?.display ?? concept?.coding?.[0]?.code ?? "Not named by the source";

const day = (value: unknown): Date | null => (typeof value === "string" && value.length >= 10 ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : null);
const instant = (value: unknown): Date | null => (typeof value === "string" ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : null);

export function problemRow(resource: FhirJson, importedAt: Date) {
  const code = resource.code as Concept;
  const icd10 = firstCode(code, SYSTEMS.icd10cm);
  const coding = icd10 ?? firstCode(code);
  const clinical = firstCode(resource.clinicalStatus as Concept)?.code;
  const status: ProblemStatus = clinical === "resolved" || clinical === "remission" ? "RESOLVED" : clinical === "inactive" ? "INACTIVE" : "ACTIVE";
  return {
    icd10Code: coding?.code ?? "",
    codeSystem: icd10 ? null : (coding?.system ?? null),
    description: label(code),
    status,
    onsetDate: day(resource.onsetDateTime ?? (resource.onsetPeriod as { start?: string } | undefined)?.start),
    resolvedDate: day(resource.abatementDateTime),
    recordedAt: instant(resource.recordedDate) ?? importedAt,
  };
}

const SEVERITY: Record<string, AllergySeverity> = { mild: "MILD", moderate: "MODERATE", severe: "SEVERE" };

export function allergyRow(resource: FhirJson, importedAt: Date) {
  const code = resource.code as Concept;
  const reactions = (resource.reaction as { manifestation?: Concept[]; severity?: string; description?: string }[] | undefined) ?? [];
  const manifestations = reactions.flatMap((reaction) => (reaction.manifestation ?? []).map(label));
  const stated = reactions.map((reaction) => SEVERITY[reaction.severity ?? ""]).find(Boolean);
  // With no severity stated, high criticality counts as severe; otherwise moderate, and the reaction text says it was not stated.
  const severity: AllergySeverity = stated ?? (resource.criticality === "high" ? "SEVERE" : "MODERATE");
  const reaction = manifestations.length > 0 ? manifestations.join(", ") : "Reaction not recorded by the source";
  return {
    substance: label(code),
    rxnormCode: firstCode(code, SYSTEMS.rxnorm)?.code ?? null,
    drugClass: null,
    reaction: stated ? reaction : `${reaction} (severity not stated by the source)`,
    severity,
    recordedAt: instant(resource.recordedDate) ?? importedAt,
  };
}

const MEDICATION_STATUS: Record<string, MedicationStatus> = {
  active: "ACTIVE",
  "on-hold": "ACTIVE",
  intended: "ACTIVE",
  completed: "COMPLETED",
  stopped: "DISCONTINUED",
  cancelled: "DISCONTINUED",
  "not-taken": "DISCONTINUED",
};

/** A MedicationRequest or MedicationStatement as a medication on the list; null without a coded medication. */
export function medicationRow(resource: FhirJson, importedAt: Date) {
  const code = resource.medicationCodeableConcept as Concept;
  const coding = firstCode(code, SYSTEMS.rxnorm) ?? firstCode(code);
  if (!coding) return null;
  const dosage = ((resource.dosageInstruction ?? resource.dosage) as { text?: string; route?: Concept }[] | undefined)?.[0];
  const period = (resource.effectivePeriod ?? (dosage as { timing?: { repeat?: { boundsPeriod?: { start?: string; end?: string } } } } | undefined)?.timing?.repeat?.boundsPeriod) as
    | { start?: string; end?: string }
    | undefined;
  return {
    rxnormCode: coding.code!,
    name: label(code),
    dose: dosage?.text ?? "",
    route: dosage?.route ? label(dosage.route) : "",
    frequency: "",
    status: MEDICATION_STATUS[String(resource.status)] ?? "COMPLETED",
    startedOn: day(period?.start ?? resource.authoredOn ?? resource.effectiveDateTime ?? resource.dateAsserted) ?? day(importedAt.toISOString())!,
    endedOn: day(period?.end),
  };
}

const FLAG: Record<string, LabFlag> = { N: "NORMAL", L: "LOW", H: "HIGH", LL: "CRITICAL_LOW", HH: "CRITICAL_HIGH", LU: "CRITICAL_LOW", HU: "CRITICAL_HIGH" };

type Quantity = { value?: number; unit?: string; code?: string };
type Range = { low?: Quantity; high?: Quantity };

function flagOf(interpretation: Concept[] | undefined, value: number | null, range: Range | undefined): LabFlag {
  const code = interpretation?.flatMap((concept) => concept?.coding ?? []).find((coding) => coding.code && FLAG[coding.code])?.code;
  if (code) return FLAG[code]!;
  if (value !== null && range?.low?.value !== undefined && value < range.low.value) return "LOW";
  if (value !== null && range?.high?.value !== undefined && value > range.high.value) return "HIGH";
  return "NORMAL";
}

/**
 * An Observation as lab result rows (a blood pressure as its two components);
 * none when it has no LOINC code or no time, which the Labs tab needs.
 */
export function labResultRows(resource: FhirJson, panel: string | null) {
  const effectiveAt = instant(resource.effectiveDateTime ?? (resource.effectivePeriod as { start?: string } | undefined)?.start ?? resource.issued);
  if (!effectiveAt) return [];
  const categories = ((resource.category as Concept[] | undefined) ?? []).flatMap((concept) => concept?.coding ?? []).map((coding) => coding.code);
  const isVital = categories.includes("vital-signs");
  const resultPanel = panel ?? (isVital ? VITALS_PANEL : "Outside results");
  const row = (part: { code?: Concept; valueQuantity?: Quantity; valueString?: string; interpretation?: Concept[]; referenceRange?: Range[] }) => {
    const loinc = firstCode(part.code, SYSTEMS.loinc);
    if (!loinc?.code || !/^\d{1,7}-\d$/.test(loinc.code)) return null;
    const value = typeof part.valueQuantity?.value === "number" ? part.valueQuantity.value : null;
    if (value === null && typeof part.valueString !== "string") return null;
    const range = part.referenceRange?.[0];
    return {
      panel: resultPanel,
      loincCode: loinc.code,
      analyte: part.code?.text ?? loinc.display ?? loinc.code,
      valueNumeric: value,
      valueText: value === null ? (part.valueString ?? null) : null,
      unit: part.valueQuantity?.code ?? part.valueQuantity?.unit ?? "",
      referenceLow: range?.low?.value ?? null,
      referenceHigh: range?.high?.value ?? null,
      flag: flagOf(part.interpretation, value, range),
      effectiveAt,
    };
  };
  const components = (resource.component as Parameters<typeof row>[0][] | undefined) ?? [];
  const isBloodPressure = firstCode(resource.code as Concept, SYSTEMS.loinc)?.code === BLOOD_PRESSURE.panel;
  const rows = isBloodPressure || (components.length > 0 && !resource.valueQuantity) ? components.map(row) : [row(resource as Parameters<typeof row>[0])];
  return rows.filter((one) => one !== null);
}
