import type { NoteSession } from "./noteSession";

// The note editors open in this tab, by appointment: signing out lets each
// send what it has pending, and waits for it, before anything else happens (a
// save of their own racing the sign-out's would look like a conflict); other
// panels of the visit page (the check-in tab) add text to a note through its
// editor, so it is saved as if the physician had typed it.

type OpenNote = Pick<NoteSession, "saveNow" | "getSnapshot" | "edit">;

const openNotes = new Map<OpenNote, string>();

/** Tracks an editor's session while it is open; returns the function that stops tracking it. */
export function trackOpenNote(session: OpenNote, appointmentId: string): () => void {
  openNotes.set(session, appointmentId);
  return () => openNotes.delete(session);
}

/** Lets every open editor send its pending text, and resolves once each has its answer. */
export async function saveOpenNotes(): Promise<void> {
  await Promise.all([...openNotes.keys()].map((session) => session.saveNow()));
}

/**
 * Adds `text` as a paragraph at the end of the Subjective of the appointment's
 * note open in this tab, through its editor (which shows and autosaves it).
 * False when no editable note of that appointment is open (not loaded yet, or signed).
 */
export function appendToSubjective(appointmentId: string, text: string): boolean {
  const session = [...openNotes].find(([, appointment]) => appointment === appointmentId)?.[0];
  const state = session?.getSnapshot();
  if (!session || state?.phase !== "editing") return false;
  const current = state.sections.subjective.trimEnd();
  session.edit("subjective", current === "" ? text : `${current}\n\n${text}`);
  return true;
}
