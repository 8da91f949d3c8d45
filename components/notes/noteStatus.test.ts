import { describe, expect, it } from "vitest";
import { clockTime, retryDelayMs, statusText } from "./noteStatus";

describe("the save status", () => {
  it("uses the fixed words, with the local time of the last save as HH:MM", () => {
    expect(statusText({ kind: "idle" })).toBe("");
    expect(statusText({ kind: "saving" })).toBe("Saving…");
    expect(statusText({ kind: "saved", at: new Date(2026, 2, 5, 14, 3, 59) })).toBe("Saved 14:03");
    expect(statusText({ kind: "offline" })).toBe("Offline – saved on this device");
    expect(statusText({ kind: "failed", reason: "the server said no" })).toBe("Not saved – the server said no");
  });

  it("pads hours and minutes, whatever the locale", () => {
    expect(clockTime(new Date(2026, 0, 1, 0, 0))).toBe("00:00");
    expect(clockTime(new Date(2026, 0, 1, 9, 5))).toBe("09:05");
    expect(clockTime(new Date(2026, 0, 1, 23, 59))).toBe("23:59");
  });
});

describe("retrying while the server cannot be reached", () => {
  it("waits 1, 2, 4 and 8 seconds, then every 10 seconds", () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it("never waits less than a second", () => {
    expect(retryDelayMs(-3)).toBe(1_000);
  });
});
