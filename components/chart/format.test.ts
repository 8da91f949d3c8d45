import { describe, expect, it } from "vitest";
import { dateRangeParams, formatCalendarDate, formatChartDate, formatLabValue, formatReferenceRange } from "./format";

describe("chart formatting", () => {
  it("shows an instant's day in the viewer's zone", () => {
    expect(formatChartDate("2025-03-04T03:00:00Z", "America/New_York")).toBe("Mar 3, 2025");
    expect(formatChartDate("2025-03-04T03:00:00Z", "Europe/Berlin")).toBe("Mar 4, 2025");
  });

  it("never shifts a calendar date", () => {
    expect(formatCalendarDate("1979-06-14")).toBe("Jun 14, 1979");
  });

  it("shows values and reference ranges as text", () => {
    expect(formatLabValue(5.6, null)).toBe("5.6");
    expect(formatLabValue(1234.5, null)).toBe("1,234.5");
    expect(formatLabValue(null, "Positive")).toBe("Positive");
    expect(formatLabValue(null, null)).toBe("—");
    expect(formatReferenceRange(4, 5.6)).toBe("4–5.6");
    expect(formatReferenceRange(null, 200)).toBe("≤ 200");
    expect(formatReferenceRange(40, null)).toBe("≥ 40");
    expect(formatReferenceRange(null, null)).toBe("—");
  });

  it("turns inclusive From/To days into the API's half-open range in the zone", () => {
    expect(dateRangeParams("2025-01-01", "2025-01-31", "America/New_York")).toEqual({
      ok: true,
      range: { from: "2025-01-01T05:00:00.000Z", to: "2025-02-01T05:00:00.000Z" },
    });
    expect(dateRangeParams("", "", "UTC")).toEqual({ ok: true, range: { from: undefined, to: undefined } });
    expect(dateRangeParams("2025-02-01", "2025-01-01", "UTC")).toMatchObject({ ok: false });
    expect(dateRangeParams("2025-02-30", "", "UTC")).toMatchObject({ ok: false });
  });
});
