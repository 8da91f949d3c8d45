import { z } from "zod";
import { recordIdOf } from "@/lib/http/ids";

// The rules of a medication reconciliation without the database: its input
// schema (the route reuses it), which statuses need a reason, and what the
// patient reported at check-in for each medication.

export const RECONCILIATION_STATUSES = ["TAKING", "NOT_TAKING", "TAKING_DIFFERENTLY", "STOPPED"] as const;
export type ReconciliationStatus = (typeof RECONCILIATION_STATUSES)[number];

/** A status that changes what the patient takes: the physician says why. */
export const REASON_REQUIRED: ReadonlySet<ReconciliationStatus> = new Set(["STOPPED", "TAKING_DIFFERENTLY"]);

export const RECONCILIATION_MAX_ITEMS = 200;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

// An empty reason is let through here, so that its refusal is a clinical one (422, audited), not a 400.
const oneLine = (label: string) =>
  z
    .string()
    .trim()
    .max(500, `Keep the ${label} to 500 characters.`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), `Write the ${label} on one line.`)
    .default("");

export const recordReconciliationInput = z.strictObject({
  appointmentId: recordIdOf("appointment"),
  items: z
    .array(
      z.strictObject({
        medicationId: recordIdOf("medication"),
        status: z.enum(RECONCILIATION_STATUSES, "Choose taking, not taking, taking differently or stopped."),
        reason: oneLine("reason"),
        note: oneLine("note"),
      }),
    )
    .min(1, "Reconcile at least one medication.")
    .max(RECONCILIATION_MAX_ITEMS, `At most ${RECONCILIATION_MAX_ITEMS} medications.`),
});

export type RecordReconciliationInput = z.input<typeof recordReconciliationInput>;
export type RecordReconciliation = z.output<typeof recordReconciliationInput>;

/** The items whose status needs a reason and have none. */
export function itemsMissingReason<T extends { status: ReconciliationStatus; reason: string }>(items: readonly T[]): T[] {
  return items.filter((item) => REASON_REQUIRED.has(item.status) && item.reason === "");
}

/** Medication ids listed more than once. */
export function repeatedMedications(items: ReadonlyArray<{ medicationId: string }>): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { medicationId } of items) {
    if (seen.has(medicationId)) repeated.add(medicationId);
    seen.add(medicationId);
  }
  return [...repeated];
}

/** What the patient said about a medication at check-in (the intake's medication list question). */
export interface CheckInReport {
  response: "taking" | "notTaking" | "takingDifferently";
  note: string;
}

const checkInRow = z.object({
  medicationId: z.string(),
  response: z.enum(["taking", "notTaking", "takingDifferently"]),
  note: z.string().default(""),
});

/**
 * The check-in's answers about medications, by medication id: every answer
 * that is a list of { medicationId, response } rows (the questionnaire's
 * medication list question, whatever its id). Rows of another shape are skipped.
 */
export function checkInReports(answers: unknown): Map<string, CheckInReport> {
  const reports = new Map<string, CheckInReport>();
  if (answers === null || typeof answers !== "object") return reports;
  for (const answer of Object.values(answers)) {
    if (!Array.isArray(answer)) continue;
    for (const row of answer) {
      const parsed = checkInRow.safeParse(row);
      if (parsed.success) reports.set(parsed.data.medicationId, { response: parsed.data.response, note: parsed.data.note });
    }
  }
  return reports;
}
