import { AppError } from "@/lib/http/app-error";

// What the check-in refuses: a stated fact that does not match the record
// (422), a date of birth once its tries are used up (429), a consent that is
// no longer the one to sign (409), and the waiting room while the check-in or
// the telehealth consent is not in order (409, with the step the patient goes
// back to). Malformed input stays a ZodError.

export type CheckInErrorCode =
  | "NAME_MISMATCH"
  | "DATE_OF_BIRTH_MISMATCH"
  | "DATE_OF_BIRTH_TRIES_USED_UP"
  | "TELEHEALTH_CONSENT_DECLINED"
  | "CONSENT_SUPERSEDED"
  | "UNKNOWN_CONSENT"
  | "NO_CONSENT_PUBLISHED"
  | "LOCATION_FIRST"
  | "CHECK_IN_REQUIRED"
  | "CONSENT_EXPIRED"
  | "CONSENT_VERSION_TAKEN";

type CheckInErrorStatus = 409 | 422 | 429;

const STATUS: Record<CheckInErrorCode, CheckInErrorStatus> = {
  NAME_MISMATCH: 422,
  DATE_OF_BIRTH_MISMATCH: 422,
  DATE_OF_BIRTH_TRIES_USED_UP: 429,
  TELEHEALTH_CONSENT_DECLINED: 422,
  CONSENT_SUPERSEDED: 409,
  UNKNOWN_CONSENT: 422,
  NO_CONSENT_PUBLISHED: 409,
  LOCATION_FIRST: 409,
  CHECK_IN_REQUIRED: 409,
  CONSENT_EXPIRED: 409,
  CONSENT_VERSION_TAKEN: 409,
};

export class CheckInError extends AppError {
  override name = "CheckInError";
  readonly status: CheckInErrorStatus;
  constructor(
    readonly code: CheckInErrorCode,
    message: string,
    /** The check-in step the patient goes back to, when the refusal sends them to one. */
    readonly step?: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }

  protected override details() {
    return this.step ? { step: this.step } : {};
  }
}
