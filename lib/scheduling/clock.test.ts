import { afterEach, describe, expect, it, vi } from "vitest";
import { clockOffsetMs, schedulingNow } from "./clock";

describe("the scheduling clock", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is the system clock unless the e2e suite runs it ahead", () => {
    vi.stubEnv("E2E_CLOCK_OFFSET_MS", "");
    const before = Date.now();
    const now = schedulingNow().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("runs ahead by the e2e suite's offset", () => {
    // A year and a half: from December into July.
    vi.stubEnv("E2E_CLOCK_OFFSET_MS", String(47_304_000_000));
    expect(schedulingNow().getTime() - Date.now()).toBeGreaterThan(47_303_000_000);
  });

  it("refuses an offset that is not whole milliseconds ahead", () => {
    for (const setting of ["-1", "1.5", "soon", "1e400"]) expect(() => clockOffsetMs(setting), setting).toThrow(RangeError);
    expect(clockOffsetMs(undefined)).toBe(0);
    expect(clockOffsetMs("0")).toBe(0);
  });
});
