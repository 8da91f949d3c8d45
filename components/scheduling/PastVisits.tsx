import Link from "next/link";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { PastVisit } from "@/lib/scheduling/calendar";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { panelClassName } from "./styles";

const STATUS_TEXT: Record<AppointmentStatus, string> = {
  BOOKED: "Booked",
  CHECKED_IN: "You were in the waiting room",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  NO_SHOW: "Missed",
  CANCELLED: "Cancelled",
};

/** The patient's visits that have started, newest first, each linking to its after-visit summary. */
export function PastVisits({ visits }: { visits: PastVisit[] }) {
  return (
    <section aria-labelledby="past-visits" className="space-y-4">
      <h2 id="past-visits" className="text-xl font-semibold text-slate-900">
        Past visits
      </h2>
      {visits.length === 0 ? (
        <p className="text-slate-700">You have no past visits yet.</p>
      ) : (
        <ul className="space-y-4">
          {visits.map((visit) => {
            const when = formatDateTimeInZone(visit.startsAt, visit.patientTimeZone);
            return (
              <li key={visit.appointmentId} className={`${panelClassName} space-y-1`}>
                <h3 className="text-lg font-semibold text-slate-900">
                  {visit.visitTypeName} with {visit.physicianName}
                </h3>
                <p className="text-slate-900">{when}</p>
                <p className="text-sm text-slate-700">{STATUS_TEXT[visit.status]}</p>
                <Link
                  href={`/patient/visits/${visit.appointmentId}`}
                  aria-label={`View summary of ${visit.visitTypeName.toLowerCase()} with ${visit.physicianName} on ${when}`}
                  className="font-medium text-primary-700 underline"
                >
                  View summary
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
