import type { NoteSession } from "./noteSession";

// The note editors open in this tab, so that signing out lets each send what
// it has pending, and waits for it, before anything else happens: a save of
// their own racing the sign-out's would look like a conflict.

const openNotes = new Set<Pick<NoteSession, "saveNow">>();

/** Tracks an editor's session while it is open; returns the function that stops tracking it. */
export function trackOpenNote(session: Pick<NoteSession, "saveNow">): () => void {
  openNotes.add(session);
  return () => openNotes.delete(session);
}

/** Lets every open editor send its pending text, and resolves once each has its answer. */
export async function saveOpenNotes(): Promise<void> {
  await Promise.all([...openNotes].map((session) => session.saveNow()));
}
