import { AppError } from "@/lib/http/app-error";
import type { ControlledRefusalCode } from "./controlled-substances";
import type { PrescriptionWarningView } from "./types";

// What the chart and note functions refuse. A ClinicalValidationError is
// well-formed input that breaks a clinical rule (422); a ClinicalConflictError
// is a state the request does not fit, such as a stale note version or
// unacknowledged prescribing warnings (409); a NoteTooLongError is text over
// the stated limit (413), refused whole, never truncated. The note's own
// refusals (a stale version, text too long) are in lib/notes/errors.ts. Authorization
// refusals stay AccessDeniedError, missing records ResourceNotFoundError, and
// malformed input a ZodError (400).

export abstract class ClinicalError extends AppError {
  abstract override readonly status: 409 | 413 | 422;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ClinicalValidationCode =
  | "UNKNOWN_DRUG"
  | "ROUTE_NOT_FOR_DRUG"
  | "TOO_MANY_REFILLS"
  | "EMPTY_NOTE"
  | "INVALID_CHARACTERS"
  | "PATIENT_MISMATCH"
  | "INVALID_RANGE"
  | "ACKNOWLEDGEMENT_REASON_REQUIRED"
  | "RECONCILIATION_REASON_REQUIRED"
  | "MEDICATION_NOT_ON_LIST"
  | "REPEATED_MEDICATION"
  | ControlledRefusalCode;

export class ClinicalValidationError extends ClinicalError {
  override name = "ClinicalValidationError";
  readonly status = 422;
  constructor(code: ClinicalValidationCode, message: string) {
    super(code, message);
  }
}

export type ClinicalConflictCode =
  | "NOTE_VERSION_CONFLICT"
  | "NOTE_SIGNED"
  | "NOTE_NOT_SIGNED"
  | "APPOINTMENT_CANCELLED"
  | "PRESCRIPTION_WARNINGS"
  | "PRESCRIPTION_NOT_ACTIVE"
  | "DUPLICATE_ALLERGY"
  | "DUPLICATE_PROBLEM"
  | "ALLERGIES_ACTIVE"
  | "ALREADY_RESOLVED"
  | "OUTSIDE_RECORD_READ_ONLY";

export class ClinicalConflictError extends ClinicalError {
  override name = "ClinicalConflictError";
  readonly status = 409;
  constructor(code: ClinicalConflictCode, message: string) {
    super(code, message);
  }
}

/** The prescription raises warnings the prescriber has not acknowledged; nothing was created. */
export class PrescriptionWarningsError extends ClinicalConflictError {
  override name = "PrescriptionWarningsError";
  constructor(readonly warnings: readonly PrescriptionWarningView[]) {
    super(
      "PRESCRIPTION_WARNINGS",
      `This prescription needs ${warnings.length === 1 ? "a warning" : `${warnings.length} warnings`} acknowledged before it can be created.`,
    );
  }

  protected override details() {
    return { warnings: this.warnings };
  }
}
