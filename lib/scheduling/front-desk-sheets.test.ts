import { describe, expect, it } from "vitest";
import { csvRecord } from "@/lib/audit/search";
import { daySheetQuery, weekCsvRow, weekExportQuery, type FrontDeskVisit } from "./front-desk-sheets";

const visit = (startsAt: string, endsAt: string, overrides: Partial<FrontDeskVisit> = {}): FrontDeskVisit => ({
  id: "a1",
  startsAt: new Date(startsAt),
  endsAt: new Date(endsAt),
  physicianId: "p1",
  patientName: "Alex Morgan",
  visitTypeName: "Follow-up",
  reason: "Blood pressure review",
  status: "Booked",
  ...overrides,
});

describe("weekExportQuery", () => {
  it("reads the week, the zone and an optional physician", () => {
    expect(weekExportQuery.parse({ week: "2026-12-09", timeZone: "America/New_York" })).toEqual({ week: "2026-12-09", timeZone: "America/New_York" });
    expect(weekExportQuery.parse({ week: "2026-12-09", timeZone: "Europe/Berlin", physicianId: "cm123" }).physicianId).toBe("cm123");
  });

  it.each([
    [{ timeZone: "UTC" }, "week", /week=YYYY-MM-DD/],
    [{ week: "2026-13-01", timeZone: "UTC" }, "week", /like 2026-12-07/],
    [{ week: "next week", timeZone: "UTC" }, "week", /like 2026-12-07/],
    [{ week: "2026-12-07" }, "timeZone", /timeZone=America\/New_York/],
    [{ week: "2026-12-07", timeZone: "Mars/Olympus" }, "timeZone", /not a time zone/],
    [{ week: "2026-12-07", timeZone: "UTC", physicianId: "a'; drop" }, "physicianId", /letters, digits/],
    [{ week: "2026-12-07", timeZone: "UTC", extra: "1" }, "", /./],
  ])("refuses %j with a clear message on %s", (input, field, message) => {
    const result = weekExportQuery.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join(".") ?? "").toBe(field);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});

describe("daySheetQuery", () => {
  it("reads a date and a list of physicians, given once or repeated", () => {
    expect(daySheetQuery.parse({ date: "2026-12-07", physicianIds: "p1,p2" })).toEqual({ date: "2026-12-07", physicianIds: ["p1", "p2"] });
    expect(daySheetQuery.parse({ physicianIds: ["p1", "p2"] }).physicianIds).toEqual(["p1", "p2"]);
  });

  it("falls back to each physician's today and every physician on anything else", () => {
    expect(daySheetQuery.parse({})).toEqual({});
    expect(daySheetQuery.parse({ date: "07/12/2026", physicianIds: "p1,<script>" })).toEqual({ date: undefined, physicianIds: undefined });
  });
});

describe("weekCsvRow", () => {
  it("gives local date and times in the chosen zone, with the zone named", () => {
    expect(weekCsvRow(visit("2026-12-07T14:00:00Z", "2026-12-07T14:30:00Z"), "Dr. Priya Shah", "America/New_York")).toEqual([
      "2026-12-07",
      "09:00",
      "09:30",
      "America/New_York (EST)",
      "Dr. Priya Shah",
      "Alex Morgan",
      "Follow-up",
      "Blood pressure review",
      "Booked",
    ]);
    // The same instant in Berlin is the afternoon of the same day.
    expect(weekCsvRow(visit("2026-12-07T14:00:00Z", "2026-12-07T14:30:00Z"), "Dr. Priya Shah", "Europe/Berlin").slice(0, 4)).toEqual([
      "2026-12-07",
      "15:00",
      "15:30",
      "Europe/Berlin (GMT+1)",
    ]);
  });

  it("names the zone as it applies to each visit in a week that crosses a DST change", () => {
    // New York springs forward on Sunday 2027-03-14: 9:00 is 14:00 UTC before and 13:00 UTC after.
    const before = weekCsvRow(visit("2027-03-13T14:00:00Z", "2027-03-13T14:30:00Z"), "Dr. A", "America/New_York");
    const after = weekCsvRow(visit("2027-03-15T13:00:00Z", "2027-03-15T13:30:00Z"), "Dr. A", "America/New_York");
    expect(before.slice(0, 4)).toEqual(["2027-03-13", "09:00", "09:30", "America/New_York (EST)"]);
    expect(after.slice(0, 4)).toEqual(["2027-03-15", "09:00", "09:30", "America/New_York (EDT)"]);
  });

  it("keeps a patient's name or a reason from running as a spreadsheet formula", () => {
    const hostile = visit("2026-12-07T14:00:00Z", "2026-12-07T14:30:00Z", { patientName: "=HYPERLINK(\"http://x\")", reason: "+1, @SUM(A1)" });
    const line = csvRecord(weekCsvRow(hostile, "-Dr. Minus", "UTC"));
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain(`"'+1, @SUM(A1)"`);
    expect(line).toContain(",'-Dr. Minus,");
    expect(line.endsWith("\r\n")).toBe(true);
  });
});
