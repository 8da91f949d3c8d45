import "server-only";
import { z } from "zod";
import { visitLinkUrl } from "@/lib/auth/links/visit-links";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { translatorFor } from "@/lib/i18n/translator";
import type { JobHandler, JobHandlers, JobRequest } from "@/lib/jobs/queue";
import { senderAddress, sendMail } from "@/lib/mail/send";
import { JOIN_OPENS_MINUTES_BEFORE_START } from "@/lib/scheduling/calendar";
import { renderCalendarInvite, type CalendarInvite } from "@/lib/scheduling/ical";
import { formatDateTimeInZone, formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";

// The patient's appointment mail, sent by the job queue: an invitation with a
// calendar event when a visit is booked or moved, a cancellation that removes
// the event, and reminders a day and a quarter of an hour before. Each is in
// the patient's preferred language (lib/i18n/messages/*/mail.json), with times
// in their zone.
//
// Jobs are queued when the appointment changes, but each handler re-reads the
// appointment and sends only if the job still describes it (same status and
// SEQUENCE), so mail about a visit that was moved or cancelled since is
// dropped silently instead of being sent late.
//
// A job names the patient's visit link by its id and the link is signed as the
// mail goes out: the signed link lets anyone who holds it into the visit, so
// it is never stored, and the Job table is no list of working links.

const APPOINTMENT_MAIL_KINDS = {
  invitation: "appointment.invitation",
  cancellation: "appointment.cancellation",
  reminder: "appointment.reminder",
} as const;

/** Minutes before the start at which a reminder goes out. */
const REMINDER_LEAD_MINUTES = [24 * 60, 15] as const;

const MINUTE_MS = 60_000;

const invitationPayload = z.object({
  appointmentId: z.string(),
  sequence: z.number().int(),
  visitLinkId: z.string().min(1),
});
const reminderPayload = invitationPayload.extend({ minutesBefore: z.number().int().positive() });
const cancellationPayload = z.object({ appointmentId: z.string(), sequence: z.number().int() });

interface MailedAppointment {
  id: string;
  sequence: number;
  startsAt: Date;
}

/** The invitation, now, and the reminders that are still ahead. */
export function bookedAppointmentMail(appointment: MailedAppointment, visitLinkId: string, now: Date): JobRequest[] {
  const base = { appointmentId: appointment.id, sequence: appointment.sequence, visitLinkId };
  const reminders = REMINDER_LEAD_MINUTES.map((minutesBefore) => ({
    minutesBefore,
    runAt: new Date(appointment.startsAt.getTime() - minutesBefore * MINUTE_MS),
  })).filter(({ runAt }) => runAt > now);
  return [
    {
      kind: APPOINTMENT_MAIL_KINDS.invitation,
      payload: base,
      runAt: now,
      dedupeKey: `${APPOINTMENT_MAIL_KINDS.invitation}:${appointment.id}:${appointment.sequence}`,
    },
    ...reminders.map(({ minutesBefore, runAt }) => ({
      kind: APPOINTMENT_MAIL_KINDS.reminder,
      payload: { ...base, minutesBefore },
      runAt,
      dedupeKey: `${APPOINTMENT_MAIL_KINDS.reminder}:${appointment.id}:${appointment.sequence}:${minutesBefore}`,
    })),
  ];
}

export function cancelledAppointmentMail(appointment: Omit<MailedAppointment, "startsAt">, now: Date): JobRequest {
  return {
    kind: APPOINTMENT_MAIL_KINDS.cancellation,
    payload: { appointmentId: appointment.id, sequence: appointment.sequence },
    runAt: now,
    dedupeKey: `${APPOINTMENT_MAIL_KINDS.cancellation}:${appointment.id}:${appointment.sequence}`,
  };
}

type Appointment = NonNullable<Awaited<ReturnType<typeof loadAppointment>>>;

const ACTIVE: ReadonlySet<AppointmentStatus> = new Set(["BOOKED", "CHECKED_IN"]);
const isCurrent = (appointment: Appointment, sequence: number) => ACTIVE.has(appointment.status) && appointment.sequence === sequence;

const sendInvitation: JobHandler = async (payload, { db, now }) => {
  const { appointmentId, sequence, visitLinkId } = invitationPayload.parse(payload);
  const appointment = await loadAppointment(db, appointmentId);
  const to = appointment?.patient.email;
  if (!appointment || !to || !isCurrent(appointment, sequence)) return;
  const visitUrl = visitLinkUrl(visitLinkId);
  const { patient, physicianName, visitType } = appointment;
  const { t, intlLocale } = await translatorFor(patient.preferredLanguage, "mail");
  const when = formatDateTimeInZone(appointment.startsAt, patient.timeZone, intlLocale);
  const movedFrom = appointment.rescheduledFrom && formatDateTimeInZone(appointment.rescheduledFrom.startsAt, patient.timeZone, intlLocale);
  const join = joinInstructions(t, visitUrl);
  await sendMail({
    to,
    subject: movedFrom ? t("invitation.subjectMoved", { physicianName, when }) : t("invitation.subject", { physicianName, when }),
    text: paragraphs(
      t("greeting", { name: patient.givenName }),
      t("invitation.booked", { visitType: visitType.name.toLowerCase(), minutes: visitType.durationMinutes, physicianName, when }),
      movedFrom && t("invitation.movedFrom", { when: movedFrom }),
      join,
    ),
    attachments: [
      calendarAttachment("REQUEST", {
        ...(await eventBasics(db, appointment, to, now, t)),
        description: paragraphs(t("invitation.eventDescription", { visitType: visitType.name, physicianName }), join),
        location: visitUrl,
      }),
    ],
  });
};

const sendReminder: JobHandler = async (payload, { db, now }) => {
  const { appointmentId, sequence, visitLinkId, minutesBefore } = reminderPayload.parse(payload);
  const appointment = await loadAppointment(db, appointmentId);
  const to = appointment?.patient.email;
  // A reminder held up until the visit has begun would only confuse.
  if (!appointment || !to || !isCurrent(appointment, sequence) || appointment.startsAt <= now) return;
  const visitUrl = visitLinkUrl(visitLinkId);
  const { patient, physicianName } = appointment;
  const { t, intlLocale } = await translatorFor(patient.preferredLanguage, "mail");
  const time = `${formatTimeInZone(appointment.startsAt, patient.timeZone, intlLocale)} ${zoneName(appointment.startsAt, patient.timeZone, intlLocale)}`;
  await sendMail({
    to,
    subject:
      minutesBefore > JOIN_OPENS_MINUTES_BEFORE_START
        ? t("reminder.subject", { physicianName, when: formatDateTimeInZone(appointment.startsAt, patient.timeZone, intlLocale) })
        : t("reminder.subjectJoinNow", { physicianName, time }),
    text: paragraphs(t("greeting", { name: patient.givenName }), t("reminder.startsAt", { physicianName, time }), joinInstructions(t, visitUrl)),
  });
};

const sendCancellation: JobHandler = async (payload, { db, now }) => {
  const { appointmentId, sequence } = cancellationPayload.parse(payload);
  const appointment = await loadAppointment(db, appointmentId);
  const to = appointment?.patient.email;
  if (!appointment || !to || appointment.status !== "CANCELLED" || appointment.sequence !== sequence) return;
  const { patient, physicianName } = appointment;
  const { t, intlLocale } = await translatorFor(patient.preferredLanguage, "mail");
  const when = formatDateTimeInZone(appointment.startsAt, patient.timeZone, intlLocale);
  await sendMail({
    to,
    subject: t("cancellation.subject", { physicianName, when }),
    text: `${paragraphs(t("greeting", { name: patient.givenName }), t("cancellation.cancelled", { physicianName, when }), t("cancellation.bookAgain"))}\n`,
    attachments: [
      calendarAttachment("CANCEL", {
        ...(await eventBasics(db, appointment, to, now, t)),
        description: t("cancellation.eventDescription", { physicianName }),
      }),
    ],
  });
};

export const appointmentMailHandlers: JobHandlers = {
  [APPOINTMENT_MAIL_KINDS.invitation]: sendInvitation,
  [APPOINTMENT_MAIL_KINDS.reminder]: sendReminder,
  [APPOINTMENT_MAIL_KINDS.cancellation]: sendCancellation,
};

async function loadAppointment(db: Database, appointmentId: string) {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      status: true,
      sequence: true,
      startsAt: true,
      endsAt: true,
      visitType: { select: { name: true, durationMinutes: true } },
      physician: { select: { user: { select: { name: true } } } },
      patient: { select: { givenName: true, familyName: true, email: true, timeZone: true, preferredLanguage: true } },
      rescheduledFrom: { select: { startsAt: true } },
    },
  });
  if (!appointment) return null;
  const { physician, ...rest } = appointment;
  return { ...rest, physicianName: physician.user.name };
}

