// A consultation note's text and state, as the server and the editor share them.

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
