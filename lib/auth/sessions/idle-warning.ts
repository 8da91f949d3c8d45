// The browser's side of the staff idle timeout (the server enforces it in
// lib/auth/sessions/sessions.ts). Pure, and free of server-only imports, so the client
// component can use it; the timeout itself is passed down from the server.

/** How long before the sign-out the warning appears. */
export const IDLE_WARNING_MS = 60 * 1000;
/** Activity is reported to the server at most this often. */
export const ACTIVITY_PING_INTERVAL_MS = 60 * 1000;

/**
 * Sent with the pages' background polls (who is waiting): such a request is no
 * sign the person is at the screen, so the server does not count it as
 * activity against the idle timeout.
 */
export const BACKGROUND_POLL_HEADER = "X-Background-Poll";

export type IdleState = { phase: "active" } | { phase: "warning"; secondsLeft: number } | { phase: "expired" };

/** From timestamps rather than counted ticks, so it stays right after the computer sleeps. */
export function idleState(now: number, lastActivityAt: number, timeoutMs: number): IdleState {
  const remainingMs = lastActivityAt + timeoutMs - now;
  if (remainingMs <= 0) return { phase: "expired" };
  if (remainingMs <= IDLE_WARNING_MS) return { phase: "warning", secondsLeft: Math.ceil(remainingMs / 1000) };
  return { phase: "active" };
}

export function countdownText(secondsLeft: number): string {
  return `You'll be signed out in ${secondsLeft} ${secondsLeft === 1 ? "second" : "seconds"}.`;
}

/**
 * The countdown for screen readers. Announcing every second would drown out
 * everything else, so this changes (and is announced) only three times.
 */
export function spokenCountdownText(secondsLeft: number): string {
  if (secondsLeft > 30) return "You'll be signed out in less than a minute.";
  if (secondsLeft > 10) return "You'll be signed out in less than 30 seconds.";
  return "You'll be signed out in less than 10 seconds.";
}

/**
 * Dispatched on window while a video call is connected: talking to a patient
 * is activity even when nobody touches the keyboard or mouse.
 */
export const CALL_ACTIVITY_EVENT = "telemedicine-clinic:call-activity";
