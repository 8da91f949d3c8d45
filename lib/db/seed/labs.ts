import "server-only";
import { AdministrativeSex, type LabFlag } from "../generated/enums";
import type { DrugKey } from "./catalog/drugs";
import {
  BMI,
  BODY_TEMPERATURE,
  BODY_WEIGHT,
  CALCIUM,
  CARBON_DIOXIDE,
  CHLORIDE,
  CREATININE,
  DIASTOLIC_BP,
  GLUCOSE,
  HBA1C,
  HDL_CHOLESTEROL,
  HEART_RATE,
  HEMATOCRIT,
  HEMOGLOBIN,
  LDL_CHOLESTEROL,
  limitsFor,
  OXYGEN_SATURATION,
  PLATELETS,
  POTASSIUM,
  SODIUM,
  SYSTOLIC_BP,
  TOTAL_CHOLESTEROL,
  TRIGLYCERIDES,
  TSH,
  UREA_NITROGEN,
  WBC,
  type AnalyteDefinition,
  type LabPanelDefinition,
} from "./catalog/lab-panels";
import type { AcuteProblemDefinition, ProblemKey } from "./catalog/problems";
import type { ClinicalCourse } from "./clinical-course";
import { yearsBetween, type Day } from "./days";
import { labFlag } from "./lab-flag";
import { clamp, roundTo } from "./numbers";
import { ageOn, type PatientProfile } from "./patients";
import type { Random } from "./random";

// A small physiological model, so results trend the way a real chart does:
// each patient has personal set points; problems move values (HbA1c creeps up
// with years of diabetes, LDL is high with hyperlipidemia) and drugs pull them
// back over weeks (a statin lowers LDL by roughly 40%). Each draw adds
// day-to-day variation, and flags come from the reference ranges.

export interface ClinicalState {
  age: number;
  sex: AdministrativeSex;
  /** Problems active that day → years since onset. */
  problems: ReadonlyMap<ProblemKey, number>;
  /** Drugs taken that day → days since starting. */
  drugs: ReadonlyMap<DrugKey, number>;
  /** The acute illness the visit is for. */
  illness: AcuteProblemDefinition | null;
  feverish: boolean;
  yearsSinceFirstVisit: number;
}

export interface Measurement {
  analyte: AnalyteDefinition;
  value: number;
  flag: LabFlag;
  referenceLow: number | null;
  referenceHigh: number | null;
}

export function clinicalStateOn(
  profile: PatientProfile,
  course: ClinicalCourse,
  day: Day,
  illness: AcuteProblemDefinition | null = null,
  feverish = false,
): ClinicalState {
  const problems = new Map<ProblemKey, number>();
  for (const condition of course.conditions) {
    if (condition.onsetDay <= day && (condition.resolvedDay === null || day < condition.resolvedDay)) {
      problems.set(condition.key, yearsBetween(condition.onsetDay, day));
    }
  }
  const drugs = new Map<DrugKey, number>();
  for (const therapy of course.therapies) {
    if (therapy.startedAt.day <= day && (therapy.endDay === null || day < therapy.endDay)) {
      drugs.set(therapy.drugKey, day - therapy.startedAt.day);
    }
  }
  return {
    age: ageOn(profile, day),
    sex: profile.sex,
    problems,
    drugs,
    illness,
    feverish,
    yearsSinceFirstVisit: yearsBetween(profile.historyStartDay, day),
  };
}

/** Spread between patients (set point) and between draws of one patient; TSH varies multiplicatively. */
const VARIATION: ReadonlyMap<AnalyteDefinition, { setPoint: number; draw: number }> = new Map([
  [WBC, { setPoint: 1.2, draw: 0.9 }],
  [HEMOGLOBIN, { setPoint: 0.6, draw: 0.35 }],
  [PLATELETS, { setPoint: 40, draw: 18 }],
  [GLUCOSE, { setPoint: 5, draw: 9 }],
  [SODIUM, { setPoint: 1.2, draw: 1.5 }],
  [POTASSIUM, { setPoint: 0.2, draw: 0.25 }],
  [CREATININE, { setPoint: 0.08, draw: 0.06 }],
  [UREA_NITROGEN, { setPoint: 2.5, draw: 2.5 }],
  [CHLORIDE, { setPoint: 1.2, draw: 1.5 }],
  [CARBON_DIOXIDE, { setPoint: 1, draw: 1.5 }],
  [CALCIUM, { setPoint: 0.2, draw: 0.25 }],
  [TOTAL_CHOLESTEROL, { setPoint: 0, draw: 8 }],
  [LDL_CHOLESTEROL, { setPoint: 18, draw: 0 }],
  [HDL_CHOLESTEROL, { setPoint: 8, draw: 4 }],
  [TRIGLYCERIDES, { setPoint: 25, draw: 22 }],
  [HBA1C, { setPoint: 0.2, draw: 0.12 }],
  [TSH, { setPoint: 0.35, draw: 0.2 }],
  [SYSTOLIC_BP, { setPoint: 6, draw: 7 }],
  [DIASTOLIC_BP, { setPoint: 4, draw: 5 }],
  [HEART_RATE, { setPoint: 6, draw: 6 }],
  [BODY_WEIGHT, { setPoint: 0, draw: 0.8 }],
  [BODY_TEMPERATURE, { setPoint: 0.12, draw: 0.18 }],
  [OXYGEN_SATURATION, { setPoint: 0.6, draw: 0.8 }],
]);

