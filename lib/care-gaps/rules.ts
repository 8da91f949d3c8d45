// The care-gap recommendations: one pure rule per guideline, each naming its
// source and the version it follows, so the physician sees why a gap is shown
// and can judge whether the guideline fits this patient. Dates are calendar
// days (YYYY-MM-DD); ages are whole years on `today`; every bound the sources
// state ("40 to 74 years") is inclusive.

import type { AdministrativeSex, ScreeningKind } from "@/lib/db/generated/enums";

export interface BloodPressureReading {
  systolic: number;
  diastolic: number;
  /** When it was measured (an instant, ISO 8601). */
  at: string;
}

/** What the rules read about one patient. */
export interface CareGapFacts {
  today: string;
  dateOfBirth: string;
  sex: AdministrativeSex;
  /** Smoking history in pack-years, when recorded. */
  packYears: number | null;
  /** ICD-10-CM codes of the active problems. */
  problemCodes: readonly string[];
  /** The newest HbA1c (LOINC 4548-4), in %. */
  latestHbA1c: { value: number; on: string } | null;
  /** The newest blood pressure measured at the clinic or a visit's vitals. */
  clinicBloodPressure: BloodPressureReading | null;
  /** The newest one the patient measured at home and reported at check-in. */
  homeBloodPressure: BloodPressureReading | null;
  /** The newest screening of each kind done. */
  screenings: ReadonlyArray<{ kind: ScreeningKind; performedOn: string }>;
}

export const CARE_GAP_RULE_IDS = [
  "ada-hba1c-interval",
  "cms122-hba1c-poor-control",
  "cms165-blood-pressure",
  "uspstf-breast-cancer-screening",
  "uspstf-colorectal-cancer-screening",
  "uspstf-cervical-cancer-screening",
  "uspstf-lung-cancer-screening",
] as const;

/** A rule's id: also the key of what the patient reads about it (afterVisitSummary.json careGap). */
export type CareGapRuleId = (typeof CARE_GAP_RULE_IDS)[number];

export function isCareGapRuleId(id: string): id is CareGapRuleId {
  return (CARE_GAP_RULE_IDS as readonly string[]).includes(id);
}

export interface CareGapRule {
  id: CareGapRuleId;
  title: string;
  /** The guideline or quality measure, as it cites itself. */
  source: string;
  /** Which edition of it the rule follows. */
  version: string;
  /** Why the gap is open for this patient, or null when it is not. */
  evaluate(facts: CareGapFacts): string | null;
}

export interface CareGap {
  ruleId: CareGapRuleId;
  title: string;
  source: string;
  version: string;
  reason: string;
}

export const HBA1C_GOAL_PERCENT = 7;
export const HBA1C_POOR_CONTROL_PERCENT = 9;

export function ageOnDate(dateOfBirth: string, today: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)];
  const [year, monthDay] = [Number(today.slice(0, 4)), today.slice(5)];
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}

/** The calendar day `months` after `date` (clamped to the month's last day: 31 Aug + 6 months is 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Whether something done on `done` (months apart) is still current on `today`: due on the day the interval ends. */
function current(done: string | undefined, intervalMonths: number, today: string): boolean {
  return done !== undefined && addMonths(done, intervalMonths) > today;
}

function inAgeRange(facts: CareGapFacts, low: number, high: number): boolean {
  const age = ageOnDate(facts.dateOfBirth, facts.today);
  return age >= low && age <= high;
}

function lastScreening(facts: CareGapFacts, kind: ScreeningKind): string | undefined {
  return facts.screenings
    .filter((screening) => screening.kind === kind)
    .map((screening) => screening.performedOn)
    .sort()
    .at(-1);
}

const DIABETES = /^E1[013](\.|$)/;
const HYPERTENSION = /^I10(\.|$)/;

function hasProblem(facts: CareGapFacts, pattern: RegExp): boolean {
  return facts.problemCodes.some((code) => pattern.test(code));
}

function dayOf(instant: string): string {
  return instant.slice(0, 10);
}

