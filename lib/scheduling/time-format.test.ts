import { describe, expect, it } from "vitest";
import { formatDateTimeInZone, formatTimeInZone, zoneName } from "./time-format";

describe("time formatting", () => {
  it("names the zone in force at that instant, across a DST change", () => {
    expect(zoneName(new Date("2026-03-07T15:00:00Z"), "America/New_York")).toBe("EST");
    expect(zoneName(new Date("2026-03-09T15:00:00Z"), "America/New_York")).toBe("EDT");
  });

  it("shows the wall-clock time of the zone", () => {
    expect(formatTimeInZone(new Date("2026-11-30T14:00:00Z"), "America/New_York")).toBe("9:00 AM");
    expect(formatTimeInZone(new Date("2026-11-30T14:00:00Z"), "Europe/Berlin")).toBe("3:00 PM");
  });

  it("writes out the full date and time with its zone", () => {
    expect(formatDateTimeInZone(new Date("2026-11-30T14:00:00Z"), "America/New_York")).toBe(
      "Monday, November 30, 2026 at 9:00 AM EST",
    );
  });
});
