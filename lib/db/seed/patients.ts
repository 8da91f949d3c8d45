import "server-only";
import { AdministrativeSex, Role } from "../generated/enums";
import { emailLocalPart, FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, NEUTRAL_GIVEN_NAMES } from "./catalog/names";
import { dateOnly, dayFromIso, isoFromDay, yearsBetween, yearsToDays, type Day } from "./days";
import { CLINIC_TIME_ZONE, DEMO_PATIENT } from "./demo-clinic";
import { roundTo } from "./numbers";
import type { Random } from "./random";
import type { SeedRows } from "./rows";
import type { ClinicPhysician } from "./staff";
import { zonedTimeToUtc } from "../../scheduling/zoned-time";

export interface PatientProfile {
  index: number;
  id: string;
  /** Only the demo patient has a sign-in. */
  userId: string | null;
  mrn: string;
  givenName: string;
  familyName: string;
  sex: AdministrativeSex;
  birthDay: Day;
  timeZone: string;
  email: string;
  phone: string;
  physician: ClinicPhysician;
  /** The first visit; the history runs from here to the day before the seed day. */
  historyStartDay: Day;
  registeredAt: Date;
  heightM: number;
}

const EARLIEST_BIRTH_DAY = dayFromIso("1940-01-01");
const LATEST_BIRTH_DAY = dayFromIso("2010-12-31");
const MIN_HISTORY_YEARS = 2;
const MAX_HISTORY_YEARS = 10;

function mrnFor(index: number): string {
  return `MRN-${String(index + 1).padStart(6, "0")}`;
}

/** Patient `index` (0 is the demo patient); each patient draws from its own random stream. */
export function buildPatientProfile(index: number, random: Random, physicians: readonly ClinicPhysician[], seedDay: Day): PatientProfile {
  const physician = physicians[index % physicians.length] as ClinicPhysician;
  const id = random.uuid();
  const userId = index === 0 ? random.uuid() : null;
  const identity = index === 0 ? demoIdentity(seedDay) : randomIdentity(random, physician, seedDay);
  const registeredDay = identity.historyStartDay - random.int(2, 14);
  return {
    index,
    id,
    userId,
    mrn: mrnFor(index),
    ...identity,
    physician,
    registeredAt: zonedTimeToUtc(isoFromDay(registeredDay), random.int(9 * 60, 17 * 60), CLINIC_TIME_ZONE),
    heightM: roundTo(random.normal(...heightDistribution(identity.sex)), 2),
  };
}

type Identity = Pick<PatientProfile, "givenName" | "familyName" | "sex" | "birthDay" | "timeZone" | "email" | "phone" | "historyStartDay">;

function demoIdentity(seedDay: Day): Identity {
  return {
    givenName: DEMO_PATIENT.givenName,
    familyName: DEMO_PATIENT.familyName,
    sex: DEMO_PATIENT.sex,
    birthDay: dayFromIso(DEMO_PATIENT.dateOfBirth),
    timeZone: DEMO_PATIENT.timeZone,
    email: DEMO_PATIENT.email,
    phone: DEMO_PATIENT.phone,
    historyStartDay: seedDay - yearsToDays(DEMO_PATIENT.historyYears),
  };
}

function randomIdentity(random: Random, physician: ClinicPhysician, seedDay: Day): Identity {
  const sex = random.weighted([
    [AdministrativeSex.FEMALE, 0.5],
    [AdministrativeSex.MALE, 0.48],
    [AdministrativeSex.OTHER, 0.01],
    [AdministrativeSex.UNKNOWN, 0.01],
  ] as const);
  const givenName = random.pick(givenNamesFor(sex));
  const familyName = random.pick(FAMILY_NAMES);
  const birthDay = random.int(EARLIEST_BIRTH_DAY, LATEST_BIRTH_DAY);
  const timeZone = patientTimeZone(random, physician);
  const historyDays = random.int(yearsToDays(MIN_HISTORY_YEARS), yearsToDays(MAX_HISTORY_YEARS));
  return {
    givenName,
    familyName,
    sex,
    birthDay,
    timeZone,
    // example.com is reserved for documentation: mail to it can never reach a real person.
    email: `${emailLocalPart(givenName)}.${emailLocalPart(familyName)}${random.int(1, 99)}@example.com`,
    phone: phoneNumber(random, timeZone),
    historyStartDay: seedDay - historyDays,
  };
}

