// What the chart and note functions refuse, as typed errors a route turns into
// a clear JSON response with one branch (lib/http/route-errors' errorResponse):
//
//   if (error instanceof ClinicalError) return NextResponse.json(error.body(), { status: error.status });
//
// A ClinicalValidationError is well-formed input that breaks a clinical rule
// (422); a ClinicalConflictError is a state the request does not fit, such as a
// stale note version or unacknowledged prescribing warnings (409); a
// NoteTooLongError is text over the stated limit (413), refused whole, never
// truncated. Authorization refusals stay AccessDeniedError, missing records
// ResourceNotFoundError, and malformed input a ZodError (400).

export abstract class ClinicalError extends Error {
  abstract readonly status: 409 | 413 | 422;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The JSON body of the HTTP response: the message, a machine-readable code, and any details. */
  body(): Record<string, unknown> {
    return { error: this.message, code: this.code, ...this.details() };
  }

  protected details(): Record<string, unknown> {
    return {};
  }
}

export type ClinicalValidationCode =
  | "UNKNOWN_DRUG"
  | "ROUTE_NOT_FOR_DRUG"
  | "TOO_MANY_REFILLS"
  | "EMPTY_NOTE"
  | "INVALID_CHARACTERS"
  | "PATIENT_MISMATCH"
  | "INVALID_RANGE";

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
  | "PRESCRIPTION_NOT_ACTIVE";

export class ClinicalConflictError extends ClinicalError {
  override name = "ClinicalConflictError";
  readonly status = 409;
  constructor(code: ClinicalConflictCode, message: string) {
    super(code, message);
  }
}

export interface NoteSections {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

export interface NoteSnapshot extends NoteSections {
  version: number;
  status: "DRAFT" | "SIGNED";
  updatedAt: Date;
}

/**
 * The note changed since the editor loaded it (another tab or device saved).
 * Nothing was written: the body carries the server's text and version and the
 * text this request tried to save, so the physician sees both and chooses.
 */
export class NoteVersionConflictError extends ClinicalConflictError {
  override name = "NoteVersionConflictError";
  constructor(
    readonly expectedVersion: number,
    readonly current: NoteSnapshot,
    readonly attempted: Partial<NoteSections>,
  ) {
    super(
      "NOTE_VERSION_CONFLICT",
      `This note was changed elsewhere (now version ${current.version}, you edited version ${expectedVersion}). Nothing was overwritten: compare both versions and choose.`,
    );
  }

  protected override details() {
    return { expectedVersion: this.expectedVersion, current: this.current, attempted: this.attempted };
  }
}

/** Text longer than the limit: refused whole, and nothing was saved. */
export class NoteTooLongError extends ClinicalError {
  override name = "NoteTooLongError";
  readonly status = 413;
  constructor(
    readonly field: string,
    readonly length: number,
    readonly limit: number,
  ) {
    super(
      "TEXT_TOO_LONG",
      `The ${field} is ${length.toLocaleString("en-US")} characters long; the limit is ${limit.toLocaleString("en-US")} characters. Nothing was saved: shorten it, or move part of it to another section.`,
    );
  }

  protected override details() {
    return { field: this.field, length: this.length, limit: this.limit };
  }
}

export interface PrescriptionWarningView {
  code: string;
  kind: string;
  severity: string;
  message: string;
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