const A1C_LOWERING: Partial<Record<DrugKey, number>> = { metformin500: 0.8, metformin1000: 1.2 };
const LDL_REMAINING: Partial<Record<DrugKey, number>> = {
  atorvastatin20: 0.57,
  atorvastatin40: 0.5,
  rosuvastatin10: 0.52,
  simvastatin20: 0.65,
};
const SYSTOLIC_LOWERING: Partial<Record<DrugKey, number>> = {
  lisinopril10: 10,
  lisinopril20: 13,
  losartan50: 10,
  amlodipine5: 9,
  hydrochlorothiazide25: 9,
  metoprololSuccinate50: 5,
};
const RAISES_POTASSIUM: readonly DrugKey[] = ["lisinopril10", "lisinopril20", "losartan50"];

const DRUG_ONSET_DAYS = { glycemic: 90, lipid: 42, bloodPressure: 28, thyroid: 56, iron: 120, rate: 14 } as const;

type Means = Map<AnalyteDefinition, number>;

export class Physiology {
  private readonly setPoints = new Map<AnalyteDefinition, number>();
  private readonly adultBmi: number;

  constructor(
    private readonly profile: PatientProfile,
    random: Random,
    obese: boolean,
  ) {
    for (const [analyte, variation] of VARIATION) this.setPoints.set(analyte, random.normal(0, variation.setPoint));
    this.adultBmi = obese ? Math.max(30.5, random.normal(33.5, 3)) : clamp(random.normal(25, 3.2), 18, 29.5);
  }

  /** One draw of a panel: every analyte measured, rounded as the lab reports it and flagged. */
  measure(panel: LabPanelDefinition, state: ClinicalState, random: Random): Measurement[] {
    const means = this.means(state);
    const heightM = this.heightAt(state.age);
    const measured = new Map<AnalyteDefinition, number>();
    const valueOf = (analyte: AnalyteDefinition): number => {
      let value = measured.get(analyte);
      if (value === undefined) {
        value = report(analyte, this.rawValue(analyte, means, heightM, valueOf, random));
        measured.set(analyte, value);
      }
      return value;
    };
    return panel.analytes.map((analyte) => {
      const value = valueOf(analyte);
      const limits = limitsFor(analyte, state.sex);
      return { analyte, value, flag: labFlag(value, limits), referenceLow: limits.low, referenceHigh: limits.high };
    });
  }

  private rawValue(
    analyte: AnalyteDefinition,
    means: Means,
    heightM: number,
    valueOf: (analyte: AnalyteDefinition) => number,
    random: Random,
  ): number {
    // Calculated results come from the measured ones, as the laboratory derives them.
    if (analyte === LDL_CHOLESTEROL) return valueOf(TOTAL_CHOLESTEROL) - valueOf(HDL_CHOLESTEROL) - valueOf(TRIGLYCERIDES) / 5;
    if (analyte === HEMATOCRIT) return valueOf(HEMOGLOBIN) * 2.95 + random.normal(0, 0.8);
    if (analyte === BMI) return valueOf(BODY_WEIGHT) / heightM ** 2;
    const mean = means.get(analyte) ?? 0;
    const drawSd = VARIATION.get(analyte)?.draw ?? 0;
    return analyte === TSH ? mean * Math.exp(random.normal(0, drawSd)) : random.normal(mean, drawSd);
  }

