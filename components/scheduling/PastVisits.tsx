import { useTranslations } from "next-intl";
import Link from "next/link";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import type { PastVisit } from "@/lib/scheduling/calendar";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { panelClassName } from "./styles";

/** The patient's visits that have started, newest first, each linking to its after-visit summary. */
export function PastVisits({ visits }: { visits: PastVisit[] }) {
  const t = useTranslations("portal");
  const locale = useIntlLocale();
  return (
    <section aria-labelledby="past-visits" className="space-y-4">
      <h2 id="past-visits" className="text-xl font-semibold text-slate-900">
        {t("past.heading")}
      </h2>
      {visits.length === 0 ? (
        <p className="text-slate-700">{t("past.none")}</p>
      ) : (
        <ul className="space-y-4">
          {visits.map((visit) => {
            const when = formatDateTimeInZone(visit.startsAt, visit.patientTimeZone, locale);
            return (
              <li key={visit.appointmentId} className={`${panelClassName} space-y-1`}>
                <h3 className="text-lg font-semibold text-slate-900">
                  {t("visitHeading", { visitType: visit.visitTypeName, physicianName: visit.physicianName })}
                </h3>
                <p className="text-slate-900">{when}</p>
                <p className="text-sm text-slate-700">{t("past.status", { status: visit.status })}</p>
                <Link
                  href={`/patient/visits/${visit.appointmentId}`}
                  aria-label={t("past.viewSummaryOf", {
                    visit: t("visitLabel", { visitType: visit.visitTypeName.toLowerCase(), physicianName: visit.physicianName, when }),
                  })}
                  className="font-medium text-primary-700 underline"
                >
                  {t("past.viewSummary")}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
