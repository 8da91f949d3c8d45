import "server-only";
import { firstConsentVersions } from "./consents";
import { Role } from "../generated/enums";
import { emailLocalPart, FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from "./catalog/names";
import { dateOnly, isoFromDay, isoWeekday, nextWeekday, yearsToDays, type Day } from "./days";
import {
  CLINIC_TIME_ZONE,
  DEMO_ADMIN,
  DEMO_EMAIL_DOMAIN,
  DEMO_PHYSICIANS,
  DEMO_SCHEDULER,
  STANDARD_WEEKLY_HOURS,
  VISIT_TYPES,
  WEEKEND_SESSION,
  type MinuteRange,
  type NamedPhysician,
  type VisitTypeCode,
  type WeeklyHours,
} from "./demo-clinic";
import { DEMO_INTAKE_QUESTIONS } from "./intake-questionnaire";
import type { Prisma } from "../generated/client";
import type { Random } from "./random";
import { emptyRows, type SeedRows } from "./rows";
import { zonedTimeToUtc } from "../../scheduling/zoned-time";

export interface ClinicPhysician {
  index: number;
  id: string;
  userId: string;
  name: string;
  timeZone: string;
  weeklyHours: WeeklyHours;
  /** Local date → the hours worked that day instead of the weekly ones. */
  overrides: ReadonlyMap<Day, DateOverride>;
  focus: NamedPhysician["focus"];
}

export interface DateOverride {
  day: Day;
  /** Null: the day off. */
  hours: MinuteRange | null;
  note: string;
}

export interface VisitTypeInfo {
  id: string;
  durationMinutes: number;
  bufferMinutes: number;
}

export interface Staff {
  physicians: ClinicPhysician[];
  schedulerUserId: string;
  visitTypes: Record<VisitTypeCode, VisitTypeInfo>;
  rows: SeedRows;
}

/** Patients per physician once the clinic grows past the three named ones. */
const PANEL_SIZE = 400;

/** How long the clinic has been open: the longest patient history fits inside. */
const CLINIC_AGE_YEARS = 10.5;

export function physicianCountFor(patients: number): number {
  return Math.max(DEMO_PHYSICIANS.length, Math.ceil(patients / PANEL_SIZE));
}

export function buildStaff(random: Random, patients: number, seedDay: Day): Staff {
  const rows = emptyRows();
  const openedAt = zonedTimeToUtc(isoFromDay(seedDay - yearsToDays(CLINIC_AGE_YEARS)), 9 * 60, CLINIC_TIME_ZONE);
  const addUser = (id: string, email: string, name: string, role: Role) =>
    rows.users.push({ id, email, name, role, createdAt: openedAt, updatedAt: openedAt });

  const schedulerUserId = random.fork("scheduler").uuid();
  addUser(schedulerUserId, DEMO_SCHEDULER.email, DEMO_SCHEDULER.name, Role.SCHEDULER);
  const adminUserId = random.fork("admin").uuid();
  addUser(adminUserId, DEMO_ADMIN.email, DEMO_ADMIN.name, Role.ADMIN);
  const consentRandom = random.fork("consents");
  rows.consentVersions.push(...firstConsentVersions({ telehealth: consentRandom.uuid(), recording: consentRandom.uuid() }, adminUserId, openedAt));

  const definitions = physicianDefinitions(random, physicianCountFor(patients));
  const physicians = definitions.map((definition, index) => {
    const physicianRandom = random.fork(`physician/${index}`);
    const physician: ClinicPhysician = {
      index,
      id: physicianRandom.uuid(),
      userId: physicianRandom.uuid(),
      name: `${definition.givenName} ${definition.familyName}`,
      timeZone: definition.timeZone,
      weeklyHours: definition.weeklyHours,
      overrides: new Map(dateOverrides(definition, seedDay).map((override) => [override.day, override])),
      focus: definition.focus,
    };
    addUser(physician.userId, definition.email, physician.name, Role.PHYSICIAN);
    rows.physicians.push({
      id: physician.id,
      userId: physician.userId,
      specialty: definition.specialty,
      licenseNumber: definition.licenseNumber,
      timeZone: definition.timeZone,
      createdAt: openedAt,
      updatedAt: openedAt,
    });
    rows.physicianLicenses.push(...licenseRows(physician, physicianRandom.fork("licenses"), seedDay, openedAt));
    rows.availabilityWindows.push(...availabilityWindowRows(physician, physicianRandom));
    rows.availabilityOverrides.push(...availabilityOverrideRows(physician, physicianRandom));
    return physician;
  });

  const visitTypeRandom = random.fork("visit-types");
  const visitTypes = {} as Record<VisitTypeCode, VisitTypeInfo>;
  for (const type of VISIT_TYPES) {
    const id = visitTypeRandom.uuid();
    visitTypes[type.code] = { id, durationMinutes: type.durationMinutes, bufferMinutes: type.bufferMinutes };
    rows.visitTypes.push({ id, ...type, isActive: true });
    rows.intakeQuestionnaires.push({
      id: random.fork(`intake-questionnaire/${type.code}`).uuid(),
      visitTypeId: id,
      version: 1,
      questions: DEMO_INTAKE_QUESTIONS,
      publishedAt: openedAt,
      publishedById: adminUserId,
    });
  }
  definitions.forEach((definition, index) => {
    const offered = definition.visitTypes ?? VISIT_TYPES.map((type) => type.code);
    rows.physicianVisitTypes.push(
      ...offered.map((code) => ({ physicianId: physicians[index]!.id, visitTypeId: visitTypes[code].id, createdAt: openedAt })),
    );
  });

  return { physicians, schedulerUserId, visitTypes, rows };
}

/** The named physicians first, then generated ones for larger clinics. */
function physicianDefinitions(random: Random, count: number): NamedPhysician[] {
  const definitions = [...DEMO_PHYSICIANS];
  const emails = new Set(definitions.map((definition) => definition.email));
  for (let index = definitions.length; index < count; index++) {
    const physicianRandom = random.fork(`physician/${index}/profile`);
    const givenName = physicianRandom.pick(physicianRandom.chance(0.5) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
    const familyName = physicianRandom.pick(FAMILY_NAMES);
    const timeZone = physicianRandom.weighted([
      ["America/New_York", 0.6],
      ["America/Chicago", 0.25],
      ["Europe/Berlin", 0.15],
    ] as const);
    definitions.push({
      givenName,
      familyName,
      email: uniqueEmail(`${emailLocalPart(givenName)}.${emailLocalPart(familyName)}`, emails),
      specialty: physicianRandom.weighted([
        ["Family medicine", 0.55],
        ["Internal medicine", 0.4],
        ["Endocrinology", 0.05],
      ] as const),
      timeZone,
      licenseNumber: licenseNumberFor(timeZone, physicianRandom),
      weeklyHours: STANDARD_WEEKLY_HOURS,
      focus: [],
      overrides: [],
    });
  }
  return definitions;
}

function licenseNumberFor(timeZone: string, random: Random): string {
  if (timeZone === "Europe/Berlin") return `DE-LANR-${random.int(100_000_000, 999_999_999)}`;
  if (timeZone === "America/Chicago") return `IL-036-${random.int(100_000, 199_999)}`;
  return `NY-${random.int(200_000, 399_999)}`;
}

function uniqueEmail(localPart: string, taken: Set<string>): string {
  let email = `${localPart}@${DEMO_EMAIL_DOMAIN}`;
  for (let suffix = 2; taken.has(email); suffix++) email = `${localPart}${suffix}@${DEMO_EMAIL_DOMAIN}`;
  taken.add(email);
  return email;
}

/**
 * The states where the demo clinic's physicians are licensed: the patients' usual ones. A physician is
 * licensed nowhere else, so a patient who checks in from, say, Nevada shows the licensure warning.
 */
export const DEMO_LICENSED_STATES = ["CA", "FL", "IL", "MA", "NJ", "NY", "PA", "TX", "WA"] as const;

function licenseRows(physician: ClinicPhysician, random: Random, seedDay: Day, openedAt: Date): Prisma.PhysicianLicenseCreateManyInput[] {
  // Renewed every two years; each runs to the end of the year after next.
  const expiresOn = new Date(`${Number(isoFromDay(seedDay).slice(0, 4)) + 2}-12-31T00:00:00Z`);
  return DEMO_LICENSED_STATES.map((state) => ({
    id: random.uuid(),
    physicianId: physician.id,
    state,
    licenseNumber: `${state}-${String(100000 + physician.index * 7919 + state.charCodeAt(0) * 31 + state.charCodeAt(1)).slice(-6)}`,
    expiresOn,
    createdAt: openedAt,
    updatedAt: openedAt,
  }));
}

function dateOverrides(definition: NamedPhysician, seedDay: Day): DateOverride[] {
  const weekend = isoWeekday(seedDay) >= 6 ? [{ day: seedDay, ...WEEKEND_SESSION }] : [];
  const planned = definition.overrides.map(({ weekday, minDaysAhead, hours, note }) => ({
    day: nextWeekday(seedDay + minDaysAhead, weekday),
    hours,
    note,
  }));
  return [...weekend, ...planned];
}

function availabilityWindowRows(physician: ClinicPhysician, random: Random): SeedRows["availabilityWindows"] {
  return Object.entries(physician.weeklyHours).flatMap(([weekday, ranges]) =>
    (ranges ?? []).map((range) => ({
      id: random.uuid(),
      physicianId: physician.id,
      weekday: Number(weekday),
      startMinute: range.start,
      endMinute: range.end,
    })),
  );
}

function availabilityOverrideRows(physician: ClinicPhysician, random: Random): SeedRows["availabilityOverrides"] {
  return [...physician.overrides.values()].map((override) => ({
    id: random.uuid(),
    physicianId: physician.id,
    date: dateOnly(override.day),
    isAvailable: override.hours !== null,
    startMinute: override.hours?.start ?? null,
    endMinute: override.hours?.end ?? null,
    note: override.note,
  }));
}
