// Why a camera or microphone did not start, and how long to wait before trying
// again to send it into the call when the cause was not the device.

export type MediaProblem = "denied" | "in-use" | "not-found" | "other";

/** The browser's getUserMedia refusals by name; anything else is "other". */
export function problemOf(error: unknown): MediaProblem {
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError") return "in-use";
  if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError") return "not-found";
  return "other";
}

/**
 * A device the browser refused, could not find or could not open needs the
 * person (the page says what to do); any other failure to publish (the server
 * did not answer in time, a renegotiation failed, the permission had not
 * arrived yet) is worth another try.
 */
export function needsThePerson(error: unknown): boolean {
  return problemOf(error) !== "other";
}

const PUBLISH_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000] as const;
const PUBLISH_RETRY_CEILING_MS = 15_000;

/** The wait before the next try after `failures` failed tries in a row: doubling, then every 15 s for as long as the call lasts. */
export function publishRetryDelay(failures: number): number {
  return PUBLISH_RETRY_DELAYS_MS[failures - 1] ?? PUBLISH_RETRY_CEILING_MS;
}
