import "server-only";
import { AdministrativeSex, LabFlag } from "../generated/enums";
import { ALLERGENS } from "./catalog/allergies";
import type { DrugDefinition } from "./catalog/drugs";
import type { AcuteProblemDefinition } from "./catalog/problems";
import {
  BMI,
  BODY_TEMPERATURE,
  BODY_WEIGHT,
  CREATININE,
  DIASTOLIC_BP,
  GLUCOSE,
  HBA1C,
  HEART_RATE,
  HEMOGLOBIN,
  LDL_CHOLESTEROL,
  OXYGEN_SATURATION,
  POTASSIUM,
  SYSTOLIC_BP,
  TSH,
  type AnalyteDefinition,
} from "./catalog/lab-panels";
import type { ConditionCourse, Encounter, TherapyCourse } from "./clinical-course";
import { isoFromDay, type Day } from "./days";
import type { PlannedAllergy } from "./demo-clinic";
import type { Measurement } from "./labs";
import type { PatientProfile } from "./patients";
import type { Random } from "./random";

// SOAP notes written the way a clinician types them after a video visit,
// assembled from what the chart knew on the day.

export interface NoteInput {
  profile: PatientProfile;
  age: number;
  encounter: Encounter;
  /** Chronic problems active at the visit (including ones diagnosed at it). */
  chronicProblems: readonly ConditionCourse[];
  diagnosedToday: readonly ConditionCourse[];
  acuteProblem: ConditionCourse | null;
  resolvedToday: readonly ConditionCourse[];
  started: readonly TherapyCourse[];
  stopped: readonly TherapyCourse[];
  continuing: readonly TherapyCourse[];
  allergies: readonly PlannedAllergy[];
  vitals: readonly Measurement[];
  recentLabs: { day: Day; measurements: readonly Measurement[] } | null;
  /** Panels to draw before the next visit, if any. */
  labsBeforeNextVisit: readonly string[];
  nextVisitInMonths: number;
}

