import type { AppointmentStatus } from "@/lib/db/generated/enums";

// Pure rules of moving a visit (lib/scheduling/booking.ts applies them): the
// order calendars are locked in, which refusal a visit that cannot be moved
// gets, and what holds a time the database refused.

/**
 * The physicians' calendars a booking or move locks, each once, in one fixed
 * order (by id): two moves between the same two physicians in opposite
 * directions then queue for the first lock instead of each holding one and
 * waiting for the other's (a deadlock PostgreSQL would break with a 500).
 */
export function calendarLockOrder(physicianIds: readonly string[]): string[] {
  return [...new Set(physicianIds)].sort();
}

/**
 * Why a visit, as read before moving it, cannot be moved: someone else moved
 * it already (it has a successor: "changed-meanwhile", 409 with where it is
 * now), or it simply is not a booked visit ("not-changeable", 422). Null: it
 * can be moved. (A change that commits after this read is caught by the
 * move's guarded update, also as "changed-meanwhile".)
 */
export function moveRefusal(visit: { status: AppointmentStatus; movedToId: string | null }): "changed-meanwhile" | "not-changeable" | null {
  if (visit.movedToId !== null) return "changed-meanwhile";
  return visit.status === "BOOKED" ? null : "not-changeable";
}

export type SlotHeldBy = "visit" | "buffer";

interface Interval {
  start: Date;
  end: Date;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/**
 * What holds a requested visit time the database refused: another visit's
 * own time, or only the buffer after one (its [endsAt, blockedUntil) tail).
 * When neither overlaps the visit itself (its own buffer runs into the next
 * visit), the time is simply taken.
 */
export function slotHeldBy(requested: Interval, others: ReadonlyArray<{ startsAt: Date; endsAt: Date; blockedUntil: Date }>): SlotHeldBy {
  if (others.some((other) => overlaps(requested, { start: other.startsAt, end: other.endsAt }))) return "visit";
  if (others.some((other) => overlaps(requested, { start: other.endsAt, end: other.blockedUntil }))) return "buffer";
  return "visit";
}
