// What scheduling refuses: a SchedulingError is a request that breaks a
// scheduling rule (422), a SlotTakenError a time someone else holds (409), with
// alternatives to offer. Malformed input (wrong types, bad ids) stays a ZodError (400).

import { AppError, type AppErrorStatus } from "@/lib/http/app-error";
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
  | "NOT_CHANGEABLE";

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

export class SlotTakenError extends AppError {
  override name = "SlotTakenError";
  readonly status = 409;
  readonly code = "SLOT_TAKEN";
  constructor(
    /** The next free slots of the same physician and visit type after the one asked for; may be fewer than three. */
    readonly nextSlots: Slot[],
  ) {
    super("That time has just been taken. Please choose another.");
  }

  protected override details() {
    return { nextSlots: this.nextSlots };
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
