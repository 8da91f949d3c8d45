import { describe, expect, it } from "vitest";
import { parseCareSettings } from "./care-settings";

const DAY = 86_400_000;
const MINUTE = 60_000;

describe("parseCareSettings", () => {
  it("defaults to 7 days before a visit, 365 days after a completed one and 60-minute break-glass", () => {
    expect(parseCareSettings({})).toEqual({ boundaries: { beforeVisitMs: 7 * DAY, afterCompletedVisitMs: 365 * DAY }, breakGlassMs: 60 * MINUTE });
    expect(parseCareSettings({ CARE_ACCESS_DAYS_BEFORE_VISIT: "", BREAK_GLASS_MINUTES: "" }).breakGlassMs).toBe(60 * MINUTE);
  });

  it("takes the clinic's own whole numbers", () => {
    expect(parseCareSettings({ CARE_ACCESS_DAYS_BEFORE_VISIT: "0", CARE_ACCESS_DAYS_AFTER_VISIT: "730", BREAK_GLASS_MINUTES: "30" })).toEqual({
      boundaries: { beforeVisitMs: 0, afterCompletedVisitMs: 730 * DAY },
      breakGlassMs: 30 * MINUTE,
    });
  });

  it("refuses values that are not whole numbers in range, naming the variable", () => {
    expect(() => parseCareSettings({ CARE_ACCESS_DAYS_BEFORE_VISIT: "seven" })).toThrow("CARE_ACCESS_DAYS_BEFORE_VISIT must be a whole number.");
    expect(() => parseCareSettings({ CARE_ACCESS_DAYS_AFTER_VISIT: "-1" })).toThrow("CARE_ACCESS_DAYS_AFTER_VISIT must be a whole number.");
    expect(() => parseCareSettings({ CARE_ACCESS_DAYS_AFTER_VISIT: "0" })).toThrow("CARE_ACCESS_DAYS_AFTER_VISIT must be at least 1.");
    expect(() => parseCareSettings({ CARE_ACCESS_DAYS_BEFORE_VISIT: "91" })).toThrow("CARE_ACCESS_DAYS_BEFORE_VISIT must be at most 90.");
    expect(() => parseCareSettings({ BREAK_GLASS_MINUTES: "4" })).toThrow("BREAK_GLASS_MINUTES must be at least 5.");
    expect(() => parseCareSettings({ BREAK_GLASS_MINUTES: "721" })).toThrow("BREAK_GLASS_MINUTES must be at most 720.");
    expect(() => parseCareSettings({ BREAK_GLASS_MINUTES: "1.5" })).toThrow("BREAK_GLASS_MINUTES must be a whole number.");
  });
});
