import { ClinicalConflictError, ClinicalError } from "@/lib/chart/errors";
import { REQUIREMENT_LABELS, type NoteRequirement } from "./telehealth-fields";
import type { NoteDetails, NoteSections, NoteSnapshot } from "./types";

// What saving a note refuses besides the clinical rules of lib/chart/errors.ts.

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
    readonly attempted: Partial<NoteSections & NoteDetails>,
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

/**
 * Signing a note that does not yet state what a billable telehealth note must
 * (its telehealth block, visit code, diagnoses). Nothing changed; `missing`
 * names the fields, so the editor marks each one.
 */
export class NoteIncompleteError extends ClinicalError {
  override name = "NoteIncompleteError";
  readonly status = 409;
  constructor(readonly missing: readonly NoteRequirement[]) {
    super("TELEHEALTH_BLOCK_INCOMPLETE", `Before signing, complete: ${missing.map((field) => REQUIREMENT_LABELS[field]).join("; ")}.`);
  }

  protected override details() {
    return { missing: this.missing };
  }
}

/** The visit's note is not signed yet: there is no after-visit summary to print or download, and nothing was made. */
export class SummaryNotReadyError extends ClinicalConflictError {
  override name = "SummaryNotReadyError";
  constructor() {
    super("NOTE_NOT_SIGNED", "The after-visit summary is ready once the physician has signed the visit note. Nothing was generated.");
  }
}
