import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import type { AppointmentStatus, LabOrderStatus, PrescriptionStatus, ReconciliationStatus } from "@/lib/db/generated/enums";
import { authorizeAppointment } from "./appointment";

export interface VisitOverview {
  appointmentId: string;
  physicianName: string;
  visitTypeName: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  /** The patient's own zone: times on their pages are shown in it. */
  patientTimeZone: string;
  patientFirstName: string;
}

export interface AfterVisitSummary {
  plan: string;
  signedAt: Date;
  /** Every prescription written at the visit, in the order written; a discontinued one says so. */
  prescriptions: Array<{ drugName: string; dose: string; route: string; frequency: string; instructions: string | null; status: PrescriptionStatus }>;
  /** The lab panels ordered at the visit, in the order placed, each with where it stands (pending until results are in). */
  labOrders: Array<{ panelName: string; status: LabOrderStatus }>;
  /** The keys of the handouts the physician attached to the note, as stored (lib/notes/handouts.ts has their texts). */
  handouts: string[];
  /** The call's chat, oldest first, when the physician chose to include it (lib/visits/chat.ts); empty otherwise. */
  chat: Array<{ senderName: string; text: string; sentAt: Date }>;
  /** The visit's latest medication reconciliation: when, and each medication's status with the physician's reason. */
  reconciliation: { recordedAt: Date; items: Array<{ name: string; dose: string; status: ReconciliationStatus; reason: string | null }> } | null;
}

export async function getVisitOverview(db: Database, context: RequestContext, appointmentId: string): Promise<VisitOverview> {
  await authorizeAppointment(db, context, appointmentId, "visit.join");
  const appointment = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      status: true,
      visitType: { select: { name: true } },
      physician: { select: { user: { select: { name: true } } } },
      patient: { select: { givenName: true, timeZone: true } },
    },
  });
  return {
    appointmentId: appointment.id,
    physicianName: appointment.physician.user.name,
    visitTypeName: appointment.visitType.name,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    status: appointment.status,
    patientTimeZone: appointment.patient.timeZone,
    patientFirstName: appointment.patient.givenName,
  };
}

/**
 * The patient-facing summary of a visit, once its note is signed; null before
 * that. The patient's pages show it with its follow-up (lib/notes/after-visit-summary).
 */
export async function getAfterVisitSummary(
  db: Database,
  context: RequestContext,
  appointmentId: string,
): Promise<AfterVisitSummary | null> {
  await authorizeAppointment(db, context, appointmentId, "visit.summary.read");
  const visit = await db.visit.findUnique({
    where: { appointmentId },
    select: {
      note: { select: { status: true, plan: true, signedAt: true, handouts: true } },
      includeChatInSummary: true,
      chatMessages: { select: { senderName: true, text: true, sentAt: true }, orderBy: [{ sentAt: "asc" }, { id: "asc" }] },
      prescriptions: {
        select: { drugName: true, dose: true, route: true, frequency: true, instructions: true, status: true },
        orderBy: { prescribedAt: "asc" },
      },
      reconciliations: {
        orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { recordedAt: true, items: { orderBy: { position: "asc" }, select: { name: true, dose: true, status: true, reason: true } } },
      },
      labOrders: { select: { panelName: true, status: true }, orderBy: [{ orderedAt: "asc" }, { id: "asc" }] },
    },
  });
  const note = visit?.note;
  if (!note || note.status !== "SIGNED" || !note.signedAt) return null;
  return {
    plan: note.plan,
    signedAt: note.signedAt,
    prescriptions: visit.prescriptions,
    labOrders: visit.labOrders,
    handouts: note.handouts,
    chat: visit.includeChatInSummary ? visit.chatMessages : [],
    reconciliation: visit.reconciliations[0] ?? null,
  };
}
