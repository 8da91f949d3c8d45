import type { NoteDetails } from "./types";

// What a note states besides its four sections, compared the way the server
// and the editor both need: a save or device copy is "the same" only when
// every detail it carries reads the same.

export const NOTE_DETAILS = ["telehealth", "cptCode", "diagnosisCodes", "handouts"] as const;
export type NoteDetail = (typeof NOTE_DETAILS)[number];

export const EMPTY_DETAILS: NoteDetails = { telehealth: null, cptCode: null, diagnosisCodes: [], handouts: [] };

export function detailsOf(note: NoteDetails): NoteDetails {
  return { telehealth: note.telehealth, cptCode: note.cptCode, diagnosisCodes: note.diagnosisCodes, handouts: note.handouts };
}

/** True when every detail `attempted` carries equals the current one (JSON-equal: the block's keys are always in schema order). */
export function sameDetails(current: NoteDetails, attempted: Partial<NoteDetails>): boolean {
  return NOTE_DETAILS.every((detail) => attempted[detail] === undefined || JSON.stringify(attempted[detail]) === JSON.stringify(current[detail]));
}
