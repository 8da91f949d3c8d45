import "server-only";
import { z } from "zod";
import { mintVisitGuestToken, visitGuestUrl } from "@/lib/auth/links/visit-guests";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";
import type { JobHandlers, JobRequest } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/send";
import { JOIN_OPENS_MINUTES_BEFORE_START } from "@/lib/scheduling/calendar";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { languageName } from "@/lib/visits/interpreter-languages";

// The invitation an interpreter gets when the scheduler arranges them for a
// visit: their link and the visit's time in the zone the scheduler gave. In
// English, the language the clinic works with its interpreters in, whatever
// the patient reads. It names the physician but not the patient, whom the
// link's page shows once it is opened: mail is read on many devices.
//
// As with sign-in links, the job names the guest and the token is minted as
// the mail goes out, so the Job table never holds a working link; a link
// revoked, or a visit cancelled or over, before the job runs sends nothing.

export const INTERPRETER_INVITATION_MAIL_KIND = "visit.interpreter_invitation";

const payloadSchema = z.object({ guestId: z.string().min(1) });

export function interpreterInvitationMailJob(guestId: string, now: Date): JobRequest {
  return {
    kind: INTERPRETER_INVITATION_MAIL_KIND,
    payload: { guestId },
    runAt: now,
    dedupeKey: `${INTERPRETER_INVITATION_MAIL_KIND}:${guestId}`,
  };
}

export const interpreterMailHandlers: JobHandlers = {
  [INTERPRETER_INVITATION_MAIL_KIND]: async (payload, { db, now }) => {
    const { guestId } = payloadSchema.parse(payload);
    const guest = await db.visitGuest.findUnique({
      where: { id: guestId },
      select: {
        displayName: true,
        language: true,
        email: true,
        timeZone: true,
        appointment: { select: { startsAt: true, physician: { select: { user: { select: { name: true } } } } } },
      },
    });
    if (!guest?.email || !guest.timeZone) return;
    const token = await mintVisitGuestToken(db, guestId, now);
    if (!token) return;
    const { t, intlLocale } = await translatorFor(DEFAULT_LOCALE, "mail");
    const physicianName = guest.appointment.physician.user.name;
    const language = languageName(guest.language ?? "und");
    const when = formatDateTimeInZone(guest.appointment.startsAt, guest.timeZone, intlLocale);
    await sendMail({
      to: guest.email,
      subject: t("interpreterInvitation.subject", { language, when }),
      text: [
        t("greeting", { name: guest.displayName }),
        t("interpreterInvitation.invited", { language, physicianName, when }),
        t("interpreterInvitation.join", { url: visitGuestUrl(token), minutes: JOIN_OPENS_MINUTES_BEFORE_START }),
      ].join("\n\n"),
    });
  },
};
