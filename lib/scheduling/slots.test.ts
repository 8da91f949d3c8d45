import { describe, expect, it } from "vitest";
import { SchedulingError } from "./errors";
import { computeFreeSlots, dayRangeInZone, workingSpans, type FreeSlotQuery, type Slot, type WeeklyWindow } from "./slots";
import { formatTimeInZone, zoneName } from "./time-format";

const LONG_AGO = new Date("2020-01-01T00:00:00Z");
const hours = (weekday: number, from: string, to: string): WeeklyWindow => ({
  weekday,
  startMinute: toMinutes(from),
  endMinute: toMinutes(to),
});
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const starts = (slots: Slot[]) => slots.map((slot) => slot.start.toISOString());
const wallClock = (slots: Slot[], timeZone: string) =>
  slots.map((slot) => `${formatTimeInZone(slot.start, timeZone)} ${zoneName(slot.start, timeZone)}`);

function slotsOn(dateISO: string, timeZone: string, query: Partial<FreeSlotQuery>): Slot[] {
  return computeFreeSlots({
    timeZone,
    windows: [],
    overrides: [],
    busy: [],
    durationMinutes: 30,
    bufferMinutes: 0,
    now: LONG_AGO,
    ...dayRangeInZone(dateISO, timeZone),
    ...query,
  });
}

describe("free slots across daylight-saving changes (a 01:00–04:00 window, 30-minute visits)", () => {
  const sunday = [hours(7, "01:00", "04:00")];

  it("skips the hour New York's clocks jump over on 2026-03-08", () => {
    const slots = slotsOn("2026-03-08", "America/New_York", { windows: sunday });
    expect(starts(slots)).toEqual([
      "2026-03-08T06:00:00.000Z",
      "2026-03-08T06:30:00.000Z",
      "2026-03-08T07:00:00.000Z",
      "2026-03-08T07:30:00.000Z",
    ]);
    expect(wallClock(slots, "America/New_York")).toEqual(["1:00 AM EST", "1:30 AM EST", "3:00 AM EDT", "3:30 AM EDT"]);
  });

  it("offers New York's repeated hour on 2026-11-01 once per occurrence, four hours in all", () => {
    const slots = slotsOn("2026-11-01", "America/New_York", { windows: sunday });
    expect(slots).toHaveLength(8);
    expect(starts(slots)[0]).toBe("2026-11-01T05:00:00.000Z");
    expect(slots.at(-1)!.end.toISOString()).toBe("2026-11-01T09:00:00.000Z");
    expect(wallClock(slots, "America/New_York")).toEqual([
      "1:00 AM EDT",
      "1:30 AM EDT",
      "1:00 AM EST",
      "1:30 AM EST",
      "2:00 AM EST",
      "2:30 AM EST",
      "3:00 AM EST",
      "3:30 AM EST",
    ]);
    expect(new Set(starts(slots)).size).toBe(8);
  });

  it("skips the hour Berlin's clocks jump over on 2026-03-29", () => {
    const slots = slotsOn("2026-03-29", "Europe/Berlin", { windows: sunday });
    expect(starts(slots)).toEqual([
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T00:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:30:00.000Z",
    ]);
    expect(wallClock(slots, "Europe/Berlin")).toEqual(["1:00 AM GMT+1", "1:30 AM GMT+1", "3:00 AM GMT+2", "3:30 AM GMT+2"]);
  });

  it("offers Berlin's repeated hour on 2026-10-25 once per occurrence", () => {
    const slots = slotsOn("2026-10-25", "Europe/Berlin", { windows: sunday });
    expect(starts(slots)).toEqual([
      "2026-10-24T23:00:00.000Z",
      "2026-10-24T23:30:00.000Z",
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T02:30:00.000Z",
    ]);
    expect(wallClock(slots, "Europe/Berlin").slice(2, 6)).toEqual(["2:00 AM GMT+2", "2:30 AM GMT+2", "2:00 AM GMT+1", "2:30 AM GMT+1"]);
  });

  it("starts hours that begin inside the skipped hour when the clock jumps, not an hour later", () => {
    const slots = slotsOn("2026-03-08", "America/New_York", { windows: [hours(7, "02:30", "05:00")] });
    expect(wallClock(slots, "America/New_York")).toEqual(["3:00 AM EDT", "3:30 AM EDT", "4:00 AM EDT", "4:30 AM EDT"]);
  });

  it("offers nothing for hours that lie wholly inside the skipped hour", () => {
    expect(slotsOn("2026-03-08", "America/New_York", { windows: [hours(7, "02:00", "03:00")] })).toEqual([]);
  });

  it("keeps an ordinary 09:00–17:00 day at sixteen half-hour slots on every change day", () => {
    for (const [dateISO, timeZone] of [
      ["2026-03-08", "America/New_York"],
      ["2026-11-01", "America/New_York"],
      ["2026-03-29", "Europe/Berlin"],
      ["2026-10-25", "Europe/Berlin"],
    ] as const) {
      const slots = slotsOn(dateISO, timeZone, { windows: [hours(7, "09:00", "17:00")] });
      expect(wallClock(slots, timeZone).map((label) => label.split(" ").slice(0, 2).join(" "))).toEqual(
        Array.from({ length: 16 }, (_, i) => {
          const minutes = 9 * 60 + i * 30;
          const hour = Math.floor(minutes / 60);
          return `${hour > 12 ? hour - 12 : hour}:${String(minutes % 60).padStart(2, "0")} ${hour >= 12 ? "PM" : "AM"}`;
        }),
      );
    }
  });
});

