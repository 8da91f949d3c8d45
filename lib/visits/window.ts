import type { AppointmentStatus } from "@/lib/db/generated/enums";
import { JOIN_OPENS_MINUTES_BEFORE_START } from "@/lib/scheduling/calendar";
import { formatDateTimeInZone, formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { VisitError } from "./errors";

// When a video visit can be joined. Pure: instants in, a verdict out, so DST
// and the viewer's zone only matter for the wording of the refusal.

const MINUTE_MS = 60_000;

export type JoinWindow =
  | { state: "open"; opensAt: Date }
  | { state: "not-open-yet"; opensAt: Date }
  | { state: "ended"; opensAt: Date }
  | { state: "cancelled"; opensAt: Date };

export interface WindowedAppointment {
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
}

export function joinOpensAt(startsAt: Date): Date {
  return new Date(startsAt.getTime() - JOIN_OPENS_MINUTES_BEFORE_START * MINUTE_MS);
}

/**
 * Open from JOIN_OPENS_MINUTES_BEFORE_START before the start until the booked
 * end, or for as long as the visit is in progress (a visit may run over); never
 * once it is completed, cancelled or a no-show.
 */
export function joinWindow(appointment: WindowedAppointment, now: Date): JoinWindow {
  const opensAt = joinOpensAt(appointment.startsAt);
  if (appointment.status === "CANCELLED") return { state: "cancelled", opensAt };
  if (appointment.status === "COMPLETED" || appointment.status === "NO_SHOW") return { state: "ended", opensAt };
  if (now.getTime() < opensAt.getTime()) return { state: "not-open-yet", opensAt };
  if (now.getTime() > appointment.endsAt.getTime() && appointment.status !== "IN_PROGRESS") return { state: "ended", opensAt };
  return { state: "open", opensAt };
}

/** Why the visit cannot be joined now, in the viewer's zone; null when it can. */
export function joinRefusal(window: JoinWindow, timeZone: string, now: Date): VisitError | null {
  switch (window.state) {
    case "open":
      return null;
    case "cancelled":
      return new VisitError("CANCELLED", "This visit was cancelled.");
    case "ended":
      return new VisitError("ENDED", "This visit has ended.");
    case "not-open-yet": {
      const sameDay = localDate(window.opensAt, timeZone) === localDate(now, timeZone);
      const when = sameDay
        ? `${formatTimeInZone(window.opensAt, timeZone)} ${zoneName(window.opensAt, timeZone)}`
        : formatDateTimeInZone(window.opensAt, timeZone);
      return new VisitError(
        "NOT_OPEN_YET",
        `The visit opens at ${when} (${JOIN_OPENS_MINUTES_BEFORE_START} minutes before it starts).`,
      );
    }
  }
}

/** Throws the refusal when the visit cannot be joined now. */
export function assertJoinable(appointment: WindowedAppointment, timeZone: string, now: Date): JoinWindow {
  const window = joinWindow(appointment, now);
  const refusal = joinRefusal(window, timeZone, now);
  if (refusal) throw refusal;
  return window;
}

function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}
