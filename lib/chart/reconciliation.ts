import "server-only";
import { z } from "zod";
import { AccessDeniedError, auditActor, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { ensureVisit } from "@/lib/visits/rooms";
import { ClinicalValidationError, type ClinicalValidationCode } from "./errors";
import {
  checkInReports,
  itemsMissingReason,
  recordReconciliationInput,
  repeatedMedications,
  type CheckInReport,
  type ReconciliationStatus,
  type RecordReconciliationInput,
} from "./reconciliation-rules";

// Medication reconciliation at a visit: the visit's physician walks the
// patient's active medication list (the clinic's own, prescribed ones and
// those imported from outside records), beside what the patient answered at
// check-in, and records each as taking, not taking, taking differently or
// stopped (the last two with a reason). A stopped medication leaves the active
// list (and its prescription is discontinued); an imported one stays as the
// outside record says, the reconciliation saying it was stopped. The latest
// reconciliation of a visit shows in its note and its after-visit summary.

export { recordReconciliationInput } from "./reconciliation-rules";
export type { RecordReconciliationInput } from "./reconciliation-rules";

export interface ReconciliationMedication {
  id: string;
  name: string;
  dose: string;
  frequency: string;
  /** Imported from an outside record. */
  outside: boolean;
  /** What the patient answered at this visit's check-in, if they did. */
  checkIn: CheckInReport | null;
}

export interface ReconciliationItemView {
  medicationId: string;
  name: string;
  dose: string;
  outside: boolean;
  checkInResponse: string | null;
  status: ReconciliationStatus;
  reason: string | null;
  note: string | null;
}

export interface ReconciliationView {
  id: string;
  recordedAt: Date;
  physicianName: string;
  items: ReconciliationItemView[];
}

/**
 * What a reconciliation is read with for the panel, the note and the
 * after-visit summary. The History tab reads the same fields in its own
 * statement (./history.ts).
 */
const RECONCILIATION_SELECT = {
  id: true,
  recordedAt: true,
  physician: { select: { user: { select: { name: true } } } },
  items: {
    orderBy: { position: "asc" },
    select: { medicationId: true, name: true, dose: true, outside: true, checkInResponse: true, status: true, reason: true, note: true },
  },
} as const;

type ReconciliationRow = Omit<ReconciliationView, "physicianName"> & { physician: { user: { name: string } } };

function toReconciliationView({ physician, ...row }: ReconciliationRow): ReconciliationView {
  return { ...row, physicianName: physician.user.name };
}

/** The visit's latest reconciliation, for the note and the after-visit summary (whose loaders authorize the read). */
export async function latestReconciliationOfVisit(db: Pick<Database, "medicationReconciliation">, visitId: string): Promise<ReconciliationView | null> {
  const row = await db.medicationReconciliation.findFirst({
    where: { visitId },
    orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
    select: RECONCILIATION_SELECT,
  });
  return row ? toReconciliationView(row) : null;
}

async function activeMedications(db: Database, patientId: string, appointmentId: string): Promise<ReconciliationMedication[]> {
  const [medications, checkIn] = await Promise.all([
    db.medication.findMany({
      where: { patientId, status: "ACTIVE" },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true, dose: true, frequency: true, importedResourceId: true },
    }),
    db.visitCheckIn.findUnique({ where: { appointmentId }, select: { intakeAnswers: true } }),
  ]);
  const reports = checkInReports(checkIn?.intakeAnswers ?? null);
  return medications.map(({ importedResourceId, ...medication }) => ({
    ...medication,
    outside: importedResourceId !== null,
    checkIn: reports.get(medication.id) ?? null,
  }));
}

export const visitReconciliationInput = z.strictObject({ appointmentId: recordIdOf("appointment") });
export type VisitReconciliationInput = z.input<typeof visitReconciliationInput>;

/** The "Reconcile medications" panel: the active list with the check-in's answers, and the visit's latest reconciliation. */
export async function getVisitReconciliation(
  db: Database,
  context: RequestContext,
  input: VisitReconciliationInput,
): Promise<{ medications: ReconciliationMedication[]; latest: ReconciliationView | null }> {
  const { appointmentId } = visitReconciliationInput.parse(input);
  const appointment = await authorizeAppointment(db, context, appointmentId, "medication.reconcile");
  const visit = await db.visit.findUnique({ where: { appointmentId }, select: { id: true } });
  const [medications, latest] = await Promise.all([
    activeMedications(db, appointment.patientId, appointmentId),
    visit ? latestReconciliationOfVisit(db, visit.id) : null,
  ]);
  return { medications, latest };
}

