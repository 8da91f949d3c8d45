import { refusalCode } from "@/lib/client/api";
import { conflictSnapshot, type NoteApi } from "./noteApi";
import { ANY_DRAFT_PREFIX, parseDraftKey, unansweredSaveLanded, type DraftStore } from "./noteDrafts";
import { sectionsOf } from "./noteText";

// Before a sign-out: every copy of note text this browser keeps for the user
// (any visit, any tab, a tab closed while offline) goes to the server. A copy
// is removed only once the server holds its text; what cannot be sent stays,
// and the physician is told why.

export interface UnsentNote {
  appointmentId: string;
  /** Why it could not be sent, in words for the physician. */
  problem: string;
  /** The server no longer knows the session: staying signed in is not possible. */
  sessionEnded: boolean;
}

const PROBLEMS: Record<string, string> = {
  offline: "The clinic could not be reached. Check your connection.",
  NOTE_VERSION_CONFLICT: "The note was changed elsewhere since. Open the visit to choose which text to keep.",
  NOTE_SIGNED: "The note was signed before this text reached it. Open the visit to copy what you need.",
  ended: "Your session has ended. The text stays on this computer until you sign in again.",
};

/** Sends every draft of this user's notes, newest first; returns those that stay unsent. */
export async function sendNoteDrafts({
  store,
  userKey,
  api,
}: {
  store: DraftStore;
  userKey: string;
  api: (appointmentId: string) => Pick<NoteApi, "save">;
}): Promise<UnsentNote[]> {
  const drafts = store
    .list(ANY_DRAFT_PREFIX)
    .flatMap((stored) => {
      const owner = parseDraftKey(stored.key);
      return owner?.userKey === userKey ? [{ ...stored, appointmentId: owner.appointmentId }] : [];
    })
    .sort((a, b) => b.draft.updatedAt.localeCompare(a.draft.updatedAt));

  const unsent: UnsentNote[] = [];
  for (const { key, draft, appointmentId } of drafts) {
    const save = (expectedVersion: number) => api(appointmentId).save({ expectedVersion, ...draft.sections });
    let result = await save(draft.baseVersion);
    // The server holds this tab's own unanswered save: the text continues from it.
    const current = conflictSnapshot(result);
    if (current && unansweredSaveLanded({ version: current.version, sections: sectionsOf(current) }, draft)) result = await save(current.version);
    if (result.ok) {
      store.remove(key);
      continue;
    }
    const sessionEnded = result.status === 401;
    const problem = sessionEnded ? PROBLEMS.ended! : result.status === 0 ? PROBLEMS.offline! : (PROBLEMS[refusalCode(result) ?? ""] ?? result.error);
    // Two tabs' copies of one note: the physician needs to hear of the note once.
    if (!unsent.some((note) => note.appointmentId === appointmentId)) unsent.push({ appointmentId, problem, sessionEnded });
  }
  return unsent;
}

/** Removes this user's drafts (the physician chose to sign out without them). */
export function discardNoteDrafts(store: DraftStore, userKey: string): void {
  for (const { key } of store.list(ANY_DRAFT_PREFIX)) {
    if (parseDraftKey(key)?.userKey === userKey) store.remove(key);
  }
}
