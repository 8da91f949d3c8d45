import { AppError } from "@/lib/http/app-error";

// What intake refuses besides access and malformed input: a file that is not
// an image we accept (415) or too big (413), one photo too many (409), a visit
// type without a questionnaire (404), a visit that is over (409), a
// questionnaire published over a newer version (409).

export type IntakeErrorCode = "NOT_AN_IMAGE" | "FILE_TOO_LARGE" | "TOO_MANY_PHOTOS" | "NO_QUESTIONNAIRE" | "VISIT_OVER" | "UPLOAD_NOT_FOUND" | "STALE_VERSION";

const STATUS: Record<IntakeErrorCode, 404 | 409 | 413 | 415> = {
  NOT_AN_IMAGE: 415,
  FILE_TOO_LARGE: 413,
  TOO_MANY_PHOTOS: 409,
  NO_QUESTIONNAIRE: 404,
  VISIT_OVER: 409,
  UPLOAD_NOT_FOUND: 404,
  STALE_VERSION: 409,
};

export class IntakeError extends AppError {
  override name = "IntakeError";
  readonly status: 404 | 409 | 413 | 415;
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
