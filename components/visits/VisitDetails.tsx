import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import type { VisitOverview } from "@/lib/visits/overview";

const STATUS_TEXT: Record<VisitOverview["status"], string> = {
  BOOKED: "Booked",
  CHECKED_IN: "You are in the waiting room",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
  NO_SHOW: "Missed",
};

export function VisitDetails({ visit }: { visit: VisitOverview }) {
  return (
    <section aria-labelledby="visit-details" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="visit-details" className="text-lg font-semibold text-slate-900">
        {visit.visitTypeName} with {visit.physicianName}
      </h2>
      <dl className="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">When</dt>
        <dd className="text-slate-900">{formatDateTimeInZone(visit.startsAt, visit.patientTimeZone)}</dd>
        <dt className="font-medium text-slate-700">Status</dt>
        <dd className="text-slate-900">{STATUS_TEXT[visit.status]}</dd>
      </dl>
      <p className="mt-4 text-slate-700">The video room opens 15 minutes before your visit starts.</p>
    </section>
  );
}
