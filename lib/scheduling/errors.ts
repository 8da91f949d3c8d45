// What scheduling refuses: a SchedulingError is a request that breaks a
// scheduling rule (422), a SlotTakenError a time someone else holds (409), with
// alternatives to offer. Malformed input (wrong types, bad ids) stays a ZodError (400).

import { AppError, type AppErrorStatus } from "@/lib/http/app-error";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { SlotHeldBy } from "./move-rules";
import type { Slot } from "./slots";

export type SchedulingErrorCode =
  | "IN_THE_PAST"
  | "OFF_GRID"
  | "OUTSIDE_AVAILABILITY"
  | "VISIT_TYPE_MISMATCH"
  | "UNKNOWN_VISIT_TYPE"
  | "PHYSICIAN_UNAVAILABLE"
  | "INVALID_TIME_ZONE"
  | "INVALID_DATE"
  | "INVALID_RANGE"
  | "RANGE_TOO_LONG"
  | "OVERLAPPING_HOURS"
  | "NOT_CHANGEABLE"
  | "VISIT_TYPE_NOT_OFFERED";

export class SchedulingError extends AppError {
  override name = "SchedulingError";
  readonly status = 422;
  constructor(
    readonly code: SchedulingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SLOT_TAKEN_MESSAGES: Record<SlotHeldBy, string> = {
  visit: "That time has just been taken. Please choose another.",
  buffer: "That time falls in the buffer after another visit, which keeps the physician free between visits. Please choose another.",
};

export class SlotTakenError extends AppError {
  override name = "SlotTakenError";
  readonly status = 409;
  readonly code = "SLOT_TAKEN";
  constructor(
    /** The next free slots of the same physician and visit type after the one asked for; may be fewer than three. */
    readonly nextSlots: Slot[],
    /** Whether another visit itself holds the time, or only the buffer after one. */
    readonly heldBy: SlotHeldBy = "visit",
  ) {
    super(SLOT_TAKEN_MESSAGES[heldBy]);
  }

  protected override details() {
    return { nextSlots: this.nextSlots };
  }
}

/** Where a visit stands now, for a screen that showed it somewhere else. */
export interface CurrentVisitState {
  id: string;
  status: AppointmentStatus;
  startsAt: Date;
  physicianId: string;
}

/**
 * A move lost to someone else's change of the same visit (another move, a
 * cancellation) made since it was read: 409 with the visit as it is now (the
 * new appointment when it was moved), so the screen can show it there.
 */
export class ChangedMeanwhileError extends AppError {
  override name = "ChangedMeanwhileError";
  readonly status = 409;
  readonly code = "CHANGED_MEANWHILE";
  constructor(readonly current: CurrentVisitState) {
    super("This visit was moved or cancelled by someone else meanwhile.");
  }

  protected override details() {
    return { current: this.current };
  }
}

export type ReplyLinkProblem = "invalid" | "expired" | "used";

const REPLY_LINK_MESSAGES: Record<ReplyLinkProblem, string> = {
  invalid: "This link does not work. Use the link from the clinic's email, or sign in.",
  expired: "This link has expired: the visit has begun.",
  used: "This link was already used, or the visit has changed since.",
};

/** A confirm-or-cancel or waitlist link that cannot be used: altered, out of date or spent (410 for the last two). */
export class ReplyLinkError extends AppError {
  override name = "ReplyLinkError";
  readonly status: AppErrorStatus;
  readonly code: string;
  constructor(readonly problem: ReplyLinkProblem) {
    super(REPLY_LINK_MESSAGES[problem]);
    this.status = problem === "invalid" ? 400 : 410;
    this.code = `LINK_${problem.toUpperCase()}`;
  }
}