function todayUtc(now: Date): Date {
  return new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
}

/**
 * Records the reconciliation (201). Refused with 422, nothing written and the
 * refusal audited, when a stopped or changed medication has no reason, a
 * medication is listed twice, or one is not on this patient's active list.
 */
export async function recordReconciliation(
  db: Database,
  context: RequestContext,
  input: RecordReconciliationInput,
  options: { now?: Date } = {},
): Promise<ReconciliationView> {
  const { appointmentId, items } = recordReconciliationInput.parse(input);
  const now = options.now ?? new Date();
  const appointment = await authorizeAppointment(db, context, appointmentId, "medication.reconcile");
  const physicianId = context.actor.kind === "user" ? context.actor.physicianId : null;
  if (!physicianId) throw new AccessDeniedError("Only a physician reconciles medications.", 403);

  const refuse = async (code: ClinicalValidationCode, message: string, detail: string): Promise<never> => {
    await recordAudit(db, {
      ...auditActor(context),
      action: "medication.reconcile",
      patientId: appointment.patientId,
      resourceType: "appointment",
      resourceId: appointmentId,
      outcome: "DENIED",
      reason: detail,
    });
    throw new ClinicalValidationError(code, message);
  };

  const medications = await activeMedications(db, appointment.patientId, appointmentId);
  const byId = new Map(medications.map((medication) => [medication.id, medication]));
  const unknown = items.filter((item) => !byId.has(item.medicationId));
  if (unknown.length > 0) {
    await refuse(
      "MEDICATION_NOT_ON_LIST",
      "A medication sent is not on this patient's active list. Reload the list and reconcile again.",
      `Not on the active list: ${unknown.map((item) => item.medicationId).join(", ")}`,
    );
  }
  const repeated = repeatedMedications(items);
  if (repeated.length > 0) await refuse("REPEATED_MEDICATION", "Each medication is reconciled once.", `Listed twice: ${repeated.join(", ")}`);
  const withoutReason = itemsMissingReason(items);
  if (withoutReason.length > 0) {
    const names = withoutReason.map((item) => byId.get(item.medicationId)!.name);
    await refuse(
      "RECONCILIATION_REASON_REQUIRED",
      `Give the reason for each medication stopped or taken differently: ${names.join(", ")}.`,
      `No reason for ${withoutReason.map((item) => `${item.status} ${item.medicationId}`).join(", ")}`,
    );
  }

  return db.$transaction(async (tx) => {
    const visit = await ensureVisit(tx, appointmentId);
    const created = await tx.medicationReconciliation.create({
      data: {
        visitId: visit.id,
        patientId: appointment.patientId,
        physicianId,
        recordedAt: now,
        items: {
          create: items.map((item, position) => {
            const medication = byId.get(item.medicationId)!;
            return {
              medicationId: medication.id,
              position,
              name: medication.name,
              dose: medication.dose,
              outside: medication.outside,
              checkInResponse: medication.checkIn?.response ?? null,
              status: item.status,
              reason: item.reason || null,
              note: item.note || null,
            };
          }),
        },
      },
      select: RECONCILIATION_SELECT,
    });
    const stopped = items.filter((item) => item.status === "STOPPED" && !byId.get(item.medicationId)!.outside);
    for (const item of stopped) {
      const { prescriptionId } = await tx.medication.update({
        where: { id: item.medicationId },
        data: { status: "DISCONTINUED", endedOn: todayUtc(now) },
        select: { prescriptionId: true },
      });
      if (prescriptionId) {
        await tx.prescription.updateMany({
          where: { id: prescriptionId, status: "ACTIVE" },
          data: { status: "DISCONTINUED", discontinuedAt: now, discontinueReason: `Stopped at medication reconciliation: ${item.reason}` },
        });
      }
    }
    if (stopped.length > 0) {
      await recordAudit(tx, {
        ...auditActor(context),
        action: "medication.stop",
        patientId: appointment.patientId,
        resourceType: "medicationReconciliation",
        resourceId: created.id,
        outcome: "ALLOWED",
        reason: `Stopped at reconciliation: ${stopped.map((item) => `${byId.get(item.medicationId)!.name} (${item.reason})`).join("; ")}`,
      });
    }
    return toReconciliationView(created);
  });
}
