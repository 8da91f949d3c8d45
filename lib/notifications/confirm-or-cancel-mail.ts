import "server-only";
import { z } from "zod";
import { replyLinkUrl } from "@/lib/auth/links/reply-links";
import { translatorFor } from "@/lib/i18n/translator";
import type { JobHandler, JobHandlers, JobRequest } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/send";
import { bookedVisitNoShowRisk } from "@/lib/scheduling/calendar";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";

// The day-before confirm-or-cancel mail of a visit whose no-show risk is high.
// A job is queued with every booking for a day before the start; it sends only
// if the visit is then still booked as it was, unconfirmed and high-risk, so
// the tier is judged on the history known the day before.

export const CONFIRM_OR_CANCEL_KIND = "appointment.confirmOrCancel";
const DAY_MS = 86_400_000;

const jobPayload = z.object({ appointmentId: z.string(), sequence: z.number().int() });

/** The job that sends the mail a day before the start; none when that moment has passed. */
export function confirmOrCancelMail(appointment: { id: string; sequence: number; startsAt: Date }, now: Date): JobRequest[] {
  const runAt = new Date(appointment.startsAt.getTime() - DAY_MS);
  if (runAt <= now) return [];
  return [
    {
      kind: CONFIRM_OR_CANCEL_KIND,
      payload: { appointmentId: appointment.id, sequence: appointment.sequence },
      runAt,
      dedupeKey: `${CONFIRM_OR_CANCEL_KIND}:${appointment.id}:${appointment.sequence}`,
    },
  ];
}

const sendConfirmOrCancel: JobHandler = async (payload, { db, now }) => {
  const { appointmentId, sequence } = jobPayload.parse(payload);
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      status: true,
      sequence: true,
      startsAt: true,
      createdAt: true,
      confirmedAt: true,
      patientId: true,
      physician: { select: { user: { select: { name: true } } } },
      patient: { select: { givenName: true, email: true, timeZone: true, preferredLanguage: true } },
    },
  });
  const to = appointment?.patient.email;
  if (!appointment || !to || appointment.status !== "BOOKED" || appointment.sequence !== sequence) return;
  if (appointment.confirmedAt || appointment.startsAt <= now) return;
  if ((await bookedVisitNoShowRisk(db, appointment)).tier !== "high") return;
  const { patient } = appointment;
  const physicianName = appointment.physician.user.name;
  const { t, intlLocale } = await translatorFor(patient.preferredLanguage, "mail");
  const when = formatDateTimeInZone(appointment.startsAt, patient.timeZone, intlLocale);
  await sendMail({
    to,
    subject: t("confirmOrCancel.subject", { physicianName, when }),
    text: [
      t("greeting", { name: patient.givenName }),
      t("confirmOrCancel.ask", { physicianName, when }),
      t("confirmOrCancel.confirm", { url: replyLinkUrl(appointment, "confirm") }),
      t("confirmOrCancel.cancel", { url: replyLinkUrl(appointment, "cancel") }),
    ].join("\n\n"),
  });
};

export const confirmOrCancelMailHandlers: JobHandlers = { [CONFIRM_OR_CANCEL_KIND]: sendConfirmOrCancel };
