import { useTranslations } from "next-intl";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import type { VisitOverview } from "@/lib/visits/overview";

export function VisitDetails({ visit }: { visit: VisitOverview }) {
  const t = useTranslations("visit.details");
  const locale = useIntlLocale();
  return (
    <section aria-labelledby="visit-details" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="visit-details" className="text-lg font-semibold text-slate-900">
        {t("heading", { visitType: visit.visitTypeName, physicianName: visit.physicianName })}
      </h2>
      <dl className="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">{t("when")}</dt>
        <dd className="text-slate-900">{formatDateTimeInZone(visit.startsAt, visit.patientTimeZone, locale)}</dd>
        <dt className="font-medium text-slate-700">{t("status")}</dt>
        <dd className="text-slate-900">{t("statusValue", { status: visit.status })}</dd>
      </dl>
      <p className="mt-4 text-slate-700">{t("roomOpensNote")}</p>
    </section>
  );
}
