import { useLocale, useTranslations } from "next-intl";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { StatusBadge } from "@/components/clinical/StatusBadge";
import type { AfterVisitSummaryWithFollowUp } from "@/lib/notes/after-visit-summary";
import { prescriptionValues, reconciledItemValues } from "@/lib/notes/after-visit-summary-document";
import { handoutText } from "@/lib/notes/handouts";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { AfterVisitSummaryActions } from "./AfterVisitSummaryActions";
import type { VisitCredentials } from "./visitApi";

// What the patient takes away from a visit: the signed plan and the
// recommendations accepted into it, the prescriptions written at it, the medications reconciled with them, when to come back and the handouts the
// physician attached. The physician's own text is rendered as text, in the
// language they wrote it; the frame around it and the handouts are in the
// patient's language. The same section is what prints (print: variants): the
// page around it, the controls and the screen's colours are left off paper.

export function AfterVisitSummaryView({
  summary,
  appointmentId,
  credentials,
}: {
  summary: AfterVisitSummaryWithFollowUp | null;
  appointmentId: string;
  credentials: VisitCredentials;
}) {
  const t = useTranslations("afterVisitSummary");
  return (
    <section
      aria-labelledby="after-visit-summary"
      className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm print:rounded-none print:border-0 print:p-0 print:shadow-none"
    >
      {summary === null ? (
        <>
          <h2 id="after-visit-summary" className="text-lg font-semibold text-slate-900">
            {t("heading")}
          </h2>
          <p className="mt-2 text-slate-700">{t("notYetSigned")}</p>
        </>
      ) : (
        <SignedSummary summary={summary} appointmentId={appointmentId} credentials={credentials} />
      )}
    </section>
  );
}

function SignedSummary({ summary, appointmentId, credentials }: { summary: AfterVisitSummaryWithFollowUp; appointmentId: string; credentials: VisitCredentials }) {
  const t = useTranslations("afterVisitSummary");
  const locale = useLocale();
  const intlLocale = useIntlLocale();
  const { visit, followUp } = summary;
  const when = (instant: Date) => formatDateTimeInZone(instant, visit.patientTimeZone, intlLocale);
  const subheading = "mt-6 font-semibold text-slate-900 break-after-avoid";
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          {/* On paper the page's header is not printed: the clinic and the patient head the summary instead. */}
          <p className="hidden print:block">{visit.clinicName}</p>
          <h2 id="after-visit-summary" className="text-lg font-semibold text-slate-900 print:text-2xl">
            {t("heading")}
          </h2>
          <p className="hidden print:block">{t("patient", { name: visit.patientName })}</p>
          <p className="mt-1 text-slate-800">{t("visit", { physicianName: visit.physicianName, when: when(visit.startsAt) })}</p>
          <p className="text-sm text-slate-600">{t("signed", { when: when(summary.signedAt) })}</p>
        </div>
        <AfterVisitSummaryActions appointmentId={appointmentId} credentials={credentials} />
      </div>

      <h3 className={subheading}>{t("plan")}</h3>
      <p className="mt-1 whitespace-pre-wrap text-slate-800">{summary.plan}</p>

      {summary.recommendations.length > 0 && (
        <>
          <h3 className={subheading}>{t("recommendations")}</h3>
          <ul className="mt-1 list-disc pl-6 text-slate-800">
            {summary.recommendations.map((ruleId) => (
              <li key={ruleId} className="break-inside-avoid">
                {t(`careGap.${ruleId}`)}
              </li>
            ))}
          </ul>
        </>
      )}

      {summary.prescriptions.length > 0 && (
        <>
          <h3 className={subheading}>{t("prescriptions")}</h3>
          <ul className="mt-1 list-disc pl-6 text-slate-800">
            {summary.prescriptions.map((prescription, index) => (
              <li key={index} className="break-inside-avoid">
                {t.rich("prescription", { ...prescriptionValues(prescription), stopped: (chunks) => <strong className="font-semibold">{chunks}</strong> })}
              </li>
            ))}
          </ul>
        </>
      )}

      {summary.reconciliation && (
        <>
          <h3 className={subheading}>{t("reconciliation")}</h3>
          <p className="mt-1 text-slate-800">{t("reconciledAt", { when: when(summary.reconciliation.recordedAt) })}</p>
          <ul className="mt-1 list-disc pl-6 text-slate-800">
            {summary.reconciliation.items.map((item, index) => (
              <li key={index} className="break-inside-avoid">
                {t.rich("reconciledItem", { ...reconciledItemValues(item), stopped: (chunks) => <strong className="font-semibold">{chunks}</strong> })}
              </li>
            ))}
          </ul>
        </>
      )}

      {summary.labOrders.length > 0 && (
        <>
          <h3 className={subheading}>{t("labOrders")}</h3>
          <ul className="mt-1 list-disc pl-6 text-slate-800">
            {summary.labOrders.map((order, index) => (
              <li key={index} className="break-inside-avoid">
                {order.panelName} <StatusBadge kind="labOrder" status={order.status} />
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 className={subheading}>{t("followUp")}</h3>
      {followUp.instructions.length > 0 && (
        <ul className="mt-1 list-disc pl-6 text-slate-800">
          {followUp.instructions.map((line, index) => (
            <li key={index} className="break-inside-avoid">
              {line}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-slate-800">
        {followUp.nextVisit
          ? t("nextVisit", { visitType: followUp.nextVisit.visitTypeName, physicianName: followUp.nextVisit.physicianName, when: when(followUp.nextVisit.startsAt) })
          : t("noNextVisit")}
      </p>

      {summary.chat.length > 0 && (
        <>
          {/* Only when the physician ticked it beside the note; each message as its sender wrote it, rendered as text. */}
          <h3 className={subheading}>{t("chat")}</h3>
          <ul className="mt-1 space-y-1 text-slate-800">
            {summary.chat.map((message, index) => (
              <li key={index} className="break-inside-avoid break-words whitespace-pre-wrap">
                {t("chatMessage", { sender: message.senderName, when: when(message.sentAt), text: message.text })}
              </li>
            ))}
          </ul>
        </>
      )}

      {summary.handouts.length > 0 && (
        <>
          <h3 className={subheading}>{t("handouts")}</h3>
          {summary.handouts.map((key) => {
            const handout = handoutText(key, locale);
            return (
              <article key={key} aria-labelledby={`handout-${key}`} className="mt-3 break-inside-avoid rounded-lg border border-slate-200 p-4 print:border-slate-400">
                <h4 id={`handout-${key}`} className="font-medium text-slate-900 break-after-avoid">
                  {handout.title}
                </h4>
                <p className="mt-1 text-slate-800">{handout.body}</p>
              </article>
            );
          })}
        </>
      )}
    </>
  );
}
