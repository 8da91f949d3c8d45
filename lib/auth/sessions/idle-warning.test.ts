import { describe, expect, it } from "vitest";
import { countdownText, idleState, spokenCountdownText } from "./idle-warning";

const FIFTEEN_MINUTES = 15 * 60 * 1000;
const start = Date.UTC(2030, 0, 7, 9, 0, 0);
const after = (minutes: number, seconds = 0) => start + (minutes * 60 + seconds) * 1000;

describe("idleState", () => {
  it("is active until the last minute", () => {
    expect(idleState(start, start, FIFTEEN_MINUTES)).toEqual({ phase: "active" });
    expect(idleState(after(13, 59), start, FIFTEEN_MINUTES)).toEqual({ phase: "active" });
  });

  it("warns during the last minute, counting the seconds left", () => {
    expect(idleState(after(14), start, FIFTEEN_MINUTES)).toEqual({ phase: "warning", secondsLeft: 60 });
    expect(idleState(after(14, 5), start, FIFTEEN_MINUTES)).toEqual({ phase: "warning", secondsLeft: 55 });
    expect(idleState(after(14, 59) + 500, start, FIFTEEN_MINUTES)).toEqual({ phase: "warning", secondsLeft: 1 });
  });

  it("has expired at the timeout, and long after it, as when waking from sleep", () => {
    expect(idleState(after(15), start, FIFTEEN_MINUTES)).toEqual({ phase: "expired" });
    expect(idleState(after(600), start, FIFTEEN_MINUTES)).toEqual({ phase: "expired" });
  });

  it("counts from the latest activity", () => {
    expect(idleState(after(20), after(10), FIFTEEN_MINUTES)).toEqual({ phase: "active" });
  });
});

describe("countdownText", () => {
  it("says how many seconds are left", () => {
    expect(countdownText(55)).toBe("You'll be signed out in 55 seconds.");
    expect(countdownText(1)).toBe("You'll be signed out in 1 second.");
  });
});

describe("spokenCountdownText", () => {
  it("changes only at a minute, 30 seconds and 10 seconds", () => {
    const spoken = new Set(Array.from({ length: 60 }, (_, index) => spokenCountdownText(60 - index)));
    expect([...spoken]).toEqual([
      "You'll be signed out in less than a minute.",
      "You'll be signed out in less than 30 seconds.",
      "You'll be signed out in less than 10 seconds.",
    ]);
  });
});
