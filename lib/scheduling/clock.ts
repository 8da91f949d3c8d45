// "Now" for scheduling: which times are still ahead, whether a visit's room is
// open, when a reminder falls due. It is the system clock, except in the e2e
// suite's season runs: scripts/e2e-server.ts turns E2E_CLOCK (an instant in
// the future, e.g. a July morning) into E2E_CLOCK_OFFSET_MS, by which the
// server, its job worker and the tests' browsers all run ahead, so the suite
// can prove it holds in summer and in winter. Sessions, sign-in codes and
// audit times keep the real clock. `npm run dev` and `npm start` refuse to
// start with either variable set (scripts/support/start-checks.ts).

export const E2E_CLOCK_OFFSET_VARIABLE = "E2E_CLOCK_OFFSET_MS";

export function schedulingNow(): Date {
  return new Date(Date.now() + clockOffsetMs(process.env[E2E_CLOCK_OFFSET_VARIABLE]));
}

/** The offset is whole milliseconds and never negative: a clock set back would hold up mail queued in real time. */
export function clockOffsetMs(setting: string | undefined): number {
  if (setting === undefined || setting === "") return 0;
  const offset = Number(setting);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`${E2E_CLOCK_OFFSET_VARIABLE} must be a whole number of milliseconds, 0 or more (it is "${setting}").`);
  return offset;
}
