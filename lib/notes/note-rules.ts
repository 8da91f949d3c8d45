import { z } from "zod";
import { ClinicalValidationError } from "@/lib/chart/errors";
import { NoteTooLongError } from "./errors";
import type { NoteSections } from "./types";
import { recordIdOf } from "@/lib/http/ids";
import { CPT_CODES, ICD10_CODES, MAX_DIAGNOSIS_CODES } from "@/lib/billing/codes";
import { HANDOUT_KEYS } from "./handouts";
import { NOTE_DETAILS } from "./note-details";
import { characterCount, NOTE_SECTION_MAX_CHARS, SOAP_SECTIONS } from "./note-text";
import { telehealthBlockSchema } from "./telehealth-block";

// The rules of a consultation note's text, without the database. Text is kept
// exactly as typed (no trimming, no HTML handling: showing it as text is the
// reader's job); what is refused is refused whole with the limit named, never
// cut short.

/**
 * How large a note save's or an addendum's request body may be: four sections
 * at the limit, each character up to 4 bytes of UTF-8, is 1.6 MB, plus JSON.
 * A bigger body is refused (413) before it is parsed; a smaller one reaches
 * checkNoteText, which names the section over the limit and the limit.
 */
export const NOTE_REQUEST_MAX_BYTES = 2 * 1024 * 1024;

/** PostgreSQL text cannot hold NUL; other control characters (tabs, line breaks) are kept. */
const NUL = /\u0000/;

/** Throws NoteTooLongError or ClinicalValidationError for the first section that cannot be stored as it is. */
export function checkNoteText(sections: Partial<NoteSections>): void {
  for (const section of SOAP_SECTIONS) {
    const text = sections[section];
    if (text === undefined) continue;
    checkText(`${section} section`, text, NOTE_SECTION_MAX_CHARS);
  }
}

export function checkText(label: string, text: string, limit: number): void {
  // Counting code points is needed only when the UTF-16 length is over the limit.
  if (text.length > limit) {
    const length = characterCount(text);
    if (length > limit) throw new NoteTooLongError(label, length, limit);
  }
  if (NUL.test(text)) {
    throw new ClinicalValidationError("INVALID_CHARACTERS", `The ${label} contains a NUL character, which cannot be stored. Remove it and save again.`);
  }
}

export function isBlankNote(sections: NoteSections): boolean {
  return SOAP_SECTIONS.every((section) => sections[section].trim() === "");
}

/** True when every section the save carries already reads the same on the server. */
export function sameText(current: NoteSections, attempted: Partial<NoteSections>): boolean {
  return SOAP_SECTIONS.every((section) => attempted[section] === undefined || attempted[section] === current[section]);
}

// ---------------------------------------------------------------------------
// Input schemas the routes reuse. Lengths are checked by checkNoteText, so an
// over-long section is answered 413 with the limit, not a generic 400.

const appointmentId = recordIdOf("appointment");
const version = z.number("Give the note's version as a number.").int("A version is a whole number.").min(1, "A version starts at 1.");
const sectionText = z.string("Each section is text.");
const cptCode = z.enum(
  CPT_CODES.map((entry) => entry.code),
  "That is not one of the visit codes offered (99202–99205, 99212–99215, 98000–98015).",
);
const diagnosisCodes = z
  .array(z.enum(ICD10_CODES.map((entry) => entry.code), "That is not one of the ICD-10 codes offered."))
  .max(MAX_DIAGNOSIS_CODES, `A claim carries at most ${MAX_DIAGNOSIS_CODES} diagnosis codes.`)
  .refine((codes) => new Set(codes).size === codes.length, "Each diagnosis code once.");
const handouts = z
  .array(z.enum(HANDOUT_KEYS, "That is not one of the handouts offered."))
  .refine((keys) => new Set(keys).size === keys.length, "Each handout once.");

export const noteRefInput = z.strictObject({ appointmentId });

export const openDraftInput = z.strictObject({ appointmentId });

export const saveNoteInput = z
  .strictObject({
    appointmentId,
    /** The version the editor last loaded or saved; the save applies only if the note is still at it. */
    expectedVersion: version,
    subjective: sectionText.optional(),
    objective: sectionText.optional(),
    assessment: sectionText.optional(),
    plan: sectionText.optional(),
    telehealth: telehealthBlockSchema.nullable().optional(),
    cptCode: cptCode.nullable().optional(),
    diagnosisCodes: diagnosisCodes.optional(),
    handouts: handouts.optional(),
  })
  .refine(
    (input) => [...SOAP_SECTIONS, ...NOTE_DETAILS].some((field) => input[field] !== undefined),
    "Send at least one section or detail to save.",
  );

export const signNoteInput = z.strictObject({ appointmentId, expectedVersion: version });

export const addendumInput = z.strictObject({
  appointmentId,
  body: z.string("The addendum is text.").refine((value) => value.trim() !== "", "Write the addendum."),
});

export type NoteRefInput = z.input<typeof noteRefInput>;
export type OpenDraftInput = z.input<typeof openDraftInput>;
export type SaveNoteInput = z.input<typeof saveNoteInput>;
export type SignNoteInput = z.input<typeof signNoteInput>;
export type AddendumInput = z.input<typeof addendumInput>;
