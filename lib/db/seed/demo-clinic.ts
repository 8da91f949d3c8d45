import "server-only";
import { AdministrativeSex, AllergySeverity } from "../generated/enums";
import type { AllergenKey } from "./catalog/allergies";
import type { AcuteProblemKey, ChronicProblemKey } from "./catalog/problems";

// The named people of the demo clinic: the accounts a demo, the docs and the
// end-to-end tests rely on. Everyone else is generated.

export const DEMO_EMAIL_DOMAIN = "demo.clinic";

/** The clinic's home zone: "today" for the seed is the calendar day here. */
export const CLINIC_TIME_ZONE = "America/New_York";

/** Root of every random stream, so the same inputs always give the same clinic. */
export const SEED_KEY = "demo-clinic/v1";

/** Local minutes past midnight, [start, end). */
export interface MinuteRange {
  start: number;
  end: number;
}

/** ISO weekday (1 = Monday) → the hours worked that day. */
export type WeeklyHours = Readonly<Partial<Record<number, readonly MinuteRange[]>>>;

function hours(startHour: number, endHour: number): MinuteRange {
  return { start: Math.round(startHour * 60), end: Math.round(endHour * 60) };
}

function sameHoursOn(weekdays: readonly number[], ranges: readonly MinuteRange[]): WeeklyHours {
  return Object.fromEntries(weekdays.map((weekday) => [weekday, ranges]));
}

const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5] as const;

export const STANDARD_WEEKLY_HOURS: WeeklyHours = sameHoursOn(MONDAY_TO_FRIDAY, [hours(9, 12), hours(13, 17)]);

export interface NamedPhysician {
  givenName: string;
  familyName: string;
  email: string;
  specialty: string;
  timeZone: string;
  licenseNumber: string;
  weeklyHours: WeeklyHours;
  /** Problems this physician's patients are sure to include one of. */
  focus: readonly ChronicProblemKey[];
  /** Date overrides, placed relative to the seed day so a fresh clinic always shows them. */
  overrides: readonly PlannedOverride[];
  /** The visit types this physician offers; every one when left out. */
  visitTypes?: readonly VisitTypeCode[];
}

export interface PlannedOverride {
  /** On the first such ISO weekday at least `minDaysAhead` days after today. */
  weekday: number;
  minDaysAhead: number;
  /** Null: the day off. */
  hours: MinuteRange | null;
  note: string;
}

/** Every physician works a short session when the seed day falls on a weekend, so "today" is never empty. */
export const WEEKEND_SESSION = { hours: { start: 9 * 60, end: 13 * 60 }, note: "Weekend telehealth session" } as const;

export const DEMO_PHYSICIANS: readonly NamedPhysician[] = [
  {
    givenName: "Maya",
    familyName: "Lee",
    email: `maya.lee@${DEMO_EMAIL_DOMAIN}`,
    specialty: "Family medicine",
    timeZone: "America/New_York",
    licenseNumber: "NY-284731",
    weeklyHours: STANDARD_WEEKLY_HOURS,
    focus: [],
    overrides: [{ weekday: 6, minDaysAhead: 1, hours: hours(9, 12), note: "Extra Saturday morning clinic" }],
    // New patients go to her colleagues, so moving a new patient visit onto her calendar shows the refusal.
    visitTypes: ["FOLLOW_UP_15", "STANDARD_30"],
  },
  {
    givenName: "Samuel",
    familyName: "Okafor",
    email: `samuel.okafor@${DEMO_EMAIL_DOMAIN}`,
    specialty: "Internal medicine",
    timeZone: "America/New_York",
    licenseNumber: "NY-301958",
    weeklyHours: sameHoursOn(MONDAY_TO_FRIDAY, [hours(8.5, 12), hours(13, 16.5)]),
    focus: [],
    overrides: [{ weekday: 3, minDaysAhead: 7, hours: null, note: "Conference" }],
  },
  {
    givenName: "Lena",
    familyName: "Fischer",
    email: `lena.fischer@${DEMO_EMAIL_DOMAIN}`,
    specialty: "Endocrinology",
    timeZone: "Europe/Berlin",
    licenseNumber: "DE-LANR-482917605",
    weeklyHours: { ...sameHoursOn([1, 2, 3, 4], [hours(8, 12), hours(13, 16)]), 5: [hours(8, 13)] },
    focus: ["type2Diabetes", "prediabetes", "hypothyroidism", "osteoporosis"],
    overrides: [
      { weekday: 1, minDaysAhead: 10, hours: null, note: "Vacation day" },
      { weekday: 6, minDaysAhead: 8, hours: hours(9, 11), note: "Saturday diabetes education session" },
    ],
  },
];

