import { describe, expect, it } from "vitest";
import { dateOnly, dayFromIso, isoFromDay, isoWeekday, nextWeekday } from "./days";

describe("days", () => {
  it("round-trips ISO dates", () => {
    expect(dayFromIso("1970-01-01")).toBe(0);
    expect(isoFromDay(dayFromIso("2026-03-08"))).toBe("2026-03-08");
    expect(isoFromDay(dayFromIso("1940-02-29"))).toBe("1940-02-29");
    expect(dateOnly(dayFromIso("2026-03-08")).toISOString()).toBe("2026-03-08T00:00:00.000Z");
  });

  it("knows ISO weekdays, before 1970 too", () => {
    expect(isoWeekday(dayFromIso("2026-03-08"))).toBe(7); // Sunday
    expect(isoWeekday(dayFromIso("2026-03-09"))).toBe(1); // Monday
    expect(isoWeekday(dayFromIso("1969-12-31"))).toBe(3); // Wednesday
  });

  it("finds the next given weekday, today included", () => {
    const sunday = dayFromIso("2026-03-08");
    expect(isoFromDay(nextWeekday(sunday, 7))).toBe("2026-03-08");
    expect(isoFromDay(nextWeekday(sunday, 6))).toBe("2026-03-14");
    expect(isoFromDay(nextWeekday(sunday, 3))).toBe("2026-03-11");
  });

  it("refuses a malformed date", () => {
    expect(() => dayFromIso("March 8")).toThrow(/YYYY-MM-DD/);
  });
});
