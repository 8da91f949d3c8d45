import "server-only";
import { z } from "zod";
import { translatorFor } from "@/lib/i18n/translator";
import type { JobHandlers, JobRequest } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/send";

// The mail that tells a patient their physician has signed off their lab
// results, in the patient's language. It says only that results are ready and
// who reviewed them, never which tests or values: mail is read on many devices.
// The portal shows the results themselves once the patient signs in.

export const LAB_RESULTS_MAIL_KIND = "lab.results_ready";

const payloadSchema = z.object({ orderId: z.string().min(1) });

export function labResultsMailJob(orderId: string, now: Date): JobRequest {
  return { kind: LAB_RESULTS_MAIL_KIND, payload: { orderId }, runAt: now, dedupeKey: `${LAB_RESULTS_MAIL_KIND}:${orderId}` };
}

export const labResultsMailHandlers: JobHandlers = {
  [LAB_RESULTS_MAIL_KIND]: async (payload, { db }) => {
    const { orderId } = payloadSchema.parse(payload);
    const order = await db.labOrder.findUnique({
      where: { id: orderId },
      select: {
        patientNotifiedAt: true,
        patient: { select: { givenName: true, email: true, preferredLanguage: true } },
        physician: { select: { user: { select: { name: true } } } },
      },
    });
    if (!order?.patientNotifiedAt || !order.patient.email) return;
    const { t } = await translatorFor(order.patient.preferredLanguage, "mail");
    await sendMail({
      to: order.patient.email,
      subject: t("labResults.subject"),
      text: [t("greeting", { name: order.patient.givenName }), t("labResults.ready", { physicianName: order.physician.user.name })].join("\n\n"),
    });
  },
};
