import type { AfterVisitSummaryWithFollowUp } from "@/lib/notes/after-visit-summary";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";

// What the patient takes away from a visit: the signed plan, the
// prescriptions written at it, and when to come back. Every text is the
// physician's as typed, rendered as text.

export function AfterVisitSummaryView({ summary, timeZone }: { summary: AfterVisitSummaryWithFollowUp | null; timeZone: string }) {
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
                    {prescription.status === "DISCONTINUED" && <strong className="font-semibold"> (stopped: do not take)</strong>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 className="mt-4 font-semibold text-slate-900">Follow-up</h3>
          {summary.followUp.instructions.length > 0 && (
            <ul className="mt-1 list-disc pl-6 text-slate-800">
              {summary.followUp.instructions.map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          )}
          <p className="mt-2 text-slate-800">
            {summary.followUp.nextVisit
              ? `Your next visit: ${summary.followUp.nextVisit.visitTypeName} with ${summary.followUp.nextVisit.physicianName}, ${formatDateTimeInZone(summary.followUp.nextVisit.startsAt, timeZone)}.`
              : "No follow-up visit is booked yet."}
          </p>
        </>
      )}
    </section>
  );
}
