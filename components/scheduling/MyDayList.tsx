import Link from "next/link";
import type { PhysicianDay } from "@/lib/scheduling/calendar";
import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { formatDayLong } from "./calendar-format";
import { describeVisitStatus } from "@/lib/scheduling/visit-status";
import { APPOINTMENT_STATUS } from "./status";

/** A physician's visits on one day, in order, in their own zone, each with a link into its video visit (not printed). */
export function MyDayList({ day, now }: { day: PhysicianDay; now: Date }) {
  const zone = (instant: Date) => zoneName(instant, day.timeZone);
  return (
    <section aria-labelledby="my-day-visits" className="space-y-3">
      <h2 id="my-day-visits" className="text-xl font-semibold text-slate-900">
        {formatDayLong(day.date)}
      </h2>
      {day.appointments.length === 0 ? (
        <p className="text-slate-700">No visits on this day.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left">
            <caption className="sr-only">
              Visits on {formatDayLong(day.date)}, times in {day.timeZone}
            </caption>
            <thead className="bg-slate-50 text-sm text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold">Time</th>
                <th scope="col" className="px-4 py-2 font-semibold">Patient</th>
                <th scope="col" className="px-4 py-2 font-semibold">Visit type</th>
                <th scope="col" className="px-4 py-2 font-semibold">Reason</th>
                <th scope="col" className="px-4 py-2 font-semibold">Status</th>
                <th scope="col" className="px-4 py-2 font-semibold print:hidden">
                  <span className="sr-only">Video visit</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {day.appointments.map((appointment) => (
                <tr key={appointment.id}>
                  <td className="px-4 py-3 whitespace-nowrap">
                    {formatTimeInZone(appointment.startsAt, day.timeZone)} {zone(appointment.startsAt)}
                  </td>
                  <th scope="row" className="px-4 py-3 font-medium text-slate-900">
                    {appointment.patientName}
                  </th>
                  <td className="px-4 py-3">{appointment.visitTypeName}</td>
                  <td className="px-4 py-3">{appointment.reason}</td>
                  <td className="px-4 py-3">
                    <span className={`inline-block rounded-full border px-2.5 py-0.5 text-sm ${APPOINTMENT_STATUS[appointment.status].className}`}>
                      {describeVisitStatus(appointment, now)}
                    </span>
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap print:hidden">
                    <Link
                      href={`/physician/visits/${appointment.id}`}
                      className="inline-flex min-h-11 items-center font-medium text-primary-700 underline underline-offset-2 hover:text-primary-800"
                    >
                      Open visit
                      <span className="sr-only">
                        {" "}
                        with {appointment.patientName} at {formatTimeInZone(appointment.startsAt, day.timeZone)}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