export const CARE_GAP_RULES: readonly CareGapRule[] = [
  {
    id: "ada-hba1c-interval",
    title: "HbA1c test due",
    source: "ADA Standards of Care in Diabetes, section 6 (Glycemic Goals): HbA1c at least twice a year at goal, quarterly when not",
    version: "2025",
    evaluate(facts) {
      if (!hasProblem(facts, DIABETES)) return null;
      const last = facts.latestHbA1c;
      if (!last) return "Diabetes and no HbA1c on record.";
      const atGoal = last.value < HBA1C_GOAL_PERCENT;
      const months = atGoal ? 6 : 3;
      if (current(last.on, months, facts.today)) return null;
      return `Last HbA1c ${last.value} % on ${last.on} (${atGoal ? "at goal: every 6 months" : "above goal: every 3 months"}).`;
    },
  },
  {
    id: "cms122-hba1c-poor-control",
    title: "Diabetes: HbA1c above 9 % or not measured",
    source: "CMS122 Diabetes: Glycemic Status Assessment Greater Than 9 % (ages 18–75)",
    version: "CMS122v13 (2025)",
    evaluate(facts) {
      if (!hasProblem(facts, DIABETES) || !inAgeRange(facts, 18, 75)) return null;
      const last = facts.latestHbA1c;
      if (!last || !current(last.on, 12, facts.today)) return "No HbA1c in the last 12 months.";
      return last.value > HBA1C_POOR_CONTROL_PERCENT ? `Latest HbA1c ${last.value} % on ${last.on}.` : null;
    },
  },
  {
    id: "cms165-blood-pressure",
    title: "Hypertension: blood pressure not controlled",
    source: "CMS165 Controlling High Blood Pressure (ages 18–85; the latest reading, home readings included)",
    version: "CMS165v13 (2025)",
    evaluate(facts) {
      if (!hasProblem(facts, HYPERTENSION) || !inAgeRange(facts, 18, 85)) return null;
      const readings = [facts.clinicBloodPressure, facts.homeBloodPressure].filter((reading) => reading !== null);
      const latest = readings.sort((a, b) => b.at.localeCompare(a.at))[0];
      if (!latest) return "No blood pressure on record.";
      if (latest.systolic < 140 && latest.diastolic < 90) return null;
      const where = latest === facts.homeBloodPressure ? "at home" : "at the clinic";
      return `Latest ${latest.systolic}/${latest.diastolic} mmHg ${where} on ${dayOf(latest.at)} (goal below 140/90).`;
    },
  },
  {
    id: "uspstf-breast-cancer-screening",
    title: "Breast cancer screening (mammography) due",
    source: "USPSTF Breast Cancer: Screening, grade B: women 40–74, every 2 years",
    version: "2024-04",
    evaluate(facts) {
      if (facts.sex !== "FEMALE" || !inAgeRange(facts, 40, 74)) return null;
      const last = lastScreening(facts, "MAMMOGRAPHY");
      if (current(last, 24, facts.today)) return null;
      return last ? `Last mammogram on ${last}.` : "No mammogram on record.";
    },
  },
  {
    id: "uspstf-colorectal-cancer-screening",
    title: "Colorectal cancer screening due",
    source: "USPSTF Colorectal Cancer: Screening, grades A/B: adults 45–75 (colonoscopy every 10 years or FIT every year)",
    version: "2021-05",
    evaluate(facts) {
      if (!inAgeRange(facts, 45, 75)) return null;
      const colonoscopy = lastScreening(facts, "COLONOSCOPY");
      const fit = lastScreening(facts, "FIT");
      if (current(colonoscopy, 120, facts.today) || current(fit, 12, facts.today)) return null;
      const last = [colonoscopy && `colonoscopy on ${colonoscopy}`, fit && `FIT on ${fit}`].filter(Boolean).join(", ");
      return last ? `Last ${last}.` : "No colorectal screening on record.";
    },
  },
  {
    id: "uspstf-cervical-cancer-screening",
    title: "Cervical cancer screening due",
    source: "USPSTF Cervical Cancer: Screening, grade A: women 21–65 (cytology every 3 years; from 30, hrHPV every 5 years instead)",
    version: "2018-08",
    evaluate(facts) {
      if (facts.sex !== "FEMALE" || !inAgeRange(facts, 21, 65)) return null;
      const cytology = lastScreening(facts, "CERVICAL_CYTOLOGY");
      const hpv = lastScreening(facts, "HPV_TEST");
      const hpvCounts = ageOnDate(facts.dateOfBirth, facts.today) >= 30;
      if (current(cytology, 36, facts.today) || (hpvCounts && current(hpv, 60, facts.today))) return null;
      const last = [cytology && `cytology on ${cytology}`, hpvCounts && hpv && `hrHPV test on ${hpv}`].filter(Boolean).join(", ");
      return last ? `Last ${last}.` : "No cervical screening on record.";
    },
  },
  {
    id: "uspstf-lung-cancer-screening",
    title: "Lung cancer screening (low-dose CT) due",
    source: "USPSTF Lung Cancer: Screening, grade B: adults 50–80 with ≥ 20 pack-years who smoke or quit within 15 years, every year",
    version: "2021-03",
    evaluate(facts) {
      if (!inAgeRange(facts, 50, 80) || facts.packYears === null || facts.packYears < 20) return null;
      const last = lastScreening(facts, "LOW_DOSE_CT");
      if (current(last, 12, facts.today)) return null;
      return `${facts.packYears} pack-years; ${last ? `last low-dose CT on ${last}` : "no low-dose CT on record"}.`;
    },
  },
];

/** The open care gaps for the patient, in the rules' order. */
export function careGaps(facts: CareGapFacts): CareGap[] {
  return CARE_GAP_RULES.flatMap((rule) => {
    const reason = rule.evaluate(facts);
    return reason === null ? [] : [{ ruleId: rule.id, title: rule.title, source: rule.source, version: rule.version, reason }];
  });
}
