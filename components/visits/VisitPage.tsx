import { PageHeader } from "@/components/PageHeader";
import type { AfterVisitSummary, VisitOverview } from "@/lib/visits/overview";
import { AfterVisitSummaryView } from "./AfterVisitSummaryView";
import { VisitDetails } from "./VisitDetails";

/** A patient's view of one visit, the same whether they came by link or by signing in. */
export function VisitPage({ visit, summary }: { visit: VisitOverview; summary: AfterVisitSummary | null }) {
  return (
    <div className="space-y-6">
      <PageHeader title={`Hello, ${visit.patientFirstName}`} description="Here is your video visit with the clinic." />
      <VisitDetails visit={visit} />
      {visit.status === "COMPLETED" && <AfterVisitSummaryView summary={summary} timeZone={visit.patientTimeZone} />}
    </div>
  );
}
