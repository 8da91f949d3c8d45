import { describe, expect, it } from "vitest";
import {
  addDays,
  epochDayOf,
  epochDayOrNull,
  firstInstantAtWallTime,
  firstInstantAtWallTimeOnDay,
  isIsoDate,
  isoInstant,
  isoWeekdayOf,
  isoWeekdayOfEpochDay,
  isValidTimeZone,
  localDateOf,
  localEpochDayAt,
  zonedTimeToUtc,
  zoneOffsetMs,
} from "./zoned-time";

const at = (dateISO: string, hhmm: string, timeZone: string) => {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return zonedTimeToUtc(dateISO, (hours ?? 0) * 60 + (minutes ?? 0), timeZone).toISOString();
};

describe("zonedTimeToUtc", () => {
  it("converts ordinary wall times with the zone's standard and summer offsets", () => {
    expect(at("2026-01-15", "09:00", "America/New_York")).toBe("2026-01-15T14:00:00.000Z");
    expect(at("2026-07-15", "09:00", "America/New_York")).toBe("2026-07-15T13:00:00.000Z");
    expect(at("2026-01-15", "09:00", "Europe/Berlin")).toBe("2026-01-15T08:00:00.000Z");
    expect(at("2026-07-15", "09:00", "Europe/Berlin")).toBe("2026-07-15T07:00:00.000Z");
    expect(at("2026-07-15", "09:00", "UTC")).toBe("2026-07-15T09:00:00.000Z");
  });

  it("handles the New York spring-forward day, 2026-03-08", () => {
    expect(at("2026-03-07", "09:00", "America/New_York")).toBe("2026-03-07T14:00:00.000Z");
    expect(at("2026-03-08", "01:30", "America/New_York")).toBe("2026-03-08T06:30:00.000Z");
    expect(at("2026-03-08", "03:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    expect(at("2026-03-08", "09:00", "America/New_York")).toBe("2026-03-08T13:00:00.000Z");
    // 02:30 never happens that day; it is read as 03:30 EDT.
    expect(at("2026-03-08", "02:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
  });

  it("handles the New York fall-back day, taking the earlier of a repeated hour", () => {
    expect(at("2026-11-01", "01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(at("2026-11-01", "09:00", "America/New_York")).toBe("2026-11-01T14:00:00.000Z");
  });

  it("handles the Berlin spring-forward day, 2026-03-29", () => {
    expect(at("2026-03-28", "09:00", "Europe/Berlin")).toBe("2026-03-28T08:00:00.000Z");
    expect(at("2026-03-29", "01:30", "Europe/Berlin")).toBe("2026-03-29T00:30:00.000Z");
    expect(at("2026-03-29", "09:00", "Europe/Berlin")).toBe("2026-03-29T07:00:00.000Z");
    expect(at("2026-03-29", "02:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
  });

  it("handles the Berlin fall-back day, 2026-10-25", () => {
    expect(at("2026-10-24", "09:00", "Europe/Berlin")).toBe("2026-10-24T07:00:00.000Z");
    expect(at("2026-10-25", "02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
    expect(at("2026-10-25", "03:30", "Europe/Berlin")).toBe("2026-10-25T02:30:00.000Z");
    expect(at("2026-10-25", "09:00", "Europe/Berlin")).toBe("2026-10-25T08:00:00.000Z");
  });

  it("keeps a 09:00–17:00 day eight hours long across every change", () => {
    for (const [dateISO, timeZone] of [
      ["2026-03-08", "America/New_York"],
      ["2026-11-01", "America/New_York"],
      ["2026-03-29", "Europe/Berlin"],
      ["2026-10-25", "Europe/Berlin"],
    ] as const) {
      const span = zonedTimeToUtc(dateISO, 17 * 60, timeZone).getTime() - zonedTimeToUtc(dateISO, 9 * 60, timeZone).getTime();
      expect(span).toBe(8 * 3_600_000);
    }
  });

  it("rejects a malformed or impossible date", () => {
    expect(() => zonedTimeToUtc("2026-3-8", 0, "America/New_York")).toThrow(/YYYY-MM-DD/);
    expect(() => zonedTimeToUtc("2026-02-30", 0, "America/New_York")).toThrow(/YYYY-MM-DD/);
  });
});

describe("localDateOf and zoneOffsetMs", () => {
  it("reads the calendar date on the zone's wall clock", () => {
    const lateEvening = new Date("2026-03-10T03:30:00Z");
    expect(localDateOf(lateEvening, "America/New_York")).toBe("2026-03-09");
    expect(localDateOf(lateEvening, "Europe/Berlin")).toBe("2026-03-10");
  });

  it("reports the offset in force at an instant", () => {
    expect(zoneOffsetMs(Date.parse("2026-03-08T06:59:00Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2026-03-08T07:00:00Z"), "America/New_York")).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2026-10-25T00:59:00Z"), "Europe/Berlin")).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2026-10-25T01:00:00Z"), "Europe/Berlin")).toBe(1 * 3_600_000);
  });
});

describe("firstInstantAtWallTime", () => {
  const first = (dateISO: string, hhmm: string, timeZone: string) =>
    firstInstantAtWallTime(dateISO, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), timeZone).toISOString();

  it("reads a skipped wall time as the moment the clocks jumped", () => {
    expect(first("2026-03-08", "02:30", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    expect(first("2026-03-08", "02:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    expect(first("2026-03-29", "02:45", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
  });

  it("takes the first of a repeated wall time, and agrees with zonedTimeToUtc elsewhere", () => {
    expect(first("2026-11-01", "01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(first("2026-10-25", "02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
    expect(first("2026-07-15", "09:00", "Europe/Berlin")).toBe("2026-07-15T07:00:00.000Z");
  });
});

describe("calendar date helpers", () => {
  it("steps across month and year ends and names ISO weekdays", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(isoWeekdayOf("2026-03-08")).toBe(7);
    expect(isoWeekdayOf("2026-03-09")).toBe(1);
  });

  it("knows real IANA zones from made-up ones", () => {
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});

describe("epoch days", () => {
  it("count days from 1970-01-01, before it too, and refuse dates that do not exist", () => {
    expect(epochDayOf("1970-01-01")).toBe(0);
    expect(epochDayOf("1969-12-31")).toBe(-1);
    expect(epochDayOf("2026-03-08")).toBe(Date.UTC(2026, 2, 8) / 86_400_000);
    for (const impossible of ["2026-02-30", "2026-13-01", "2026-3-8", "0050-01-01", "2026-03-08T00:00"]) {
      expect(epochDayOrNull(impossible)).toBeNull();
      expect(isIsoDate(impossible)).toBe(false);
      expect(() => epochDayOf(impossible)).toThrow(/YYYY-MM-DD/);
    }
  });

  it("name the same ISO weekday as the date, 1970-01-01 being a Thursday", () => {
    expect(isoWeekdayOfEpochDay(0)).toBe(4);
    expect(isoWeekdayOfEpochDay(-1)).toBe(3);
    expect(isoWeekdayOfEpochDay(-4)).toBe(7);
    for (let dateISO = "1969-12-20"; dateISO <= "1970-01-10"; dateISO = addDays(dateISO, 1)) {
      expect(isoWeekdayOfEpochDay(epochDayOf(dateISO))).toBe(isoWeekdayOf(dateISO));
    }
    for (let dateISO = "2026-03-01"; dateISO <= "2026-03-14"; dateISO = addDays(dateISO, 1)) {
      expect(isoWeekdayOfEpochDay(epochDayOf(dateISO))).toBe(isoWeekdayOf(dateISO));
    }
  });

  it("resolve wall times like firstInstantAtWallTime, DST days included", () => {
    for (const [dateISO, timeZone] of [
      ["2026-03-08", "America/New_York"],
      ["2026-11-01", "America/New_York"],
      ["2026-03-29", "Europe/Berlin"],
      ["2026-10-25", "Europe/Berlin"],
      ["2026-09-06", "America/Santiago"],
      ["2026-07-15", "Asia/Kathmandu"],
    ] as const) {
      for (let minutes = 0; minutes <= 1440; minutes += 15) {
        expect(firstInstantAtWallTimeOnDay(epochDayOf(dateISO), minutes, timeZone)).toBe(firstInstantAtWallTime(dateISO, minutes, timeZone).getTime());
      }
    }
  });

  it("read the local date at an instant like localDateOf, on either side of local midnight", () => {
    const lateEvening = Date.parse("2026-03-10T03:30:00Z");
    expect(localEpochDayAt(lateEvening, "America/New_York")).toBe(epochDayOf("2026-03-09"));
    expect(localEpochDayAt(lateEvening, "Europe/Berlin")).toBe(epochDayOf("2026-03-10"));
    const newYorkMidnight = Date.parse("2026-11-01T04:00:00Z");
    expect(localEpochDayAt(newYorkMidnight - 1, "America/New_York")).toBe(epochDayOf("2026-10-31"));
    expect(localEpochDayAt(newYorkMidnight, "America/New_York")).toBe(epochDayOf("2026-11-01"));
  });

  it("answers a remembered instant as it first did, per zone, around the spring-forward gap and the fall-back overlap", () => {
    // Around New York's 2026-03-08 gap and 2026-11-01 repeated hour, and Berlin's 2026-03-29 and 2026-10-25 changes.
    const instants = ["2026-03-08T04:59:59Z", "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z",
      "2026-03-28T23:00:00Z", "2026-03-29T01:30:00Z", "2026-10-24T22:00:00Z", "2026-10-24T23:00:00Z", "2026-10-25T01:30:00Z"].map((iso) => Date.parse(iso));
    const zones = ["America/New_York", "Europe/Berlin", "America/Chicago"];
    const direct = (ms: number, zone: string) => Math.floor((ms + zoneOffsetMs(ms, zone)) / 86_400_000);
    // Each range end asked about by zone after zone, back and forth, as a clinic's search does.
    for (const [from, to] of instants.flatMap((a, i) => instants.slice(i + 1).map((b) => [a, b] as const))) {
      for (const zone of [...zones, ...zones.toReversed()]) {
        expect([localEpochDayAt(from!, zone), localEpochDayAt(to!, zone)], `${new Date(from!).toISOString()} ${zone}`).toEqual([direct(from!, zone), direct(to!, zone)]);
      }
    }
  });
});

describe("isoInstant", () => {
  const sameAsToISOString = (instants: number[]) => expect(instants.map(isoInstant)).toEqual(instants.map((ms) => new Date(ms).toISOString()));

  it("formats like toISOString across midnight, the months and leap days, to the millisecond", () => {
    const instants = ["2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00.000Z", "2028-02-29T12:34:56.007Z", "2028-03-01T00:00:00.050Z", "1970-01-01T00:00:00.000Z"];
    sameAsToISOString(instants.map((iso) => Date.parse(iso)));
    // Out of order, so the remembered day changes back and forth.
    sameAsToISOString([Date.parse("2026-06-02T09:00:00Z"), Date.parse("2026-06-01T23:30:00Z"), Date.parse("2026-06-02T00:00:00Z")]);
  });

  it("formats every half hour through New York's and Berlin's DST weekends as toISOString does (a UTC form: the gap and the repeated hour change nothing)", () => {
    // 2026-03-08 skips 02:00–03:00 in New York; 2026-10-25 repeats 02:00–03:00 in Berlin.
    for (const day of ["2026-03-07T00:00:00Z", "2026-10-24T00:00:00Z"]) {
      const start = Date.parse(day);
      sameAsToISOString(Array.from({ length: 3 * 48 }, (_, i) => start + i * 30 * 60_000 + (i % 7)));
    }
  });

  it("leaves instants outside years 1970–9999 to toISOString", () => {
    sameAsToISOString([-1, Date.UTC(1969, 6, 20, 20, 17), Date.UTC(10_000, 0, 1), 8.64e15]);
  });
});