  private means(state: ClinicalState): Means {
    const view = new StateView(state, (analyte) => this.setPoints.get(analyte) ?? 0);
    return new Map([
      ...glycemicMeans(view),
      ...lipidMeans(view),
      ...bloodCountMeans(view),
      ...chemistryMeans(view),
      ...thyroidMeans(view),
      ...vitalSignMeans(view),
      [BODY_WEIGHT, this.bmiAt(state) * this.heightAt(state.age) ** 2],
    ]);
  }

  /** Children are still growing; adults keep the height they reached. */
  private heightAt(age: number): number {
    return this.profile.heightM * (0.6 + 0.4 * clamp((age - 4) / 14, 0, 1));
  }

  /** Adults gain a little over the years; children grow into their adult build. */
  private bmiAt(state: ClinicalState): number {
    if (state.age < 18) return 16 + (this.adultBmi - 16) * clamp((state.age - 6) / 12, 0, 1);
    return this.adultBmi + 0.15 * state.yearsSinceFirstVisit;
  }
}

/** Questions the physiological model asks about one patient on one day. */
class StateView {
  constructor(
    readonly state: ClinicalState,
    readonly setPoint: (analyte: AnalyteDefinition) => number,
  ) {}

  /** 1 with the problem, 0 without, so it can weigh an effect. */
  has(key: ProblemKey): number {
    return this.state.problems.has(key) ? 1 : 0;
  }

  yearsWith(key: ProblemKey): number {
    return Math.min(this.state.problems.get(key) ?? 0, 10);
  }

  /** How far a drug's effect has built up: 0 when not taken, 1 once it has been taken for `onsetDays`. */
  onDrug(key: DrugKey, onsetDays: number): number {
    const daysOn = this.state.drugs.get(key);
    return daysOn === undefined ? 0 : Math.min(1, daysOn / onsetDays);
  }

  effectOf(table: Partial<Record<DrugKey, number>>, onsetDays: number): number {
    return Object.entries(table).reduce((sum, [key, effect]) => sum + (effect ?? 0) * this.onDrug(key as DrugKey, onsetDays), 0);
  }

  bySex(female: number, male: number): number {
    if (this.state.sex === AdministrativeSex.FEMALE) return female;
    if (this.state.sex === AdministrativeSex.MALE) return male;
    return (female + male) / 2;
  }

  olderThan(age: number): number {
    return Math.max(0, this.state.age - age);
  }
}

type MeanEntries = [AnalyteDefinition, number][];

function glycemicMeans(view: StateView): MeanEntries {
  const setPoint = view.setPoint(HBA1C);
  const hba1c = view.has("type2Diabetes")
    ? 7.3 + setPoint + 0.15 * view.yearsWith("type2Diabetes") - view.effectOf(A1C_LOWERING, DRUG_ONSET_DAYS.glycemic)
    : view.has("prediabetes")
      ? 5.9 + setPoint / 2 + 0.04 * view.yearsWith("prediabetes")
      : 5.2 + setPoint + 0.006 * view.olderThan(30);
  // Fasting glucose follows HbA1c; an acute illness raises it a little.
  const glucose = 18 * hba1c - 5 + view.setPoint(GLUCOSE) + (view.state.illness ? 8 : 0);
  return [
    [HBA1C, hba1c],
    [GLUCOSE, glucose],
  ];
}

/** LDL is reported as calculated from these (Friedewald), so total cholesterol is modelled from it. */
function lipidMeans(view: StateView): MeanEntries {
  const statinRemaining = Object.entries(LDL_REMAINING).reduce(
    (factor, [key, remaining]) => factor * (1 - (1 - (remaining ?? 1)) * view.onDrug(key as DrugKey, DRUG_ONSET_DAYS.lipid)),
    1,
  );
  const untreatedLdl =
    100 +
    0.5 * view.olderThan(30) +
    view.setPoint(LDL_CHOLESTEROL) +
    view.has("hyperlipidemia") * (55 + 1.5 * view.yearsWith("hyperlipidemia")) +
    8 * view.has("type2Diabetes");
  const ldl = untreatedLdl * statinRemaining;
  const hdl = view.bySex(58, 47) + view.setPoint(HDL_CHOLESTEROL) - 5 * view.has("type2Diabetes") - 6 * view.has("obesity") - 4 * view.has("nicotineDependence");
  const untreatedTriglycerides =
    110 + view.setPoint(TRIGLYCERIDES) + 45 * view.has("hyperlipidemia") + 50 * view.has("type2Diabetes") + 30 * view.has("obesity");
  const triglycerides = untreatedTriglycerides * (0.85 + 0.15 * statinRemaining);
  return [
    [TOTAL_CHOLESTEROL, ldl + hdl + triglycerides / 5],
    [HDL_CHOLESTEROL, hdl],
    [TRIGLYCERIDES, triglycerides],
  ];
}

