import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import type { AfterVisitSummary } from "@/lib/visits/overview";

export function AfterVisitSummaryView({ summary, timeZone }: { summary: AfterVisitSummary | null; timeZone: string }) {
  return (
    <section aria-labelledby="after-visit-summary" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="after-visit-summary" className="text-lg font-semibold text-slate-900">
        After-visit summary
      </h2>
      {summary === null ? (
        <p className="mt-2 text-slate-700">Your summary appears here once your physician has signed the visit note.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">Signed {formatDateTimeInZone(summary.signedAt, timeZone)}</p>
          <h3 className="mt-4 font-semibold text-slate-900">Plan</h3>
          <p className="mt-1 whitespace-pre-wrap text-slate-800">{summary.plan}</p>
          {summary.prescriptions.length > 0 && (
            <>
              <h3 className="mt-4 font-semibold text-slate-900">Prescriptions</h3>
              <ul className="mt-1 list-disc pl-6 text-slate-800">
                {summary.prescriptions.map((prescription, index) => (
                  <li key={index}>
                    {prescription.drugName}, {prescription.dose} {prescription.route}, {prescription.frequency}
                    {prescription.instructions ? ` — ${prescription.instructions}` : ""}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