describe("free slots around existing appointments and buffers", () => {
  // Monday 2030-01-07 in UTC, 09:00–12:00; one visit holds 10:00–10:30 plus its 10-minute buffer.
  const monday = { windows: [hours(1, "09:00", "12:00")], stepMinutes: 15 };
  const held = { start: new Date("2030-01-07T10:00:00Z"), end: new Date("2030-01-07T10:40:00Z") };

  it("keeps the new visit's own buffer free before the next appointment, and starts none inside another's buffer", () => {
    const slots = slotsOn("2030-01-07", "UTC", { ...monday, busy: [held], bufferMinutes: 10 });
    expect(starts(slots)).toEqual([
      "2030-01-07T09:00:00.000Z",
      "2030-01-07T09:15:00.000Z",
      "2030-01-07T10:45:00.000Z",
      "2030-01-07T11:00:00.000Z",
      "2030-01-07T11:15:00.000Z",
      "2030-01-07T11:30:00.000Z",
    ]);
  });

  it("lets a visit without a buffer end exactly when the next one begins", () => {
    const slots = slotsOn("2030-01-07", "UTC", { ...monday, busy: [held] });
    expect(starts(slots)).toContain("2030-01-07T09:30:00.000Z");
    expect(starts(slots)).not.toContain("2030-01-07T10:30:00.000Z");
    expect(starts(slots)).toContain("2030-01-07T10:45:00.000Z");
  });

  it("offers a start once when two of the day's hours overlap", () => {
    const overlapping = [hours(1, "09:00", "10:00"), hours(1, "09:30", "11:00")];
    expect(starts(slotsOn("2030-01-07", "UTC", { windows: overlapping }))).toEqual([
      "2030-01-07T09:00:00.000Z",
      "2030-01-07T09:30:00.000Z",
      "2030-01-07T10:00:00.000Z",
      "2030-01-07T10:30:00.000Z",
    ]);
  });

  it("steps by the visit's duration unless told otherwise", () => {
    const slots = slotsOn("2030-01-07", "UTC", { windows: monday.windows, durationMinutes: 45 });
    expect(starts(slots)).toEqual([
      "2030-01-07T09:00:00.000Z",
      "2030-01-07T09:45:00.000Z",
      "2030-01-07T10:30:00.000Z",
      "2030-01-07T11:15:00.000Z",
    ]);
  });
});

describe("free slots with date overrides", () => {
  const weekdays = [1, 2, 3, 4, 5].map((weekday) => hours(weekday, "09:00", "10:00"));

  it("offers nothing on a day off", () => {
    const dayOff = { date: "2030-01-07", isAvailable: false, startMinute: null, endMinute: null };
    expect(slotsOn("2030-01-07", "UTC", { windows: weekdays, overrides: [dayOff] })).toEqual([]);
    expect(slotsOn("2030-01-08", "UTC", { windows: weekdays, overrides: [dayOff] })).toHaveLength(2);
  });

  it("offers extra Saturday hours where the week has none", () => {
    const saturday = { date: "2030-01-12", isAvailable: true, startMinute: toMinutes("10:00"), endMinute: toMinutes("11:00") };
    expect(slotsOn("2030-01-12", "UTC", { windows: weekdays })).toEqual([]);
    expect(starts(slotsOn("2030-01-12", "UTC", { windows: weekdays, overrides: [saturday] }))).toEqual([
      "2030-01-12T10:00:00.000Z",
      "2030-01-12T10:30:00.000Z",
    ]);
  });

  it("ignores an override on a date that does not exist, rather than moving it to the next real one", () => {
    // 2030-01-32 would roll over to Friday 2030-02-01.
    const impossibleDayOff = { date: "2030-01-32", isAvailable: false, startMinute: null, endMinute: null };
    expect(slotsOn("2030-02-01", "UTC", { windows: weekdays, overrides: [impossibleDayOff] })).toHaveLength(2);
  });

  it("replaces the weekly hours with the date's own, in the physician's zone", () => {
    const afternoon = { date: "2030-01-07", isAvailable: true, startMinute: toMinutes("14:00"), endMinute: toMinutes("15:00") };
    expect(starts(slotsOn("2030-01-07", "Europe/Berlin", { windows: weekdays, overrides: [afternoon] }))).toEqual([
      "2030-01-07T13:00:00.000Z",
      "2030-01-07T13:30:00.000Z",
    ]);
  });
});