function givenNamesFor(sex: AdministrativeSex): readonly string[] {
  if (sex === AdministrativeSex.FEMALE) return FEMALE_GIVEN_NAMES;
  if (sex === AdministrativeSex.MALE) return MALE_GIVEN_NAMES;
  return NEUTRAL_GIVEN_NAMES;
}

/** Patients mostly live near their physician; telehealth lets a few live far away. */
function patientTimeZone(random: Random, physician: ClinicPhysician): string {
  if (physician.timeZone === "Europe/Berlin") {
    return random.weighted([
      ["Europe/Berlin", 0.6],
      ["America/New_York", 0.4],
    ] as const);
  }
  return random.weighted([
    ["America/New_York", 0.75],
    ["America/Chicago", 0.2],
    ["Europe/Berlin", 0.05],
  ] as const);
}

/** Fictional numbers: US 555-01xx lines are reserved for fiction. */
function phoneNumber(random: Random, timeZone: string): string {
  if (timeZone === "Europe/Berlin") return `+4930555${random.int(10000, 99999)}`;
  const areaCode = random.pick(timeZone === "America/Chicago" ? ["312", "773", "872"] : ["212", "347", "646", "718", "917"]);
  return `+1${areaCode}5550${random.int(100, 199)}`;
}

function heightDistribution(sex: AdministrativeSex): [mean: number, sd: number] {
  if (sex === AdministrativeSex.FEMALE) return [1.63, 0.07];
  if (sex === AdministrativeSex.MALE) return [1.77, 0.075];
  return [1.7, 0.08];
}

export function ageOn(profile: PatientProfile, day: Day): number {
  return yearsBetween(profile.birthDay, day);
}

/**
 * The care-gap rules' history, by the patient's number and drawing only on a stream
 * of its own (so the rest of the clinic stays as it was): every
 * third patient smoked 25 pack-years; every fourth after the first had a
 * colonoscopy three years ago; every other woman a mammogram a year ago. The
 * rest, Alex among them, have gaps open (colorectal and cervical screening for Alex).
 */
function careGapHistory(profile: PatientProfile, seedDay: Day, ids: Random): { packYears: number | null; screenings: SeedRows["screeningRecords"] } {
  const screenings: SeedRows["screeningRecords"] = [];
  const done = (kind: "COLONOSCOPY" | "MAMMOGRAPHY", daysAgo: number) =>
    screenings.push({ id: ids.uuid(), patientId: profile.id, kind, performedOn: dateOnly(seedDay - daysAgo) });
  if (profile.index % 4 === 1) done("COLONOSCOPY", 3 * 365);
  if (profile.sex === AdministrativeSex.FEMALE && profile.index % 2 === 0 && profile.index > 0) done("MAMMOGRAPHY", 365);
  return { packYears: profile.index % 3 === 2 ? 25 : null, screenings };
}

export function patientRows(profile: PatientProfile, seedDay: Day, screeningIds: Random): Pick<SeedRows, "users" | "patients" | "screeningRecords"> {
  const { packYears, screenings } = careGapHistory(profile, seedDay, screeningIds);
  const name = `${profile.givenName} ${profile.familyName}`;
  const users: SeedRows["users"] = profile.userId
    ? [{ id: profile.userId, email: profile.email, name, role: Role.PATIENT, createdAt: profile.registeredAt, updatedAt: profile.registeredAt }]
    : [];
  return {
    users,
    patients: [
      {
        id: profile.id,
        mrn: profile.mrn,
        givenName: profile.givenName,
        familyName: profile.familyName,
        dateOfBirth: dateOnly(profile.birthDay),
        sex: profile.sex,
        email: profile.email,
        phone: profile.phone,
        timeZone: profile.timeZone,
        packYears,
        userId: profile.userId,
        createdAt: profile.registeredAt,
        updatedAt: profile.registeredAt,
      },
    ],
    screeningRecords: screenings,
  };
}
