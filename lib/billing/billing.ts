import "server-only";
import { z } from "zod";
import { authorize, ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import { csvRecord } from "@/lib/audit/search";
import type { Database } from "@/lib/db/prisma";
import { CLINIC_NAME } from "@/lib/fhir/systems";
import { AppError } from "@/lib/http/app-error";
import { recordIdOf } from "@/lib/http/ids";
import { storedTelehealthBlock, telehealthLines, type TelehealthBlock } from "@/lib/notes/telehealth-block";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { cptLabel, icd10Label } from "./codes";
import { claimLine, DEFAULT_PAYER, type ClaimLine, type PayerRuleRow } from "./claim";

// Billing a telehealth visit: the superbill of each signed visit (for its
// physician and the clinic's administrators), the CSV of a date range for the
// clinic's billing system, and the payer rules that decide modifiers, which
// administrators keep because payers change them. Every read is audited by
// authorize(); the export also says how many rows it carried.

const CLINIC = { type: "clinic" } as const;

/** Nothing to bill yet: the visit's note is not signed. */
export class NotBillableError extends AppError {
  override name = "NotBillableError";
  readonly status = 409;
  readonly code = "NOT_BILLABLE";
}

export const superbillInput = z.strictObject({ appointmentId: recordIdOf("appointment") });
export type SuperbillInput = z.input<typeof superbillInput>;

export interface Superbill {
  appointmentId: string;
  clinicName: string;
  physician: { name: string; specialty: string; licenseNumber: string; licenseState: string | null };
  patient: { name: string; dateOfBirth: string; mrn: string; payer: string | null };
  /** YYYY-MM-DD in the appointment's time zone. */
  dateOfService: string;
  line: ClaimLine & { cptLabel: string; diagnoses: { code: string; label: string }[] };
  telehealth: TelehealthBlock;
  telehealthStatement: string[];
  signedAt: Date;
  signedByName: string;
}

export async function payerRules(db: Database): Promise<PayerRuleRow[]> {
  return db.payerRule.findMany({ orderBy: [{ payer: "asc" }, { modality: "asc" }], select: { payer: true, modality: true, modifier: true } });
}

function dateInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

const SUPERBILL_APPOINTMENT = {
  startsAt: true,
  patient: { select: { givenName: true, familyName: true, dateOfBirth: true, mrn: true, payer: true, timeZone: true } },
  physician: {
    select: { specialty: true, licenseNumber: true, timeZone: true, user: { select: { name: true } }, licenses: { select: { state: true, licenseNumber: true } } },
  },
  visit: {
    select: {
      note: { select: { status: true, telehealth: true, cptCode: true, diagnosisCodes: true, signedAt: true, signedBy: { select: { name: true } } } },
    },
  },
} as const;

/** The signed visit's superbill: 409 NOT_BILLABLE until its note is signed with a telehealth block and a code. */
export async function getSuperbill(db: Database, context: RequestContext, input: SuperbillInput): Promise<Superbill> {
  const { appointmentId } = superbillInput.parse(input);
  const appointment = await authorizeAppointment(db, context, appointmentId, "billing.read", { select: SUPERBILL_APPOINTMENT });
  const note = appointment.visit?.note;
  if (!note || note.status !== "SIGNED" || !note.signedAt) {
    throw new NotBillableError("This visit's note is not signed yet, so it has no superbill.");
  }
  const telehealth = storedTelehealthBlock(note.telehealth);
  const line = claimLine(telehealth, note, await payerRules(db), appointment.patient.payer);
  if (!telehealth || !line) throw new NotBillableError("This visit's note was signed without a telehealth block or a visit code, so it cannot be billed.");
  const { patient, physician } = appointment;
  // The licence of the state the patient was in, which is the one the visit was delivered under.
  const license = physician.licenses.find((entry) => entry.state === telehealth.patientLocation.state);
  return {
    appointmentId,
    clinicName: CLINIC_NAME,
    physician: {
      name: physician.user.name,
      specialty: physician.specialty,
      licenseNumber: license?.licenseNumber ?? physician.licenseNumber,
      licenseState: license?.state ?? null,
    },
    patient: {
      name: `${patient.givenName} ${patient.familyName}`,
      dateOfBirth: patient.dateOfBirth.toISOString().slice(0, 10),
      mrn: patient.mrn,
      payer: patient.payer,
    },
    dateOfService: dateInZone(appointment.startsAt, physician.timeZone),
    line: {
      ...line,
      cptLabel: cptLabel(line.cptCode) ?? line.cptCode,
      diagnoses: line.diagnosisCodes.map((code) => ({ code, label: icd10Label(code) ?? code })),
    },
    telehealth,
    telehealthStatement: telehealthLines(telehealth),
    signedAt: note.signedAt,
    signedByName: note.signedBy?.name ?? physician.user.name,
  };
}

// ---------------------------------------------------------------------------
// The CSV export.

/** At most a year per export: a billing system imports a period at a time. */
const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;
const isoDate = (label: string) => z.iso.date(`Give the ${label} date as YYYY-MM-DD.`);

export const billingExportInput = z
  .strictObject({ from: isoDate("first"), to: isoDate("last") })
  .refine(({ from, to }) => from <= to, { message: "The last date is before the first.", path: ["to"] })
  .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / DAY_MS < MAX_RANGE_DAYS, {
    message: `Export at most ${MAX_RANGE_DAYS} days at a time.`,
    path: ["to"],
  });
export type BillingExportInput = z.input<typeof billingExportInput>;

export const BILLING_CSV_COLUMNS = ["Date of service", "Patient MRN", "Physician", "CPT", "Modifier", "POS", "ICD-10 codes", "Minutes", "Payer"] as const;