describe("free slots in time", () => {
  const monday = [hours(1, "09:00", "12:00")];

  it("never offers a slot that has started, or starts this instant", () => {
    const slots = slotsOn("2030-01-07", "UTC", { windows: monday, now: new Date("2030-01-07T10:30:00Z") });
    expect(starts(slots)).toEqual(["2030-01-07T11:00:00.000Z", "2030-01-07T11:30:00.000Z"]);
  });

  it("returns the slots that intersect [from, to), including one already running at `from`", () => {
    const slots = slotsOn("2030-01-07", "UTC", {
      windows: monday,
      from: new Date("2030-01-07T10:15:00Z"),
      to: new Date("2030-01-07T11:00:00Z"),
    });
    expect(starts(slots)).toEqual(["2030-01-07T10:00:00.000Z", "2030-01-07T10:30:00.000Z"]);
  });

  it("leaves out a slot that ends exactly at `from`", () => {
    const slots = slotsOn("2030-01-07", "UTC", {
      windows: monday,
      from: new Date("2030-01-07T09:30:00Z"),
      to: new Date("2030-01-07T10:00:00Z"),
    });
    expect(starts(slots)).toEqual(["2030-01-07T09:30:00.000Z"]);
  });

  it("shows a viewer in New York, on their own day, the Berlin physician's hours that fall in it", () => {
    const berlin = [hours(7, "09:00", "10:00"), hours(1, "00:00", "01:00"), hours(1, "09:00", "10:00")];
    const slots = computeFreeSlots({
      timeZone: "Europe/Berlin",
      windows: berlin,
      overrides: [],
      busy: [],
      durationMinutes: 30,
      bufferMinutes: 0,
      now: LONG_AGO,
      ...dayRangeInZone("2026-03-08", "America/New_York"),
    });
    // Berlin's Sunday 09:00 is 04:00 in New York (just after its clocks sprang
    // forward) and Berlin's Monday midnight is still Sunday evening there;
    // Berlin's Monday 09:00 is already Monday in New York.
    expect(wallClock(slots, "America/New_York")).toEqual(["4:00 AM EDT", "4:30 AM EDT", "7:00 PM EDT", "7:30 PM EDT"]);
  });
});

describe("dayRangeInZone", () => {
  const range = (dateISO: string, timeZone: string) => {
    const { from, to } = dayRangeInZone(dateISO, timeZone);
    return { from: from.toISOString(), hours: (to.getTime() - from.getTime()) / 3_600_000 };
  };

  it("is 23 hours on spring-forward days and 25 on fall-back days", () => {
    expect(range("2026-03-08", "America/New_York")).toEqual({ from: "2026-03-08T05:00:00.000Z", hours: 23 });
    expect(range("2026-11-01", "America/New_York")).toEqual({ from: "2026-11-01T04:00:00.000Z", hours: 25 });
    expect(range("2026-03-29", "Europe/Berlin")).toEqual({ from: "2026-03-28T23:00:00.000Z", hours: 23 });
    expect(range("2026-10-25", "Europe/Berlin")).toEqual({ from: "2026-10-24T22:00:00.000Z", hours: 25 });
    expect(range("2026-07-01", "Europe/Berlin")).toEqual({ from: "2026-06-30T22:00:00.000Z", hours: 24 });
  });

  it("starts a day whose midnight is skipped when its clocks first run", () => {
    // Chile springs forward at midnight: 2026-09-06 begins at 01:00.
    expect(range("2026-09-06", "America/Santiago")).toEqual({ from: "2026-09-06T04:00:00.000Z", hours: 23 });
  });

  it("refuses a malformed date or an unknown time zone with a typed error", () => {
    expect(() => dayRangeInZone("2026-02-30", "UTC")).toThrow(expect.objectContaining({ code: "INVALID_DATE" }));
    expect(() => dayRangeInZone("08/03/2026", "UTC")).toThrow(SchedulingError);
    expect(() => dayRangeInZone("2026-03-08", "Mars/Olympus_Mons")).toThrow(expect.objectContaining({ code: "INVALID_TIME_ZONE" }));
  });
});

