// What the editor tells the physician about saving, and when it tries again.
// The status texts are fixed words (tests and people rely on them), so they are
// built here and nowhere else.

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  /** The server cannot be reached; the text is kept on this device. */
  | { kind: "offline" }
  | { kind: "failed"; reason: string };

/** How long typing must pause before the editor saves. */
export const AUTOSAVE_DELAY_MS = 1_000;

const FIRST_RETRY_MS = 1_000;
/**
 * The longest wait between attempts while the server cannot be reached. Kept
 * short: an attempt costs one small request, and the `online` event that
 * usually ends the wait is not fired on every network change (a captive
 * portal, a server restart).
 */
const MAX_RETRY_MS = 10_000;

/** The wait before attempt `attempt` (0-based) after a failure: 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt), MAX_RETRY_MS);
}

/** "14:03": hours and minutes in the viewer's local time, whatever their locale's separator. */
export function clockTime(date: Date): string {
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/** The live region's text; empty when there is nothing to say yet. */
export function statusText(status: SaveStatus): string {
  switch (status.kind) {
    case "idle":
      return "";
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved ${clockTime(status.at)}`;
    case "offline":
      return "Offline – saved on this device";
    case "failed":
      return `Not saved – ${status.reason}`;
  }
}

/** A date and time for people, in the viewer's locale and time zone: "5 Mar 2026, 14:03". */
export function dateTimeText(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}
