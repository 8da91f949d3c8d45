import { AppError } from "@/lib/http/app-error";

// What admitting a patient located where the physician holds no current
// licence is refused with: in WARN mode until a reason is given (409), in
// BLOCK mode always (403).

export type LicensureErrorCode = "LICENSURE_REASON_REQUIRED" | "NOT_LICENSED_IN_STATE";

export class LicensureError extends AppError {
  override name = "LicensureError";
  readonly status: 403 | 409;
  constructor(
    readonly code: LicensureErrorCode,
    message: string,
    /** USPS code of where the patient says they are. */
    readonly state: string,
  ) {
    super(message);
    this.status = code === "NOT_LICENSED_IN_STATE" ? 403 : 409;
  }

  protected override details() {
    return { state: this.state };
  }
}