function bloodCountMeans(view: StateView): MeanEntries {
  const anemiaUntreated = view.has("ironDeficiencyAnemia") * (1 - view.onDrug("ferrousSulfate325", DRUG_ONSET_DAYS.iron));
  return [
    [HEMOGLOBIN, view.bySex(13.5, 15.0) + view.setPoint(HEMOGLOBIN) - 3 * anemiaUntreated - 0.9 * view.has("chronicKidneyDisease") + 0.4 * view.has("copd")],
    [WBC, 6.8 + view.setPoint(WBC) + (view.state.feverish ? 2.5 : 0)],
    [PLATELETS, 255 + view.setPoint(PLATELETS)],
  ];
}

function chemistryMeans(view: StateView): MeanEntries {
  const onAceOrArb = Math.max(...RAISES_POTASSIUM.map((key) => view.onDrug(key, DRUG_ONSET_DAYS.bloodPressure)));
  const onThiazide = view.onDrug("hydrochlorothiazide25", DRUG_ONSET_DAYS.bloodPressure);
  const kidneyDisease = view.has("chronicKidneyDisease");
  const creatinine =
    view.bySex(0.78, 0.98) +
    view.setPoint(CREATININE) +
    0.004 * view.olderThan(50) +
    kidneyDisease * (0.65 + 0.06 * view.yearsWith("chronicKidneyDisease")) +
    0.05 * onAceOrArb;
  return [
    [SODIUM, 140 + view.setPoint(SODIUM) - 2 * onThiazide],
    [POTASSIUM, 4.2 + view.setPoint(POTASSIUM) + 0.25 * onAceOrArb - 0.35 * onThiazide + 0.35 * kidneyDisease],
    [CREATININE, creatinine],
    [UREA_NITROGEN, 14 + view.setPoint(UREA_NITROGEN) + 0.08 * view.olderThan(50) + 11 * kidneyDisease],
    [CHLORIDE, 102 + view.setPoint(CHLORIDE)],
    [CARBON_DIOXIDE, 25.5 + view.setPoint(CARBON_DIOXIDE) - 2 * kidneyDisease + 2 * view.has("copd")],
    [CALCIUM, 9.5 + view.setPoint(CALCIUM)],
  ];
}

function thyroidMeans(view: StateView): MeanEntries {
  const untreated = view.has("hypothyroidism") ? 8 + 1.2 * view.yearsWith("hypothyroidism") : 1.7;
  const replaced = view.onDrug("levothyroxine50mcg", DRUG_ONSET_DAYS.thyroid);
  return [[TSH, (untreated * (1 - replaced) + 2.2 * replaced) * Math.exp(view.setPoint(TSH))]];
}

function vitalSignMeans(view: StateView): MeanEntries {
  const lowering = view.effectOf(SYSTOLIC_LOWERING, DRUG_ONSET_DAYS.bloodPressure);
  const { feverish } = view.state;
  const systolic =
    110 +
    0.4 * view.olderThan(30) +
    view.setPoint(SYSTOLIC_BP) +
    5 * view.has("obesity") +
    view.has("hypertension") * (20 + view.yearsWith("hypertension")) -
    lowering;
  const diastolic = 71 + 0.08 * view.olderThan(30) + view.setPoint(DIASTOLIC_BP) + 3 * view.has("obesity") + 10 * view.has("hypertension") - 0.55 * lowering;
  const heartRate =
    72 +
    view.setPoint(HEART_RATE) +
    14 * view.has("atrialFibrillation") -
    11 * view.onDrug("metoprololSuccinate50", DRUG_ONSET_DAYS.rate) +
    (feverish ? 12 : 0);
  return [
    [SYSTOLIC_BP, systolic],
    [DIASTOLIC_BP, diastolic],
    [HEART_RATE, heartRate],
    [BODY_TEMPERATURE, 36.75 + view.setPoint(BODY_TEMPERATURE) + (feverish ? 1.4 : 0)],
    [OXYGEN_SATURATION, 98 + view.setPoint(OXYGEN_SATURATION) - 5 * view.has("copd") - 0.5 * view.has("asthma") - (view.state.illness ? 0.8 : 0)],
  ];
}

function report(analyte: AnalyteDefinition, raw: number): number {
  return roundTo(clamp(raw, analyte.plausible.min, analyte.plausible.max), analyte.decimals);
}
