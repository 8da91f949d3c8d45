import "server-only";
import { z } from "zod";
import { authorize, type RequestContext } from "@/lib/auth/access";
import { stateLabel, US_STATE_CODES } from "@/lib/geography/us-states";
import type { LicensureMode } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { licensureFor, utcDay } from "./status";
import type { PhysicianLicensure, PhysicianLicenseView } from "./types";

// Administrators keep each physician's licences (state, number, expiry) and the
// clinic's rule for a patient located where the physician is not licensed:
// WARN (the physician records a reason to go on) or BLOCK. Every change is
// authorized as licensure.manage, whose audit event says what changed.

const CLINIC = { type: "clinic" } as const;

const UNSAFE_CHARACTERS = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const saveLicenseInput = z.strictObject({
  physicianId: recordIdOf("physician"),
  state: z.enum(US_STATE_CODES, "Choose a state or territory from the list."),
  licenseNumber: z
    .string("Enter the license number.")
    .trim()
    .min(1, "Enter the license number.")
    .max(40, "Use at most 40 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9 .\/-]*$/, "Use letters, digits, spaces, dots, slashes and hyphens.")
    .refine((value) => !UNSAFE_CHARACTERS.test(value), "Remove the control characters."),
  expiresOn: z
    .string("Enter the expiry date.")
    .regex(ISO_DATE, "Enter the expiry date as YYYY-MM-DD.")
    .transform((value, context) => {
      const date = new Date(`${value}T00:00:00Z`);
      // Date rolls 2027-02-30 over to March; a date that does not exist is refused instead.
      if (Number.isNaN(date.getTime()) || utcDay(date) !== value) {
        context.addIssue({ code: "custom", message: "That date does not exist." });
        return z.NEVER;
      }
      return date;
    }),
});

/** As a form sends it: every field text, checked by saveLicenseInput. */
export type SaveLicenseInput = { [Field in keyof z.input<typeof saveLicenseInput>]: string };

export const licenseReference = z.strictObject({ licenseId: recordIdOf("licence") });

export const licensureModeInput = z.strictObject({ mode: z.enum(["WARN", "BLOCK"], "Choose warn or block.") });

export interface ClinicLicensure {
  mode: LicensureMode;
  physicians: PhysicianLicensure[];
}

/** The clinic's rule, WARN until an administrator chooses otherwise. */
export async function licensureMode(db: Database): Promise<LicensureMode> {
  const settings = await db.clinicSettings.findUnique({ where: { id: 1 }, select: { licensureMode: true } });
  return settings?.licensureMode ?? "WARN";
}

const LICENSE_SELECT = { id: true, state: true, licenseNumber: true, expiresOn: true } as const;

function licenseView(license: { id: string; state: string; licenseNumber: string; expiresOn: Date }, today: Date): PhysicianLicenseView {
  return {
    id: license.id,
    state: license.state,
    stateLabel: stateLabel(license.state),
    licenseNumber: license.licenseNumber,
    expiresOn: utcDay(license.expiresOn),
    status: licensureFor([license], license.state, today),
  };
}

async function physiciansWithLicenses(db: Database, where: { id?: { in: string[] } }, today: Date): Promise<PhysicianLicensure[]> {
  const physicians = await db.physician.findMany({
    where: { ...where, user: { disabledAt: null } },
    select: { id: true, user: { select: { name: true } }, licenses: { select: LICENSE_SELECT, orderBy: { state: "asc" } } },
    orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
  });
  return physicians.map((physician) => ({
    physicianId: physician.id,
    name: physician.user.name,
    licenses: physician.licenses.map((license) => licenseView(license, today)),
  }));
}

/** Every active physician with their licences, and the clinic's rule: the administrators' page. */
export async function listClinicLicensure(db: Database, context: RequestContext, now = new Date()): Promise<ClinicLicensure> {
  await authorize(db, context, "licensure.manage", CLINIC);
  const [mode, physicians] = await Promise.all([licensureMode(db), physiciansWithLicenses(db, {}, now)]);
  return { mode, physicians };
}

/** The licences of the physicians a scheduler chooses between (each read audited). */
export async function licensureOfPhysicians(db: Database, context: RequestContext, physicianIds: readonly string[], now = new Date()): Promise<PhysicianLicensure[]> {
  await Promise.all(physicianIds.map((physicianId) => authorize(db, context, "licensure.read", { type: "physician", physicianId })));
  return physiciansWithLicenses(db, { id: { in: [...physicianIds] } }, now);
}

/** USPS codes of the states where the physician's licence is current, from licensureOfPhysicians' answer. */
export function currentLicenseStates(licensure: readonly PhysicianLicensure[], physicianId: string): string[] {
  const physician = licensure.find((entry) => entry.physicianId === physicianId);
  return (physician?.licenses ?? []).filter((license) => license.status === "licensed").map((license) => license.state);
}

/** Adds a licence, or replaces the number and expiry of the physician's licence in that state. */
export async function saveLicense(db: Database, context: RequestContext, input: SaveLicenseInput): Promise<PhysicianLicenseView> {
  const { physicianId, state, licenseNumber, expiresOn } = saveLicenseInput.parse(input);
  await authorize(db, context, "licensure.manage", CLINIC, {
    detail: `licence ${state} ${licenseNumber} of physician ${physicianId}, expires ${utcDay(expiresOn)}`,
  });
  const physician = await db.physician.findUnique({ where: { id: physicianId }, select: { id: true } });
  if (!physician) throw new z.ZodError([{ code: "custom", path: ["physicianId"], message: "That is not a physician.", input: physicianId }]);
  const license = await db.physicianLicense.upsert({
    where: { physicianId_state: { physicianId, state } },
    create: { physicianId, state, licenseNumber, expiresOn },
    update: { licenseNumber, expiresOn },
    select: LICENSE_SELECT,
  });
  return licenseView(license, new Date());
}

/** Removes a licence; null when there is no such licence (already removed). */
export async function removeLicense(db: Database, context: RequestContext, input: z.input<typeof licenseReference>): Promise<PhysicianLicenseView | null> {
  const { licenseId } = licenseReference.parse(input);
  await authorize(db, context, "licensure.manage", CLINIC, { detail: `remove licence ${licenseId}` });
  const license = await db.physicianLicense.findUnique({ where: { id: licenseId }, select: LICENSE_SELECT });
  if (!license) return null;
  await db.physicianLicense.deleteMany({ where: { id: licenseId } });
  return licenseView(license, new Date());
}

/** Chooses what happens when the patient is where the physician is not licensed. */
export async function setLicensureMode(db: Database, context: RequestContext, input: { mode: string }): Promise<LicensureMode> {
  const { mode } = licensureModeInput.parse(input);
  await authorize(db, context, "licensure.manage", CLINIC, { detail: `licensure mode ${mode}` });
  await db.clinicSettings.upsert({ where: { id: 1 }, create: { id: 1, licensureMode: mode }, update: { licensureMode: mode } });
  return mode;
}