type MailTranslator = Awaited<ReturnType<typeof translatorFor<"mail">>>["t"];

function joinInstructions(t: MailTranslator, visitUrl: string): string {
  return t("joinInstructions", { url: visitUrl, minutes: JOIN_OPENS_MINUTES_BEFORE_START });
}

/** A mail's paragraphs (each a whole message), blank lines between, leaving out those that do not apply. */
function paragraphs(...texts: Array<string | null | undefined>): string {
  return texts.filter((text): text is string => Boolean(text)).join("\n\n");
}

/** What the invitation and the cancellation of one appointment have in common. */
async function eventBasics(db: Database, appointment: Appointment, attendeeEmail: string, now: Date, t: MailTranslator) {
  const organizerEmail = senderAddress();
  return {
    // One UID for every version of the booking, so a move updates the event the patient already has.
    uid: `${await firstOfChain(db, appointment.id)}@${organizerEmail.split("@")[1] ?? "clinic.localhost"}`,
    sequence: appointment.sequence,
    start: appointment.startsAt,
    end: appointment.endsAt,
    stamp: now,
    summary: t("eventSummary", { physicianName: appointment.physicianName }),
    organizer: { name: appointment.physicianName, email: organizerEmail },
    attendee: { name: `${appointment.patient.givenName} ${appointment.patient.familyName}`, email: attendeeEmail },
  };
}

function calendarAttachment(method: CalendarInvite["method"], event: Omit<CalendarInvite, "method">) {
  return {
    filename: "invite.ics",
    content: renderCalendarInvite({ method, ...event }),
    contentType: `text/calendar; method=${method}; charset=UTF-8`,
  };
}

/** The appointment a chain of reschedules began with. */
async function firstOfChain(db: Database, appointmentId: string): Promise<string> {
  const [first] = await db.$queryRaw<Array<{ id: string }>>`
    WITH RECURSIVE chain AS (
      SELECT "id", "rescheduledFromId" FROM "Appointment" WHERE "id" = ${appointmentId}
      UNION ALL
      SELECT earlier."id", earlier."rescheduledFromId" FROM "Appointment" earlier JOIN chain ON earlier."id" = chain."rescheduledFromId"
    )
    SELECT "id" FROM chain WHERE "rescheduledFromId" IS NULL`;
  return first?.id ?? appointmentId;
}
