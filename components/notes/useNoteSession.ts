"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { noteApi } from "./noteApi";
import { browserDraftStore, draftKey, draftKeyPrefix, tabWriterId } from "./noteDrafts";
import { NoteSession, type NoteSessionState } from "./noteSession";
import { trackOpenNote } from "./openNotes";

/**
 * The note session of one appointment for the signed-in physician (`userKey`:
 * only the appointment's own physician may write its note, so their name,
 * together with the appointment, names the writer of a device copy). Follows
 * the browser's online/offline events and saves at once when the page is
 * hidden, so a closed laptop lid loses nothing that the device copy does not
 * already hold. Another tab's save of the same note (its device copy removed:
 * a `storage` event) brings the saved text into an editor with nothing unsaved.
 */
export function useNoteSession(appointmentId: string, userKey: string): { session: NoteSession; state: NoteSessionState } {
  const [session] = useState(
    () =>
      new NoteSession({
        api: noteApi(appointmentId),
        store: browserDraftStore(),
        draftKeys: () => ({ own: draftKey(appointmentId, userKey, tabWriterId()), prefix: draftKeyPrefix(appointmentId, userKey) }),
        isOnline: () => navigator.onLine,
      }),
  );
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);

  useEffect(() => {
    session.start();
    const untrack = trackOpenNote(session, appointmentId);
    const online = () => session.wentOnline();
    const offline = () => session.wentOffline();
    const hidden = () => {
      if (document.visibilityState === "hidden") session.flush();
    };
    const leaving = () => session.flush();
    const storage = (event: StorageEvent) => {
      if (event.storageArea === localStorage && event.key !== null && event.newValue === null) session.copyGoneElsewhere(event.key);
    };
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    window.addEventListener("pagehide", leaving);
    window.addEventListener("storage", storage);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      window.removeEventListener("pagehide", leaving);
      window.removeEventListener("storage", storage);
      document.removeEventListener("visibilitychange", hidden);
      untrack();
      session.dispose();
    };
  }, [session, appointmentId]);

  return { session, state };
}