describe("free slots, whatever order the hours and appointments come in", () => {
  const utc = (hhmm: string) => new Date(`2030-01-07T${hhmm}:00Z`);
  const busy = (from: string, to: string): Slot => ({ start: utc(from), end: utc(to) });

  it("lists the afternoon after the morning when the afternoon's hours are stored first", () => {
    const slots = slotsOn("2030-01-07", "UTC", { windows: [hours(1, "14:00", "15:00"), hours(1, "09:00", "10:00")] });
    expect(starts(slots)).toEqual(["2030-01-07T09:00:00.000Z", "2030-01-07T09:30:00.000Z", "2030-01-07T14:00:00.000Z", "2030-01-07T14:30:00.000Z"]);
  });

  it("offers a start once when a short window lies inside a long one", () => {
    const slots = slotsOn("2030-01-07", "UTC", { windows: [hours(1, "09:00", "11:00"), hours(1, "09:30", "10:30")] });
    expect(starts(slots)).toEqual(["2030-01-07T09:00:00.000Z", "2030-01-07T09:30:00.000Z", "2030-01-07T10:00:00.000Z", "2030-01-07T10:30:00.000Z"]);
  });

  it("keeps every appointment's time taken when they come unsorted, overlap or lie inside each other", () => {
    const slots = slotsOn("2030-01-07", "UTC", {
      windows: [hours(1, "09:00", "13:00")],
      // 11:00–12:00 inside 10:30–12:30, listed first; 09:00–09:30 last.
      busy: [busy("11:00", "12:00"), busy("10:30", "12:30"), busy("09:00", "09:30")],
    });
    expect(starts(slots)).toEqual(["2030-01-07T09:30:00.000Z", "2030-01-07T10:00:00.000Z", "2030-01-07T12:30:00.000Z"]);
  });

  it("starts a visit the moment the previous one ends, when there is no buffer", () => {
    const slots = slotsOn("2030-01-07", "UTC", { windows: [hours(1, "09:00", "11:00")], busy: [busy("09:00", "09:30")] });
    expect(starts(slots)[0]).toBe("2030-01-07T09:30:00.000Z");
  });
});

describe("free slots refuse what cannot be scheduled", () => {
  const base = { windows: [hours(1, "09:00", "10:00")] };

  it.each([
    ["a visit of no length", { durationMinutes: 0 }],
    ["a step of no length", { stepMinutes: 0 }],
    ["a negative buffer", { bufferMinutes: -5 }],
  ])("refuses %s", (_label, query) => {
    expect(() => slotsOn("2030-01-07", "UTC", { ...base, ...query })).toThrow(
      new RangeError("A visit needs a positive duration and step and a buffer of zero or more minutes."),
    );
  });

  it("refuses hours in a time zone it does not know, naming it", () => {
    const query = { ...base, ...dayRangeInZone("2030-01-07", "UTC"), timeZone: "Mars/Olympus_Mons" };
    expect(() => computeFreeSlots({ overrides: [], busy: [], durationMinutes: 30, bufferMinutes: 0, now: LONG_AGO, ...query })).toThrow(
      new SchedulingError("INVALID_TIME_ZONE", '"Mars/Olympus_Mons" is not a time zone this clinic knows.'),
    );
    expect(() => dayRangeInZone("2026-03-08", "Mars/Olympus_Mons")).toThrow('"Mars/Olympus_Mons" is not a time zone this clinic knows.');
    expect(() => dayRangeInZone("08/03/2026", "UTC")).toThrow('"08/03/2026" is not a YYYY-MM-DD date.');
  });

  it("offers nothing on an override that is available but has no hours, or has hours but is not available", () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => hours(weekday, "09:00", "10:00"));
    const noHours = { date: "2030-01-07", isAvailable: true, startMinute: null, endMinute: toMinutes("11:00") };
    const noEnd = { date: "2030-01-07", isAvailable: true, startMinute: toMinutes("10:00"), endMinute: null };
    const closed = { date: "2030-01-07", isAvailable: false, startMinute: toMinutes("10:00"), endMinute: toMinutes("11:00") };
    for (const override of [noHours, noEnd, closed]) {
      expect(slotsOn("2030-01-07", "UTC", { windows: weekdays, overrides: [override] })).toEqual([]);
    }
  });
});

describe("workingSpans", () => {
  it("gives the working hours of each day in the range as instants, earliest first", () => {
    const week = { timeZone: "Europe/Berlin", windows: [hours(2, "14:00", "15:00"), hours(1, "09:00", "10:00")], overrides: [] };
    const spans = workingSpans(week, new Date("2030-01-07T00:00:00Z"), new Date("2030-01-08T23:00:00Z"));
    expect(spans.map((span) => [span.start.toISOString(), span.end.toISOString()])).toEqual([
      ["2030-01-07T08:00:00.000Z", "2030-01-07T09:00:00.000Z"],
      ["2030-01-08T13:00:00.000Z", "2030-01-08T14:00:00.000Z"],
    ]);
  });
});
