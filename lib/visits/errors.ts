import { AppError } from "@/lib/http/app-error";

// What the video-visit functions refuse: the visit is not open (409), someone
// or something is not there (404), or a LiveKit webhook is not signed by our
// server (401). Authorization refusals stay AccessDeniedError; malformed input
// stays a ZodError.

export type VisitErrorCode =
  | "NOT_OPEN_YET"
  | "ENDED"
  | "CANCELLED"
  | "NOT_STARTED"
  | "NOT_IN_ROOM"
  | "GUEST_NOT_FOUND"
  | "BAD_SIGNATURE";

const STATUS: Record<VisitErrorCode, 401 | 404 | 409> = {
  NOT_OPEN_YET: 409,
  ENDED: 409,
  CANCELLED: 409,
  NOT_STARTED: 409,
  NOT_IN_ROOM: 404,
  GUEST_NOT_FOUND: 404,
  BAD_SIGNATURE: 401,
};

export class VisitError extends AppError {
  override name = "VisitError";
  readonly status: 401 | 404 | 409;
  constructor(
    readonly code: VisitErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