export interface BillingRow {
  dateOfService: string;
  mrn: string;
  physician: string;
  line: ClaimLine;
}

/** One claim line as a CSV record, every cell formula-safe (the audit export's escaping). */
export function billingCsvRecord(row: BillingRow): string {
  const { line } = row;
  return csvRecord([
    row.dateOfService,
    row.mrn,
    row.physician,
    line.cptCode,
    line.modifier,
    line.placeOfService,
    line.diagnosisCodes.join(" "),
    line.minutes === null ? null : String(line.minutes),
    line.payer,
  ]);
}

/**
 * Every signed visit whose appointment starts on a day of the range (UTC days,
 * first and last included) as CSV with a header row, oldest first. Visits
 * signed without a block or code are left out and counted in the audit event.
 */
export async function billingCsv(db: Database, context: RequestContext, input: BillingExportInput): Promise<{ csv: string; rowCount: number }> {
  const { from, to } = billingExportInput.parse(input);
  await authorize(db, context, "billing.export", CLINIC, { detail: `visits from ${from} to ${to}` });
  const notes = await db.consultationNote.findMany({
    where: {
      status: "SIGNED",
      visit: { appointment: { startsAt: { gte: new Date(`${from}T00:00:00Z`), lt: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS) } } },
    },
    orderBy: [{ visit: { appointment: { startsAt: "asc" } } }, { id: "asc" }],
    select: {
      telehealth: true,
      cptCode: true,
      diagnosisCodes: true,
      visit: {
        select: {
          appointment: {
            select: {
              startsAt: true,
              patient: { select: { mrn: true, payer: true } },
              physician: { select: { timeZone: true, user: { select: { name: true } } } },
            },
          },
        },
      },
    },
  });
  const rules = await payerRules(db);
  const rows = notes.flatMap((note) => {
    const { appointment } = note.visit;
    const line = claimLine(storedTelehealthBlock(note.telehealth), note, rules, appointment.patient.payer);
    if (!line) return [];
    return [{ dateOfService: dateInZone(appointment.startsAt, appointment.physician.timeZone), mrn: appointment.patient.mrn, physician: appointment.physician.user.name, line }];
  });
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  return { csv: `\uFEFF${csvRecord([...BILLING_CSV_COLUMNS])}${rows.map(billingCsvRecord).join("")}`, rowCount: rows.length };
}

// ---------------------------------------------------------------------------
// Payer rules.

const MODIFIER = /^[A-Z0-9]{2}$/;

export const payerRuleInput = z.strictObject({
  payer: z
    .string("Name the payer.")
    .trim()
    .min(1, "Name the payer.")
    .max(100, "A payer's name is at most 100 characters.")
    .refine((payer) => !/[<>\u0000-\u001F\u007F]/.test(payer), "A payer's name may not contain < or > or control characters."),
  modality: z.enum(["VIDEO", "AUDIO_ONLY"], "The modality is video or audio-only."),
  /** Empty: no modifier for this payer and modality. */
  modifier: z
    .string()
    .trim()
    .toUpperCase()
    .refine((modifier) => modifier === "" || MODIFIER.test(modifier), "A modifier is two letters or digits, such as 95 or 93.")
    .transform((modifier) => (modifier === "" ? null : modifier)),
});
export type PayerRuleInput = z.input<typeof payerRuleInput>;

export const payerRuleRefInput = z.strictObject({ id: recordIdOf("payer rule") });
export type PayerRuleRefInput = z.input<typeof payerRuleRefInput>;

export interface PayerRuleView extends PayerRuleRow {
  id: string;
  updatedAt: Date;
}

export async function listPayerRules(db: Database, context: RequestContext): Promise<PayerRuleView[]> {
  await authorize(db, context, "billing.export", CLINIC, { detail: "payer rules" });
  return db.payerRule.findMany({
    orderBy: [{ payer: "asc" }, { modality: "asc" }],
    select: { id: true, payer: true, modality: true, modifier: true, updatedAt: true },
  });
}

/** Sets the modifier of a payer and modality (a new row, or the existing one changed). */
export async function savePayerRule(db: Database, context: RequestContext, input: PayerRuleInput): Promise<PayerRuleView> {
  const { payer, modality, modifier } = payerRuleInput.parse(input);
  await authorize(db, context, "billing.rules.write", CLINIC, { detail: `${payer} ${modality} → ${modifier ?? "no modifier"}` });
  return db.payerRule.upsert({
    where: { payer_modality: { payer, modality } },
    create: { payer, modality, modifier },
    update: { modifier },
    select: { id: true, payer: true, modality: true, modifier: true, updatedAt: true },
  });
}

/** Removes a payer's own rule (its visits then follow the default); the default rows stay. */
export async function deletePayerRule(db: Database, context: RequestContext, input: PayerRuleRefInput): Promise<void> {
  const { id } = payerRuleRefInput.parse(input);
  await authorize(db, context, "billing.rules.write", CLINIC, { detail: `remove payer rule ${id}` });
  const rule = await db.payerRule.findUnique({ where: { id }, select: { payer: true } });
  if (!rule) throw new ResourceNotFoundError(`Payer rule ${id} does not exist`);
  if (rule.payer === DEFAULT_PAYER) throw new DefaultRuleError();
  await db.payerRule.delete({ where: { id } });
}

export class DefaultRuleError extends AppError {
  override name = "DefaultRuleError";
  readonly status = 409;
  readonly code = "DEFAULT_PAYER_RULE";
  constructor() {
    super('The default ("*") rules stay: change their modifier instead.');
  }
}
