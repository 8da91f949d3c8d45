import "server-only";
import { z } from "zod";
import { authorize, type RequestContext } from "@/lib/auth/access";
import type { ClientInfo } from "@/lib/auth/client-info";
import { MAX_REPLY_TOKEN_LENGTH, parseReplyToken, type ReplyAnswer, type ReplyToken } from "@/lib/auth/links/reply-links";
import type { Database } from "@/lib/db/prisma";
import { cancelAppointment } from "./booking";
import { schedulingNow } from "./clock";
import { ReplyLinkError, type ReplyLinkProblem } from "./errors";

// The patient's answer to the confirm-or-cancel mail. Opening a link changes
// nothing (mail scanners fetch links): its page has one button, which posts the
// answer here. A confirmation is recorded on the appointment (the scheduler's
// calendar shows it); a cancellation goes through the clinic's own.

const PATIENT_CANCEL_REASON = "Cancelled by the patient from the confirm-or-cancel mail";

/** What the reply page posts: the token from its URL, nothing else. */
export const appointmentReplyRequest = z.strictObject({ token: z.string().min(1).max(MAX_REPLY_TOKEN_LENGTH) });

export interface ReplyLinkView {
  answer: ReplyAnswer;
  physicianName: string;
  startsAt: Date;
  timeZone: string;
  /** Why the button is not offered; null while the answer can still be given. */
  problem: SpentOrExpired | null;
  /** What became of the visit, for a link already used. */
  outcome: "confirmed" | "cancelled" | null;
}

/** What the link's page shows (null: not one of our links); reading it changes nothing. */
export async function describeReplyLink(db: Database, token: string, now = schedulingNow()): Promise<ReplyLinkView | null> {
  const link = parseReplyToken(token);
  const appointment = link && (await loadAppointment(db, link.appointmentId));
  if (!link || !appointment) return null;
  return {
    answer: link.answer,
    physicianName: appointment.physician.user.name,
    startsAt: appointment.startsAt,
    timeZone: appointment.patient.timeZone,
    problem: problemOf(link, appointment, now),
    outcome: appointment.confirmedAt ? "confirmed" : appointment.status === "CANCELLED" ? "cancelled" : null,
  };
}

/** Gives the link's answer: confirms the visit, or cancels it through the clinic's cancellation. */
export async function replyToAppointment(
  db: Database,
  client: ClientInfo,
  input: { token: string },
  options: { now?: Date } = {},
): Promise<"confirmed" | "cancelled"> {
  const now = options.now ?? schedulingNow();
  const { token } = appointmentReplyRequest.parse(input);
  const link = parseReplyToken(token);
  const appointment = link && (await loadAppointment(db, link.appointmentId));
  if (!link || !appointment) throw new ReplyLinkError("invalid");
  const problem = problemOf(link, appointment, now);
  if (problem) throw new ReplyLinkError(problem);
  const context: RequestContext = { actor: { kind: "replyLink", appointmentId: appointment.id, patientId: appointment.patientId }, ...client };
  if (link.answer === "cancel") {
    await cancelAppointment(db, context, { appointmentId: appointment.id, reason: PATIENT_CANCEL_REASON }, { now });
    return "cancelled";
  }
  await authorize(db, context, "appointment.write", {
    type: "appointment",
    appointmentId: appointment.id,
    patientId: appointment.patientId,
    physicianId: appointment.physicianId,
  });
  const { count } = await db.appointment.updateMany({
    where: { id: appointment.id, status: "BOOKED", sequence: link.sequence, confirmedAt: null },
    data: { confirmedAt: now },
  });
  if (count !== 1) throw new ReplyLinkError("used");
  return "confirmed";
}

type Appointment = NonNullable<Awaited<ReturnType<typeof loadAppointment>>>;

type SpentOrExpired = Exclude<ReplyLinkProblem, "invalid">;

function problemOf(link: ReplyToken, appointment: Appointment, now: Date): SpentOrExpired | null {
  if (appointment.confirmedAt || appointment.status !== "BOOKED" || appointment.sequence !== link.sequence) return "used";
  if (now.getTime() >= link.expiresAt) return "expired";
  return null;
}

function loadAppointment(db: Database, appointmentId: string) {
  return db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      status: true,
      sequence: true,
      startsAt: true,
      confirmedAt: true,
      patientId: true,
      physicianId: true,
      physician: { select: { user: { select: { name: true } } } },
      patient: { select: { timeZone: true } },
    },
  });
}
