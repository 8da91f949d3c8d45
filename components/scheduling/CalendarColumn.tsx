"use client";

import type { ApiSlot } from "./api";
import type { CalendarAppointmentJson } from "./AppointmentDialog";
import { formatDayLong } from "./calendar-format";
import { NoShowRiskText } from "./NoShowRiskText";
import { APPOINTMENT_STATUS } from "./status";
import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";

export type CalendarItem =
  | { kind: "appointment"; start: string; appointment: CalendarAppointmentJson }
  | { kind: "slot"; start: string; slot: ApiSlot; physicianId: string; physicianName: string };

/**
 * One column of the calendar (a day, or one physician's day): booked visits
 * as blocks and free times as buttons, in time order. Every entry is a
 * button, so the whole calendar works from the keyboard.
 */
export function CalendarColumn({
  id,
  heading,
  date,
  items,
  timeZone,
  showPhysician,
  onOpenAppointment,
  onOpenSlot,
  focusTarget,
}: {
  id: string;
  heading: string;
  /** The column's local date, for screen readers' names of free times. */
  date: string;
  /** Null while loading: the calendar's status line says so, and the column stays empty. */
  items: CalendarItem[] | null;
  timeZone: string;
  /** Whether the column mixes physicians, so each entry says whose it is. */
  showPhysician: boolean;
  onOpenAppointment: (appointment: CalendarAppointmentJson) => void;
  onOpenSlot: (slot: ApiSlot, physicianId: string) => void;
  /** Called with each visit's button, so a just-booked visit can take focus. */
  focusTarget: (appointmentId: string) => (element: HTMLButtonElement | null) => void;
}) {
  const time = (iso: string) => formatTimeInZone(new Date(iso), timeZone);
  const zone = (iso: string) => zoneName(new Date(iso), timeZone);
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border border-slate-200 bg-white">
      <h3 id={id} className="border-b border-slate-200 bg-slate-50 px-2 py-2 text-sm font-semibold text-slate-900">
        {heading}
      </h3>
      {items === null ? null : items.length === 0 ? (
        <p className="px-2 py-3 text-sm text-slate-600">Nothing booked.</p>
      ) : (
        <ol className="space-y-1.5 p-1.5">
          {items.map((item) =>
            item.kind === "appointment" ? (
              <li key={item.appointment.id}>
                <button
                  type="button"
                  ref={focusTarget(item.appointment.id)}
                  onClick={() => onOpenAppointment(item.appointment)}
                  className={`block w-full rounded-md border px-2 py-1.5 text-left text-sm ${APPOINTMENT_STATUS[item.appointment.status].className}`}
                >
                  <span className="block font-semibold">
                    {time(item.start)}
                    <span className="sr-only"> {zone(item.start)},</span>
                  </span>
                  <span className="block break-words">{item.appointment.patientName}</span>
                  <span className="sr-only">,</span> <span className="block text-xs">{APPOINTMENT_STATUS[item.appointment.status].label}</span>
                  {item.appointment.noShowRisk && <NoShowRiskText risk={item.appointment.noShowRisk} />}
                  {item.appointment.confirmedByPatient && (
                    <span className="block text-xs font-medium text-emerald-900">
                      <span className="sr-only">, </span>Confirmed by the patient
                    </span>
                  )}
                  {showPhysician ? (
                    <span className="block text-xs text-slate-700">with {item.appointment.physicianName}</span>
                  ) : (
                    <span className="sr-only"> with {item.appointment.physicianName}</span>
                  )}
                </button>
              </li>
            ) : (
              <li key={`${item.physicianId}-${item.start}`}>
                <button
                  type="button"
                  onClick={() => onOpenSlot(item.slot, item.physicianId)}
                  className="block w-full rounded-md border border-dashed border-slate-500 bg-white px-2 py-1 text-left text-sm text-slate-800 hover:border-primary-700 hover:bg-primary-50"
                >
                  {time(item.start)}
                  <span className="sr-only"> {zone(item.start)},</span> free
                  {showPhysician ? (
                    <span className="block text-xs text-slate-700">with {item.physicianName}</span>
                  ) : (
                    <span className="sr-only"> with {item.physicianName}</span>
                  )}
                  <span className="sr-only"> on {formatDayLong(date)}</span>
                </button>
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
