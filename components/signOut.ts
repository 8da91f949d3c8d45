import { callApi } from "@/lib/client/api";
import { noteApi } from "./notes/noteApi";
import { browserDraftStore, type DraftStore } from "./notes/noteDrafts";
import { forgetOfflinePages } from "./notes/offlinePages";
import { saveOpenNotes } from "./notes/openNotes";
import { discardNoteDrafts, sendNoteDrafts, type UnsentNote } from "./notes/sendDrafts";

// Signing out of this browser, without losing a word of a note: first every
// open editor and every copy of note text kept here goes to the server; then
// the server ends the session and tells the browser to forget what it kept
// (Clear-Site-Data), and the page goes to the sign-in page. Text that cannot
// be sent is never cleared away without the physician's say:
// - signing out by choice, they are asked: stay signed in (and deal with it),
//   or sign out and delete it;
// - signed out for being idle (nobody there to ask), or once the session has
//   already ended, the text stays on this computer, for them to send after
//   signing in again (the server spares the storage it lives in).

export type SignOutReason = "signed-out" | "idle";

export interface SignOutRequest {
  reason: SignOutReason;
  /** End every session of the user, on every device. */
  everywhere?: boolean;
  /** Whose drafts to send: the name the note editor keys them by. */
  userKey: string;
  /**
   * "person": text that cannot be sent is returned for them to decide about.
   * "idle-timer": nobody is there; such text stays on this computer, and the
   * page leaves for the sign-in page even if the clinic cannot be reached.
   */
  by: "person" | "idle-timer";
  /** The person chose to sign out without the text that could not be sent. */
  deleteUnsent?: boolean;
}

export type SignOutOutcome =
  /** Signed out; the browser is on its way to the sign-in page. */
  | { kind: "signed-out" }
  /** Still signed in: this text could not be sent, and the physician decides. */
  | { kind: "unsent"; notes: UnsentNote[] }
  | { kind: "failed"; message: string };

export interface SignOutDeps {
  store: DraftStore;
  saveOpenNotes: () => Promise<void>;
  sendNoteDrafts: typeof sendNoteDrafts;
  endSession: (body: { reason: SignOutReason; everywhere?: true }) => Promise<{ ok: boolean; status: number; error?: string }>;
  forgetOfflinePages: () => Promise<void>;
  goTo: (url: string) => void;
}

export function browserSignOutDeps(): SignOutDeps {
  return {
    store: browserDraftStore(),
    saveOpenNotes,
    sendNoteDrafts,
    endSession: (body) => callApi("/api/session/sign-out", { method: "POST", body }),
    forgetOfflinePages,
    // Replace, not push: Back must not lead to a page of the session that ended.
    goTo: (url) => window.location.replace(url),
  };
}

export async function signOutOfThisBrowser(request: SignOutRequest, deps: SignOutDeps = browserSignOutDeps()): Promise<SignOutOutcome> {
  await deps.saveOpenNotes();
  const unsent = await deps.sendNoteDrafts({ store: deps.store, userKey: request.userKey, api: noteApi });
  const sessionEnded = unsent.some((note) => note.sessionEnded);
  if (unsent.length > 0 && request.by === "person" && !request.deleteUnsent && !sessionEnded) return { kind: "unsent", notes: unsent };
  if (request.deleteUnsent) discardNoteDrafts(deps.store, request.userKey);

  const ended = await deps.endSession({ reason: request.reason, ...(request.everywhere ? { everywhere: true as const } : {}) });
  // 401: the session had already ended; the answer cleared the browser all the same.
  // Unattended, the screen must not keep showing patients' data whatever the answer.
  if (!ended.ok && ended.status !== 401 && request.by === "person") {
    const message =
      ended.status === 0
        ? "The clinic could not be reached, so you are still signed in. Check your connection and try again."
        : (ended.error ?? "Signing out failed. Try again.");
    return { kind: "failed", message };
  }
  // Where the answer could not clear the storage (unsent text kept, or a
  // browser without Clear-Site-Data), the visit pages kept for offline use go now.
  await deps.forgetOfflinePages();
  deps.goTo(`/sign-in?reason=${request.reason}`);
  return { kind: "signed-out" };
}