export const DEMO_SCHEDULER = { name: "Jordan Rivera", email: `scheduler@${DEMO_EMAIL_DOMAIN}` } as const;
export const DEMO_ADMIN = { name: "Priya Shah", email: `admin@${DEMO_EMAIL_DOMAIN}` } as const;

export const VISIT_TYPES = [
  { code: "FOLLOW_UP_15", name: "Follow-up visit", durationMinutes: 15, bufferMinutes: 5 },
  { code: "STANDARD_30", name: "Standard visit", durationMinutes: 30, bufferMinutes: 5 },
  { code: "NEW_PATIENT_60", name: "New patient visit", durationMinutes: 60, bufferMinutes: 10 },
] as const;

export type VisitTypeCode = (typeof VISIT_TYPES)[number]["code"];

export interface PlannedCondition {
  problem: ChronicProblemKey;
  onsetYearsAgo: number;
  /** Force the catalog's first therapy change for this problem to happen. */
  changesTherapy: boolean;
}

export interface PlannedAllergy {
  allergen: AllergenKey;
  reaction: string;
  severity: AllergySeverity;
}

/** The patient with a sign-in, whose chart every demo opens: a full ten-year history. */
export const DEMO_PATIENT = {
  givenName: "Alex",
  familyName: "Morgan",
  email: `alex.morgan@${DEMO_EMAIL_DOMAIN}`,
  mrn: "MRN-000001",
  dateOfBirth: "1979-06-14",
  sex: AdministrativeSex.FEMALE,
  phone: "+12125550142",
  timeZone: "America/New_York",
  historyYears: 10,
  conditions: [
    { problem: "asthma", onsetYearsAgo: 30, changesTherapy: false },
    { problem: "hypertension", onsetYearsAgo: 11, changesTherapy: true },
    { problem: "hyperlipidemia", onsetYearsAgo: 6.5, changesTherapy: false },
    { problem: "type2Diabetes", onsetYearsAgo: 4.5, changesTherapy: true },
  ] satisfies readonly PlannedCondition[],
  acuteEpisodes: [
    { problem: "sinusitis", yearsAgo: 3.3 },
    { problem: "urinaryTractInfection", yearsAgo: 1.6 },
  ] satisfies readonly { problem: AcuteProblemKey; yearsAgo: number }[],
  allergies: [
    { allergen: "penicillin", reaction: "Hives and facial swelling", severity: AllergySeverity.SEVERE },
    { allergen: "shellfish", reaction: "Hives", severity: AllergySeverity.MODERATE },
  ] satisfies readonly PlannedAllergy[],
} as const;

/** The demo patient's coming visits: the first slot today with her physician, and an endocrinology consult. */
export const DEMO_PATIENT_UPCOMING: readonly { physicianIndex: number; daysAhead: number; visitTypeCode: VisitTypeCode; reason: string }[] = [
  { physicianIndex: 0, daysAhead: 0, visitTypeCode: "STANDARD_30", reason: "Follow-up: type 2 diabetes, hypertension" },
  { physicianIndex: 2, daysAhead: 12, visitTypeCode: "NEW_PATIENT_60", reason: "Endocrinology consultation: type 2 diabetes" },
];

export const DEMO_EMAILS = {
  physicians: DEMO_PHYSICIANS.map((physician) => physician.email),
  scheduler: DEMO_SCHEDULER.email,
  admin: DEMO_ADMIN.email,
  patient: DEMO_PATIENT.email,
} as const;
