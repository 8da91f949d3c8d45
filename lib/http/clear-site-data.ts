// What a browser is told to forget when a session ends (sign-out, or a
// request that finds the session over). Pure, so the rule is unit-tested, and
// shared by the server (which sends the header) and the note editor (which
// sets the cookie below).
//
// "cache" empties the browser's HTTP cache (and back/forward cache) for the
// clinic; "storage" empties localStorage, sessionStorage, the offline visit
// pages (Cache Storage) and the service worker. But localStorage is also where
// the note editor keeps text the server does not have yet (offline, a
// conflict to resolve, a session that ended mid-sentence), and that text must
// never be lost. While the browser holds any, the editor sets the cookie
// below; the server then leaves storage alone, and the sign-in page deletes
// the offline visit pages itself (components/ForgetOfflinePages.tsx). The text
// goes to the server, and the cookie away, once its physician signs in again.

/** Set by the note editor while this browser holds unsent note text; __Host- prefixed over HTTPS. */
export const UNSENT_NOTES_COOKIE = "clinic.unsent-notes";

export const CLEAR_SITE_DATA = "Clear-Site-Data";

/** The Clear-Site-Data value for the end of a session in a browser that does or does not hold unsent note text. */
export function clearSiteDataValue({ holdsUnsentNotes }: { holdsUnsentNotes: boolean }): string {
  return holdsUnsentNotes ? '"cache"' : '"cache", "storage"';
}

/** Whether a request's cookies say its browser holds unsent note text (under either name: the flag grants nothing). */
export function holdsUnsentNotes(cookies: { has(name: string): boolean }): boolean {
  return cookies.has(UNSENT_NOTES_COOKIE) || cookies.has(`__Host-${UNSENT_NOTES_COOKIE}`);
}
