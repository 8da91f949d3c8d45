import { AppError } from "@/lib/http/app-error";

// What deciding on a care gap is refused with. Each refusal is audited by
// lib/care-gaps/decisions.ts before it is thrown, and nothing is stored.

export type CareGapErrorCode = "CARE_GAP_REASON_REQUIRED" | "CARE_GAP_NOT_OPEN" | "CARE_GAP_ALREADY_DECIDED" | "CARE_GAP_VISIT_CLOSED";

export class CareGapError extends AppError {
  override name = "CareGapError";
  readonly status: 409 | 422;
  constructor(
    readonly code: CareGapErrorCode,
    message: string,
  ) {
    super(message);
    this.status = code === "CARE_GAP_REASON_REQUIRED" ? 422 : 409;
  }
}
