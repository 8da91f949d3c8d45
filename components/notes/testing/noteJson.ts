import { EMPTY_DETAILS } from "@/lib/notes/note-details";
import type { NoteSections } from "@/lib/notes/types";
import type { NoteJson, NoteResponse } from "../noteApi";

// The note routes' answers (app/api/visits/[appointmentId]/note…), for the
// editor's interaction tests: a draft as the server sends it, and the paths.

export const NOTE_APPOINTMENT_ID = "appt-1";
export const NOTE_PATH = `/api/visits/${NOTE_APPOINTMENT_ID}/note`;
export const SIGN_PATH = `${NOTE_PATH}/sign`;

export function draftNote(sections: Partial<NoteSections>, version: number, updatedAt = "2026-03-05T14:00:00.000Z"): NoteResponse {
  const note: NoteJson = {
    id: "note-1",
    appointmentId: NOTE_APPOINTMENT_ID,
    visitId: "visit-1",
    status: "DRAFT",
    version,
    subjective: "",
    objective: "",
    assessment: "",
    plan: "",
    ...sections,
    authorId: "user-1",
    authorName: "Dr. Lena Fischer",
    signedAt: null,
    signedByName: null,
    createdAt: "2026-03-05T13:55:00.000Z",
    updatedAt,
    addenda: [],
    ...EMPTY_DETAILS,
  };
  return { note };
}

export function signedNote(draft: NoteResponse, signedAt: string): NoteResponse {
  return {
    note: { ...draft.note, status: "SIGNED", version: draft.note.version + 1, signedAt, signedByName: draft.note.authorName, updatedAt: signedAt },
  };
}
