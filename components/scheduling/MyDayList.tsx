"use client";

import Link from "next/link";
import { useState } from "react";
import { useBackgroundPoll } from "@/lib/client/useBackgroundPoll";
import type { PhysicianDay, PhysicianDayVisit } from "@/lib/scheduling/calendar";
import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import type { FrontDeskStatus } from "@/lib/scheduling/visit-status";
import { formatDayLong } from "./calendar-format";
import { VisitStatusBadge } from "./VisitStatusBadge";

/** How often the list asks again: a patient who checks in shows within seconds. */
const POLL_INTERVAL_MS = 5_000;

/** What the live region says when a visit's status changes; a change back to booked is not news. */
const ARRIVALS: Partial<Record<FrontDeskStatus, (name: string) => string>> = {
  "checked-in": (name) => `${name} has checked in`,
  waiting: (name) => `${name} is waiting`,
  "in-call": (name) => `${name} is in the call`,
  completed: (name) => `${name}'s visit is completed`,
  "no-show": (name) => `${name} is marked a no-show`,
  cancelled: (name) => `${name}'s visit was cancelled`,
};

/** The changes from one reading of the day to the next, as one sentence for the live region; empty when nothing changed. */
function describeChanges(before: PhysicianDay, after: PhysicianDay): string {
  const previous = new Map(before.visits.map((visit) => [visit.id, visit]));
  return after.visits
    .flatMap((visit) => {
      const earlier = previous.get(visit.id);
      if (!earlier) return [];
      const status = earlier.status !== visit.status ? ARRIVALS[visit.status]?.(visit.patientName) : undefined;
      const late = visit.late && !earlier.late ? `${visit.patientName} is late` : undefined;
      return [status, late].filter((text) => text !== undefined);
    })
    .join(". ");
}

/**
 * A physician's visits on one day, in order, in their own zone, each with
 * where the patient is (checked in, waiting, in the call…), a late marker five
 * minutes after the start, and a link into its video visit. The server renders
 * the first reading; the list then asks again every few seconds, each answer
 * read from the database by whichever app instance serves it, and a polite
 * live region says once what changed ("Alex Morgan is waiting").
 */
export function MyDayList({ day: firstReading }: { day: PhysicianDay }) {
  const { data } = useBackgroundPoll<{ day: PhysicianDay }>(`/api/physician/day?date=${firstReading.date}`, POLL_INTERVAL_MS);
  const day = data?.day ?? firstReading;
  // The reading last compared, kept to tell what a new one changed (adjusted while rendering, not in an effect).
  const [compared, setCompared] = useState(day);
  const [announcement, setAnnouncement] = useState("");
  if (compared !== day) {
    setCompared(day);
    const changes = describeChanges(compared, day);
    if (changes) setAnnouncement(`${changes}.`);
  }
  const zone = (instant: Date) => zoneName(instant, day.timeZone);
  return (
    <section aria-labelledby="my-day-visits" className="space-y-3">
      <h2 id="my-day-visits" className="text-xl font-semibold text-slate-900">
        {formatDayLong(day.date)}
      </h2>
      <p role="status" aria-label="Changes to your visits" className="sr-only">
        {announcement}
      </p>
      {day.visits.length === 0 ? (
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
              {day.visits.map((visit) => (
                <VisitRow key={visit.id} visit={visit} timeZone={day.timeZone} zone={zone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function VisitRow({ visit, timeZone, zone }: { visit: PhysicianDayVisit; timeZone: string; zone: (instant: Date) => string }) {
  const startsAt = new Date(visit.startsAt);
  const time = formatTimeInZone(startsAt, timeZone);
  return (
    <tr>
      <td className="px-4 py-3 whitespace-nowrap">
        {time} {zone(startsAt)}
      </td>
      <th scope="row" className="px-4 py-3 font-medium text-slate-900">
        {visit.patientName}
      </th>
      <td className="px-4 py-3">{visit.visitTypeName}</td>
      <td className="px-4 py-3">{visit.reason}</td>
      <td className="px-4 py-3">
        <VisitStatusBadge status={visit.status} late={visit.late} />
      </td>
      <td className="px-4 py-3 whitespace-nowrap print:hidden">
        <Link
          href={`/physician/visits/${visit.id}`}
          className="inline-flex min-h-11 items-center font-medium text-primary-700 underline underline-offset-2 hover:text-primary-800"
        >
          Open visit
          <span className="sr-only">
            {" "}
            with {visit.patientName} at {time}
          </span>
        </Link>
      </td>
    </tr>
  );
}
