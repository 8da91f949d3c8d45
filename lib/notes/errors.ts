import { ClinicalConflictError, ClinicalError } from "@/lib/chart/errors";
import type { NoteSections, NoteSnapshot } from "./types";

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
