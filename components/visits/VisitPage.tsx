import { useTranslations } from "next-intl";
import { LanguageAccessNotice } from "@/components/i18n/LanguageAccessNotice";
import { PageHeader } from "@/components/PageHeader";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import type { AfterVisitSummaryWithFollowUp } from "@/lib/notes/after-visit-summary";
import type { VisitOverview } from "@/lib/visits/overview";
import { joinWindow } from "@/lib/visits/window";
import { AfterVisitSummaryView } from "./AfterVisitSummaryView";
import { opensAtText } from "./joinWindowText";
import { VisitDetails } from "./VisitDetails";
import type { VisitCredentials } from "./visitApi";
import { VisitRoom } from "./VisitRoom";

/**
 * A patient's view of one visit, the same whether they came by link or by
 * signing in: the video room while it can be joined (or a note of when it
 * opens), the visit's details, and its summary once the note is signed (with a
 * note that it is coming, once the visit is over).
 */
export function VisitPage({
  visit,
  summary,
  credentials,
  now,
}: {
  visit: VisitOverview;
  summary: AfterVisitSummaryWithFollowUp | null;
  /** How the browser proves who it is to the visit APIs: the session, or the visit link. */
  credentials: VisitCredentials;
  now: Date;
}) {
  const t = useTranslations("visit");
  const intlLocale = useIntlLocale();
  const join = joinWindow(visit, now);
  const showRoom = join.state === "open" || join.state === "not-open-yet";
  return (
    <div className="space-y-6">
      {/* Printing this page prints the summary alone. */}
      <div className="space-y-6 print:hidden">
        <PageHeader title={t("greeting", { firstName: visit.patientFirstName })} description={t("intro")} />
        <LanguageAccessNotice />
        {showRoom && (
          <VisitRoom
            appointmentId={visit.appointmentId}
            role="patient"
            credentials={credentials}
            physicianName={visit.physicianName}
            opensAt={join.opensAt.toISOString()}
            opensAtText={opensAtText(join.opensAt, visit.patientTimeZone, now, intlLocale)}
            initiallyOpen={join.state === "open"}
            summaryHref={credentials.kind === "visitLink" ? `/visit/${credentials.token}` : `/patient/visits/${visit.appointmentId}`}
          />
        )}
        <VisitDetails visit={visit} />
      </div>
      {(summary !== null || visit.status === "COMPLETED") && (
        <AfterVisitSummaryView summary={summary} appointmentId={visit.appointmentId} credentials={credentials} />
      )}
    </div>
  );
}
