import type { TelehealthBlock } from "./telehealth-fields";

// A consultation note's text and state, as the server and the editor share them.

export interface NoteSections {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

/** What the note states besides its text: the telehealth block, the claim's codes and the handouts attached. */
export interface NoteDetails {
  telehealth: TelehealthBlock | null;
  cptCode: string | null;
  diagnosisCodes: string[];
  handouts: string[];
}

export interface NoteSnapshot extends NoteSections, NoteDetails {
  version: number;
  status: "DRAFT" | "SIGNED";
  updatedAt: Date;
}
