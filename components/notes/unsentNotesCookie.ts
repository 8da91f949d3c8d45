import { UNSENT_NOTES_COOKIE } from "@/lib/http/clear-site-data";

// The cookie that tells the server this browser holds note text it does not
// have yet, so that the end of a session clears the cache but not the storage
// the text lives in (lib/http/clear-site-data.ts). Kept in step with the
// drafts by the draft store (noteDrafts.ts).

/** A year: the text waits for its physician to sign in again, however long that takes. */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The document.cookie assignment that sets (or, `holds` false, deletes) the cookie; __Host- over HTTPS. */
export function unsentNotesCookie(holds: boolean, secure: boolean): string {
  const name = secure ? `__Host-${UNSENT_NOTES_COOKIE}` : UNSENT_NOTES_COOKIE;
  return `${name}=${holds ? "1" : ""}; Path=/; Max-Age=${holds ? MAX_AGE_SECONDS : 0}; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** Sets or deletes the cookie in this browser, writing only when that changes it. */
export function noteUnsentNotes(holds: boolean): void {
  if (typeof document === "undefined") return;
  const assignment = unsentNotesCookie(holds, location.protocol === "https:");
  const name = assignment.slice(0, assignment.indexOf("="));
  const present = document.cookie.split("; ").some((cookie) => cookie.startsWith(`${name}=`));
  if (present !== holds) document.cookie = assignment;
}
