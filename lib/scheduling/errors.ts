// What scheduling refuses: a SchedulingError is a request that breaks a
// scheduling rule (422), a SlotTakenError a time someone else holds (409), with
// alternatives to offer. Malformed input (wrong types, bad ids) stays a ZodError (400).

import { AppError } from "@/lib/http/app-error";
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
