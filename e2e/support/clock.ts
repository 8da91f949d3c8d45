import type { BrowserContext } from "@playwright/test";
import { readE2eServerState } from "./server-state";

// The scheduling clock (lib/scheduling/clock.ts) as the e2e server runs it:
// the real one, or ahead of it when the suite runs under E2E_CLOCK.

/** Now, on the server's scheduling clock. */
export async function schedulingNow(): Promise<Date> {
  const { clockOffsetMs } = await readE2eServerState();
  return new Date(Date.now() + clockOffsetMs);
}

/**
 * Gives the browser's Date the instant `at` (the server's scheduling clock by
 * default); its timers keep running.
 */
export async function setBrowserClock(context: BrowserContext, at?: Date): Promise<void> {
  const { clockOffsetMs } = await readE2eServerState();
  if (at) await context.clock.setFixedTime(at);
  else if (clockOffsetMs > 0) await context.clock.setFixedTime(Date.now() + clockOffsetMs);
}
