import type { AppointmentStatus } from "@/lib/db/generated/enums";

// Where a visit stands as the front desk sees it: the appointment's stored
// status refined by the patient's check-in, plus whether the patient is late.
// Pure (no server-only): the calendar, the physician's day, the printed day
// sheet and the CSV export all name a visit's state with these words.

export const FRONT_DESK_STATUSES = ["booked", "checked-in", "waiting", "in-call", "completed", "no-show", "cancelled"] as const;
export type FrontDeskStatus = (typeof FRONT_DESK_STATUSES)[number];

/** Minutes after the start at which a patient who is not yet in the waiting room counts as late. */
export const LATE_AFTER_MINUTES = 5;

export interface VisitStatusFacts {
  status: AppointmentStatus;
  startsAt: Date | string;
  /** When the patient finished the check-in before the waiting room (lib/checkin); null until then. */
  checkInCompletedAt: Date | string | null;
}

export const FRONT_DESK_STATUS_LABELS: Record<FrontDeskStatus, string> = {
  booked: "Booked",
  "checked-in": "Checked in",
  waiting: "Waiting",
  "in-call": "In the call",
  completed: "Completed",
  "no-show": "No-show",
  cancelled: "Cancelled",
};

const FROM_STORED: Record<AppointmentStatus, FrontDeskStatus> = {
  BOOKED: "booked",
  // The stored CHECKED_IN means the patient joined the waiting room (LiveKit's participant_joined).
  CHECKED_IN: "waiting",
  IN_PROGRESS: "in-call",
  COMPLETED: "completed",
  NO_SHOW: "no-show",
  CANCELLED: "cancelled",
};

export function frontDeskStatus(facts: VisitStatusFacts): FrontDeskStatus {
  if (facts.status === "BOOKED" && facts.checkInCompletedAt !== null) return "checked-in";
  return FROM_STORED[facts.status];
}

/** Late: the start is at least LATE_AFTER_MINUTES past and the patient has not reached the waiting room. */
export function isLate(facts: VisitStatusFacts, now: Date): boolean {
  return isLateWith(frontDeskStatus(facts), facts.startsAt, now);
}

/** isLate for a visit whose front-desk status is already known. */
export function isLateWith(status: FrontDeskStatus, startsAt: Date | string, now: Date): boolean {
  if (status !== "booked" && status !== "checked-in") return false;
  return now.getTime() >= new Date(startsAt).getTime() + LATE_AFTER_MINUTES * 60_000;
}

/** The words for a visit's state, with "late" added when it applies. */
export function describeVisitStatus(facts: VisitStatusFacts, now: Date): string {
  const label = FRONT_DESK_STATUS_LABELS[frontDeskStatus(facts)];
  return isLate(facts, now) ? `${label}, late` : label;
}
