import "server-only";
import { z } from "zod";
import { waitlistOfferUrl } from "@/lib/auth/links/waitlist-offer-links";
import { translatorFor } from "@/lib/i18n/translator";
import type { JobHandler, JobHandlers, JobRequest } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/send";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";

// When a future visit is cancelled, its time is offered by mail to everyone on
// the physician's waitlist at once; the first to claim it books it (first come,
// first served, the booking's exclusion constraint deciding a race).

export const WAITLIST_OFFER_KIND = "waitlist.offer";

const jobPayload = z.object({ appointmentId: z.string() });

/** The offer job for a cancelled appointment whose time is still ahead. */
export function waitlistOfferMail(appointment: { id: string; startsAt: Date }, now: Date): JobRequest[] {
  if (appointment.startsAt <= now) return [];
  return [{ kind: WAITLIST_OFFER_KIND, payload: { appointmentId: appointment.id }, runAt: now, dedupeKey: `${WAITLIST_OFFER_KIND}:${appointment.id}` }];
}

const sendWaitlistOffers: JobHandler = async (payload, { db, now }) => {
  const { appointmentId } = jobPayload.parse(payload);
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { id: true, status: true, startsAt: true, patientId: true, physicianId: true, physician: { select: { user: { select: { name: true } } } } },
  });
  if (!appointment || appointment.status !== "CANCELLED" || appointment.startsAt <= now) return;
  const entries = await db.waitlistEntry.findMany({
    where: { physicianId: appointment.physicianId, active: true, patientId: { not: appointment.patientId }, patient: { email: { not: null } } },
    select: { id: true, patient: { select: { givenName: true, email: true, timeZone: true, preferredLanguage: true } } },
    orderBy: { createdAt: "asc" },
  });
  const physicianName = appointment.physician.user.name;
  for (const { id, patient } of entries) {
    const { t, intlLocale } = await translatorFor(patient.preferredLanguage, "mail");
    const when = formatDateTimeInZone(appointment.startsAt, patient.timeZone, intlLocale);
    await sendMail({
      to: patient.email!,
      subject: t("waitlistOffer.subject", { physicianName, when }),
      text: [
        t("greeting", { name: patient.givenName }),
        t("waitlistOffer.offered", { physicianName, when }),
        t("waitlistOffer.claim", { url: waitlistOfferUrl(id, appointment.id) }),
      ].join("\n\n"),
    });
  }
};

export const waitlistOfferMailHandlers: JobHandlers = { [WAITLIST_OFFER_KIND]: sendWaitlistOffers };
