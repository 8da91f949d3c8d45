import type { DaySheetPhysician } from "@/lib/scheduling/front-desk-sheets";
import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { formatDayLong } from "./calendar-format";

/**
 * The printed day sheet: each physician's visits on a page of their own
 * (break-before on every physician after the first), times in the
 * physician's zone with the zone named, and the front-desk status in words.
 */
export function DaySheet({ physicians }: { physicians: DaySheetPhysician[] }) {
  return (
    <div className="space-y-8 print:space-y-0">
      {physicians.map((physician) => (
        <section
          key={physician.id}
          aria-labelledby={`day-sheet-${physician.id}`}
          className="space-y-3 print:break-inside-auto print:[&:not(:first-child)]:break-before-page"
        >
          <div>
            <h2 id={`day-sheet-${physician.id}`} className="text-xl font-semibold text-slate-900">
              {physician.name}
            </h2>
            <p className="text-slate-700">
              {formatDayLong(physician.date)}. Times in {physician.timeZone.replaceAll("_", " ")}.
            </p>
          </div>
          {physician.visits.length === 0 ? (
            <p className="text-slate-700">No visits on this day.</p>
          ) : (
            <table className="w-full rounded-xl border border-slate-200 bg-white text-left text-sm shadow-sm print:text-xs">
              <caption className="sr-only">
                Visits of {physician.name} on {formatDayLong(physician.date)}
              </caption>
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2 font-semibold">Time</th>
                  <th scope="col" className="px-3 py-2 font-semibold">Patient</th>
                  <th scope="col" className="px-3 py-2 font-semibold">Visit type</th>
                  <th scope="col" className="px-3 py-2 font-semibold">Reason</th>
                  <th scope="col" className="px-3 py-2 font-semibold">Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {physician.visits.map((visit) => (
                  <tr key={visit.id} className="break-inside-avoid">
                    <td className="px-3 py-1.5 whitespace-nowrap">
                      {formatTimeInZone(visit.startsAt, physician.timeZone)}–{formatTimeInZone(visit.endsAt, physician.timeZone)}{" "}
                      {zoneName(visit.startsAt, physician.timeZone)}
                    </td>
                    <th scope="row" className="px-3 py-1.5 font-medium text-slate-900">
                      {visit.patientName}
                    </th>
                    <td className="px-3 py-1.5">{visit.visitTypeName}</td>
                    <td className="px-3 py-1.5">{visit.reason}</td>
                    <td className="px-3 py-1.5">{visit.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
