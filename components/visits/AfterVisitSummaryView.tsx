import { useTranslations } from "next-intl";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import type { AfterVisitSummaryWithFollowUp } from "@/lib/notes/after-visit-summary";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";

// What the patient takes away from a visit: the signed plan, the
// prescriptions written at it, and when to come back. Every text is the
// physician's as typed, rendered as text, in the language the physician
// wrote it; only the frame around it is in the patient's language.

export function AfterVisitSummaryView({ summary, timeZone }: { summary: AfterVisitSummaryWithFollowUp | null; timeZone: string }) {
  const t = useTranslations("afterVisitSummary");
  const locale = useIntlLocale();
  return (
    <section aria-labelledby="after-visit-summary" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="after-visit-summary" className="text-lg font-semibold text-slate-900">
        {t("heading")}
      </h2>
      {summary === null ? (
        <p className="mt-2 text-slate-700">{t("notYetSigned")}</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">{t("signed", { when: formatDateTimeInZone(summary.signedAt, timeZone, locale) })}</p>
          <h3 className="mt-4 font-semibold text-slate-900">{t("plan")}</h3>
          <p className="mt-1 whitespace-pre-wrap text-slate-800">{summary.plan}</p>
          {summary.prescriptions.length > 0 && (
            <>
              <h3 className="mt-4 font-semibold text-slate-900">{t("prescriptions")}</h3>
              <ul className="mt-1 list-disc pl-6 text-slate-800">
                {summary.prescriptions.map((prescription, index) => (
                  <li key={index}>
                    {t("prescription", {
                      drug: prescription.drugName,
                      dose: prescription.dose,
                      route: prescription.route,
                      frequency: prescription.frequency,
                    })}
                    {prescription.instructions && t("instructions", { instructions: prescription.instructions })}
                    {prescription.status === "DISCONTINUED" && <strong className="font-semibold">{t("stopped")}</strong>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 className="mt-4 font-semibold text-slate-900">{t("followUp")}</h3>
          {summary.followUp.instructions.length > 0 && (
            <ul className="mt-1 list-disc pl-6 text-slate-800">
              {summary.followUp.instructions.map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          )}
          <p className="mt-2 text-slate-800">
            {summary.followUp.nextVisit
              ? t("nextVisit", {
                  visitType: summary.followUp.nextVisit.visitTypeName,
                  physicianName: summary.followUp.nextVisit.physicianName,
                  when: formatDateTimeInZone(summary.followUp.nextVisit.startsAt, timeZone, locale),
                })
              : t("noNextVisit")}
          </p>
        </>
      )}
    </section>
  );
}
