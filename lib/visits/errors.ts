import { AppError } from "@/lib/http/app-error";

// What the video-visit functions refuse: the visit is not open (409), someone
// or something is not there (404), someone waiting asks what only the call
// may know (403), or a LiveKit webhook is not signed by our
// server (401). Authorization refusals stay AccessDeniedError; malformed input
// stays a ZodError.

export type VisitErrorCode =
  | "NOT_OPEN_YET"
  | "ENDED"
  | "CANCELLED"
  | "NOT_STARTED"
  | "NOT_IN_ROOM"
  | "NOT_ADMITTED"
  | "GUEST_NOT_FOUND"
  | "BAD_SIGNATURE";

const STATUS: Record<VisitErrorCode, 401 | 403 | 404 | 409> = {
  NOT_OPEN_YET: 409,
  ENDED: 409,
  CANCELLED: 409,
  NOT_STARTED: 409,
  NOT_IN_ROOM: 404,
  NOT_ADMITTED: 403,
  GUEST_NOT_FOUND: 404,
  BAD_SIGNATURE: 401,
};

export class VisitError extends AppError {
  override name = "VisitError";
  readonly status: 401 | 403 | 404 | 409;
  constructor(
    readonly code: VisitErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
