import "server-only";
import { z } from "zod";
import { actingUserId, auditActor, authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import { authorizePatient } from "@/lib/chart/access";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { enqueueJob } from "@/lib/jobs/queue";
import { labResultsMailJob } from "@/lib/notifications/lab-results-mail";
import { OrderConflictError } from "./errors";
import { LAB_ORDER_SELECT, toLabOrderView, type LabOrderView } from "./orders";
import { inboxOrder, overdueBefore, severityOf, type ResultSeverity } from "./rules";

// The physician's results and tasks inbox: orders of theirs with new results
// (critical, then abnormal, first), their unsigned notes, and their orders
// still pending after OVERDUE_ORDER_DAYS. Signing results off is audited (who,
// when, whether the patient was told); notifying the patient queues a mail and
// lets the portal show those results.

export interface InboxResult extends LabOrderView {
  patientId: string;
  patientName: string;
  severity: ResultSeverity;
  resultedAt: Date;
}

export interface InboxNote {
  appointmentId: string;
  patientName: string;
  startsAt: Date;
}

export interface InboxOverdueOrder {
  id: string;
  patientName: string;
  panelName: string;
  orderedAt: Date;
}

export interface PhysicianInbox {
  results: InboxResult[];
  unsignedNotes: InboxNote[];
  overdueOrders: InboxOverdueOrder[];
}

const INBOX_MAX = 200;

const patientName = (patient: { givenName: string; familyName: string }) => `${patient.givenName} ${patient.familyName}`;

/** The signed-in physician's inbox. */
export async function physicianInbox(db: Database, context: RequestContext, options: { now?: Date } = {}): Promise<PhysicianInbox> {
  const now = options.now ?? new Date();
  const physicianId = context.actor.kind === "user" ? context.actor.physicianId : null;
  await authorize(db, context, "inbox.read", { type: "physician", physicianId: physicianId ?? "none" });
  const userId = actingUserId(context);
  const patient = { select: { givenName: true, familyName: true } } as const;
  const [resulted, notes, overdue] = await Promise.all([
    db.labOrder.findMany({
      where: { physicianId: physicianId!, status: "RESULTED" },
      take: INBOX_MAX,
      select: { ...LAB_ORDER_SELECT, patientId: true, patient },
    }),
    db.consultationNote.findMany({
      where: { authorId: userId, status: "DRAFT" },
      take: INBOX_MAX,
      orderBy: { visit: { appointment: { startsAt: "asc" } } },
      select: { visit: { select: { appointment: { select: { id: true, startsAt: true, patientId: true, patient } } } } },
    }),
    db.labOrder.findMany({
      where: { physicianId: physicianId!, status: "PENDING", orderedAt: { lt: overdueBefore(now) } },
      take: INBOX_MAX,
      orderBy: { orderedAt: "asc" },
      select: { id: true, panelName: true, orderedAt: true, patientId: true, patient },
    }),
  ]);
  // As every list of patients does: one audit event per patient shown, written in one batch.
  const shown = new Set([...resulted, ...overdue].map((row) => row.patientId).concat(notes.map((note) => note.visit.appointment.patientId)));
  await Promise.all(
    [...shown].map((patientId) =>
      recordAudit(db, { ...auditActor(context), action: "inbox.read", patientId, resourceType: "patient", resourceId: patientId, outcome: "ALLOWED" }),
    ),
  );
  return {
    results: inboxOrder(
      resulted.map(({ patientId, patient: who, ...row }) => {
        const view = toLabOrderView(row);
        return { ...view, patientId, patientName: patientName(who), severity: severityOf(view.results.map((result) => result.flag)), resultedAt: view.resultedAt ?? view.orderedAt };
      }),
    ),
    unsignedNotes: notes.map(({ visit: { appointment } }) => ({ appointmentId: appointment.id, patientName: patientName(appointment.patient), startsAt: appointment.startsAt })),
    overdueOrders: overdue.map((row) => ({ id: row.id, panelName: row.panelName, orderedAt: row.orderedAt, patientName: patientName(row.patient) })),
  };
}

export const signOffResultsInput = z.strictObject({
  orderId: recordIdOf("lab order"),
  /** Also tell the patient: a mail, and the results in their portal. */
  notifyPatient: z.boolean(),
});
export type SignOffResultsInput = z.input<typeof signOffResultsInput>;

/**
 * Signs off an order's results (audited, with who and when) and, when asked,
 * notifies the patient. Refused (409) when the order has no results waiting.
 */
export async function signOffResults(
  db: Database,
  context: RequestContext,
  input: SignOffResultsInput,
  options: { now?: Date } = {},
): Promise<LabOrderView> {
  const { orderId, notifyPatient } = signOffResultsInput.parse(input);
  const now = options.now ?? new Date();
  const order = await db.labOrder.findUnique({ where: { id: orderId }, select: { patientId: true } });
  if (!order) return refuseMissing(db, context, "lab.review", "labOrder", orderId);
  await authorizePatient(db, context, "lab.review", order.patientId);
  const userId = actingUserId(context);
  return db.$transaction(async (tx) => {
    const { count } = await tx.labOrder.updateMany({
      where: { id: orderId, status: "RESULTED" },
      data: { status: "REVIEWED", reviewedAt: now, reviewedByUserId: userId, ...(notifyPatient ? { patientNotifiedAt: now } : {}) },
    });
    if (count === 0) throw new OrderConflictError("ORDER_NOT_RESULTED", "This order has no new results to sign off.");
    await recordAudit(tx, {
      ...auditActor(context),
      action: "lab.signoff",
      patientId: order.patientId,
      resourceType: "labOrder",
      resourceId: orderId,
      outcome: "ALLOWED",
      reason: notifyPatient ? "Signed off; patient notified" : "Signed off",
    });
    if (notifyPatient) await enqueueJob(tx, labResultsMailJob(orderId, now));
    return toLabOrderView(await tx.labOrder.findUniqueOrThrow({ where: { id: orderId }, select: LAB_ORDER_SELECT }));
  });
}

/** The results the patient's physicians have signed off and told them about, newest first. */
export async function notifiedResultsOf(db: Database, context: RequestContext, input: { patientId: string }): Promise<LabOrderView[]> {
  await authorizePatient(db, context, "chart.read", input.patientId);
  const rows = await db.labOrder.findMany({
    where: { patientId: input.patientId, patientNotifiedAt: { not: null } },
    orderBy: [{ patientNotifiedAt: "desc" }, { id: "desc" }],
    take: 100,
    select: LAB_ORDER_SELECT,
  });
  return rows.map(toLabOrderView);
}