export interface SoapNote {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

export function writeNote(input: NoteInput, random: Random): SoapNote {
  return {
    subjective: subjective(input, random),
    objective: objective(input, random),
    assessment: assessment(input),
    plan: plan(input),
  };
}

function subjective(input: NoteInput, random: Random): string {
  const { profile } = input;
  const who = `${profile.givenName} ${profile.familyName} is a ${Math.floor(input.age)}-year-old ${personNoun(profile.sex, input.age)}`;
  if (input.encounter.kind === "intake") return intakeHistory(input, who);
  if (input.acuteProblem?.definition.kind === "acute") return acuteHistory(input, input.acuteProblem.definition, who);
  return followUpHistory(input, who, random);
}

function intakeHistory(input: NoteInput, who: string): string {
  const medications = [...input.continuing, ...input.started];
  return [
    `${who} establishing care by video.`,
    input.diagnosedToday.length > 0
      ? `Past medical history: ${input.diagnosedToday.map((condition) => condition.definition.shortName).join(", ")}.`
      : "No significant past medical history.",
    medications.length > 0
      ? `Current medications: ${medications.map((therapy) => medicationPhrase(therapy.drug)).join("; ")}.`
      : "Takes no regular medications.",
    `Allergies: ${allergyPhrase(input.allergies)}.`,
    ...input.diagnosedToday.slice(0, 2).map(chronicFollowUp),
  ].join(" ");
}

function acuteHistory(input: NoteInput, acute: AcuteProblemDefinition, who: string): string {
  const known = knownProblems(input);
  return [
    `${who} seen by video for ${acute.reason.toLowerCase()}.`,
    acute.history,
    known.length > 0 ? `Chronic problems (${known.map((condition) => condition.definition.shortName).join(", ")}) without recent change.` : "",
    `Allergies: ${allergyPhrase(input.allergies)}.`,
  ]
    .filter(Boolean)
    .join(" ");
}

function followUpHistory(input: NoteInput, who: string, random: Random): string {
  const known = knownProblems(input);
  const opening =
    known.length > 0
      ? `${who} seen by video for follow-up of ${listPhrase(known.map((condition) => condition.definition.shortName))}.`
      : `${who} seen by video for a routine check-up. ${random.pick(["Feels well.", "Feels well and has no new concerns.", "No complaints today."])}`;
  const takesMedication = input.continuing.length > 0;
  return [
    opening,
    ...known.slice(0, 3).map(chronicFollowUp),
    input.diagnosedToday.length > 0 ? "Recent results reviewed together on screen." : "",
    takesMedication ? random.pick(["Taking medications as prescribed.", "No side effects reported.", "Adherence good per patient."]) : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** Chronic problems on the list before today. */
function knownProblems(input: NoteInput): readonly ConditionCourse[] {
  return input.chronicProblems.filter((condition) => !input.diagnosedToday.includes(condition));
}

function objective(input: NoteInput, random: Random): string {
  const general =
    input.acuteProblem?.definition.kind === "acute"
      ? input.acuteProblem.definition.exam
      : random.pick([
          "Video visit from home. Well-appearing, in no acute distress, speaking in full sentences.",
          "Video visit. Alert and well-appearing; normal work of breathing; appropriate mood and affect.",
          "Seen at home by video. No distress; breathing comfortably; speech clear.",
        ]);
  const lines = [general, `Patient-reported vitals: ${vitalsPhrase(input.vitals)}.`];
  if (input.recentLabs) {
    lines.push(`Labs from ${isoFromDay(input.recentLabs.day)}: ${labsPhrase(input.recentLabs.measurements)}.`);
  }
  return lines.join("\n");
}

function assessment(input: NoteInput): string {
  const items: string[] = [];
  if (input.acuteProblem) items.push(problemLine(input.acuteProblem, "acute"));
  for (const condition of input.chronicProblems) {
    items.push(problemLine(condition, input.diagnosedToday.includes(condition) ? newDiagnosisStatus(input) : controlStatus(condition, input)));
  }
  for (const condition of input.resolvedToday) items.push(problemLine(condition, "resolved"));
  if (items.length === 0) items.push("No active problems; preventive care up to date.");
  return items.map((item, index) => `${index + 1}. ${item}`).join("\n");
}

function plan(input: NoteInput): string {
  const bullets = [
    ...input.stopped.map((therapy) => `Stop ${therapy.drug.name}: ${therapy.stopReason ?? "no longer needed"}.`),
    ...input.started.map((therapy) => startLine(therapy.drug, input.encounter.kind === "intake")),
    ...input.continuing.slice(0, 5).map((therapy) => `Continue ${medicationPhrase(therapy.drug)}.`),
  ];
  if (input.acuteProblem?.definition.kind === "acute") bullets.push(input.acuteProblem.definition.plan);
  for (const condition of input.chronicProblems.slice(0, 3)) {
    if (condition.definition.kind === "chronic" && (input.diagnosedToday.includes(condition) || input.encounter.kind === "follow-up")) {
      bullets.push(condition.definition.plan);
    }
  }
  if (input.labsBeforeNextVisit.length > 0) bullets.push(`Labs before the next visit: ${input.labsBeforeNextVisit.join(", ")}.`);
  const months = input.nextVisitInMonths;
  bullets.push(input.acuteProblem ? "Follow up if not improving as expected." : `Follow up by video in about ${months} month${months === 1 ? "" : "s"}.`);
  return bullets.map((bullet) => `- ${bullet}`).join("\n");
}

/** At intake the medications are the patient's own, so the prescription is a renewal. */
function startLine(drug: DrugDefinition, renewal: boolean): string {
  if (drug.overTheCounter) return `Over the counter: ${drug.name}. ${drug.instructions}`;
  const dispense = `Dispense ${drug.quantity}, ${drug.refills} refill${drug.refills === 1 ? "" : "s"}.`;
  return `${renewal ? "Renew" : "Start"} ${drug.name}. ${drug.instructions} ${dispense}`;
}

function problemLine(condition: ConditionCourse, status: string): string {
  return `${condition.definition.description} (${condition.definition.icd10Code}): ${status}.`;
}

function newDiagnosisStatus(input: NoteInput): string {
  return input.encounter.kind === "intake" ? "known, history reviewed" : "new diagnosis";
}

/** How well a chronic problem is controlled, judged from the day's vitals and the recent labs. */
function controlStatus(condition: ConditionCourse, input: NoteInput): string {
  const latest = (analyte: AnalyteDefinition) =>
    [...input.vitals, ...(input.recentLabs?.measurements ?? [])].find((measurement) => measurement.analyte === analyte);
  const judged = (measurement: Measurement | undefined, good: (value: number) => boolean, label: string) =>
    measurement ? `${good(measurement.value) ? "at goal" : "above goal"} (${label} ${formatValue(measurement)})` : "stable";

  switch (condition.key) {
    case "type2Diabetes":
      return judged(latest(HBA1C), (value) => value < 7, "HbA1c");
    case "hypertension": {
      const systolic = latest(SYSTOLIC_BP);
      const diastolic = latest(DIASTOLIC_BP);
      if (!systolic || !diastolic) return "stable";
      const controlled = systolic.value < 130 && diastolic.value < 80;
      return `${controlled ? "controlled" : "above goal"} (BP ${systolic.value}/${diastolic.value} mmHg)`;
    }
    case "hyperlipidemia":
      return judged(latest(LDL_CHOLESTEROL), (value) => value < 100, "LDL");
    case "hypothyroidism": {
      const tsh = latest(TSH);
      return tsh ? `${tsh.flag === LabFlag.NORMAL ? "euthyroid on replacement" : "TSH out of range"} (TSH ${formatValue(tsh)})` : "stable";
    }
    case "ironDeficiencyAnemia": {
      const hemoglobin = latest(HEMOGLOBIN);
      return hemoglobin ? `${hemoglobin.flag === LabFlag.NORMAL ? "improved" : "persistent"} (hemoglobin ${formatValue(hemoglobin)})` : "stable";
    }
    default:
      return "stable";
  }
}

function chronicFollowUp(condition: ConditionCourse): string {
  return condition.definition.kind === "chronic" ? condition.definition.followUp : "";
}

function medicationPhrase(drug: DrugDefinition): string {
  return `${drug.name}, ${drug.dose} ${drug.frequency}`;
}

function allergyPhrase(allergies: readonly PlannedAllergy[]): string {
  if (allergies.length === 0) return "no known allergies";
  return allergies.map((allergy) => `${ALLERGENS[allergy.allergen].substance.toLowerCase()} (${allergy.reaction.toLowerCase()})`).join("; ");
}

function vitalsPhrase(vitals: readonly Measurement[]): string {
  const find = (analyte: AnalyteDefinition) => vitals.find((measurement) => measurement.analyte === analyte);
  const systolic = find(SYSTOLIC_BP);
  const diastolic = find(DIASTOLIC_BP);
  const parts = [
    systolic && diastolic ? `BP ${systolic.value}/${diastolic.value} mmHg` : null,
    optional(find(HEART_RATE), (value) => `HR ${value}/min`),
    optional(find(BODY_WEIGHT), (value) => `weight ${value} kg`),
    optional(find(BMI), (value) => `BMI ${value}`),
    optional(find(BODY_TEMPERATURE), (value) => `temperature ${value} °C`),
    optional(find(OXYGEN_SATURATION), (value) => `SpO2 ${value}%`),
  ];
  return parts.filter(Boolean).join(", ");
}

const LABS_WORTH_QUOTING: readonly AnalyteDefinition[] = [HBA1C, GLUCOSE, LDL_CHOLESTEROL, CREATININE, POTASSIUM, HEMOGLOBIN, TSH];

function labsPhrase(measurements: readonly Measurement[]): string {
  const quoted = measurements.filter((measurement) => LABS_WORTH_QUOTING.includes(measurement.analyte) || measurement.flag !== LabFlag.NORMAL);
  return (quoted.length > 0 ? quoted : measurements.slice(0, 3)).map(resultPhrase).join(", ");
}

/** The physician's addendum once results ordered at a visit are back. */
export function labReviewAddendum(drawDay: Day, measurements: readonly Measurement[]): string {
  const abnormal = measurements.filter((measurement) => measurement.flag !== LabFlag.NORMAL);
  const findings = abnormal.length === 0 ? "all results within reference ranges" : `abnormal: ${abnormal.map(resultPhrase).join(", ")}`;
  return `Addendum: intake labs from ${isoFromDay(drawDay)} reviewed; ${findings}. Results shared with the patient through the portal.`;
}

function resultPhrase(measurement: Measurement): string {
  return `${shortAnalyteName(measurement.analyte)} ${formatValue(measurement)}${flagSuffix(measurement.flag)}`;
}

/** "Thyroid stimulating hormone (TSH)" → "TSH", "LDL cholesterol (calculated)" → "LDL". */
function shortAnalyteName(analyte: AnalyteDefinition): string {
  const abbreviation = /\(([A-Z0-9]+)\)$/.exec(analyte.analyte)?.[1];
  return abbreviation ?? analyte.analyte.replace(/ \(.*\)$/, "").replace("Hemoglobin A1c", "HbA1c").replace("LDL cholesterol", "LDL");
}

const DISPLAY_UNITS: Readonly<Record<string, string>> = {
  "10*3/uL": "×10³/µL",
  "m[IU]/L": "mIU/L",
  "mm[Hg]": "mmHg",
  Cel: "°C",
};

function formatValue(measurement: Measurement): string {
  const unit = DISPLAY_UNITS[measurement.analyte.unit] ?? measurement.analyte.unit;
  return unit === "%" ? `${measurement.value}%` : `${measurement.value} ${unit}`;
}

function flagSuffix(flag: LabFlag): string {
  return flag === LabFlag.NORMAL ? "" : ` (${flag.toLowerCase().replace("_", " ")})`;
}

function optional(measurement: Measurement | undefined, format: (value: number) => string): string | null {
  return measurement ? format(measurement.value) : null;
}

function personNoun(sex: AdministrativeSex, age: number): string {
  if (sex === AdministrativeSex.FEMALE) return age < 18 ? "girl" : "woman";
  if (sex === AdministrativeSex.MALE) return age < 18 ? "boy" : "man";
  return "patient";
}

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
