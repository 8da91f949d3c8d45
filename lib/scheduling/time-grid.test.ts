import { describe, expect, it } from "vitest";
import { dayGrid, dropRefusal, gridWindow, minutesFromTop, offsetChangeOn, sameHourLabels, snapStart, typicalDay, wallMinuteOn } from "./time-grid";

const NEW_YORK = "America/New_York";
const at = (iso: string) => Date.parse(iso);
const labels = (date: string, window: { startMinute: number; endMinute: number }) =>
  dayGrid(date, NEW_YORK, window).rows.flatMap((row) => (row.label === null ? [] : [row.label]));

describe("the day's rows", () => {
  it("an ordinary day: a row every 15 minutes, labelled on the hour", () => {
    const grid = dayGrid("2026-12-07", NEW_YORK, { startMinute: 8 * 60, endMinute: 11 * 60 });
    expect(grid.from).toBe(at("2026-12-07T13:00:00Z"));
    expect(grid.to).toBe(at("2026-12-07T16:00:00Z"));
    expect(grid.rows).toHaveLength(12);
    expect(labels("2026-12-07", { startMinute: 8 * 60, endMinute: 11 * 60 })).toEqual(["8:00 AM", "9:00 AM", "10:00 AM"]);
  });

  it.each([
    ["2026-03-08", "2026-03-08T07:00:00Z"],
    ["2027-03-14", "2027-03-14T07:00:00Z"],
  ])("spring forward (%s): the skipped hour has no rows, 1:00 AM is followed by 3:00 AM", (date, change) => {
    expect(offsetChangeOn(date, NEW_YORK)).toBe(at(change));
    const grid = dayGrid(date, NEW_YORK, { startMinute: 0, endMinute: 5 * 60 });
    expect(grid.rows).toHaveLength(4 * 4);
    expect(labels(date, { startMinute: 0, endMinute: 5 * 60 })).toEqual(["12:00 AM", "1:00 AM", "3:00 AM", "4:00 AM"]);
  });

  it.each([
    ["2026-11-01", "2026-11-01T06:00:00Z"],
    ["2027-11-07", "2027-11-07T06:00:00Z"],
  ])("fall back (%s): the repeated hour has rows twice, each labelled with its zone", (date, change) => {
    expect(offsetChangeOn(date, NEW_YORK)).toBe(at(change));
    const grid = dayGrid(date, NEW_YORK, { startMinute: 0, endMinute: 3 * 60 });
    expect(grid.rows).toHaveLength(4 * 4);
    expect(labels(date, { startMinute: 0, endMinute: 3 * 60 })).toEqual(["12:00 AM", "1:00 AM EDT", "1:00 AM EST", "2:00 AM"]);
  });

  it("a day running to midnight ends at the next local midnight", () => {
    expect(dayGrid("2026-11-01", NEW_YORK, { startMinute: 0, endMinute: 1440 }).rows).toHaveLength(25 * 4);
    expect(dayGrid("2026-03-08", NEW_YORK, { startMinute: 0, endMinute: 1440 }).rows).toHaveLength(23 * 4);
  });
});

describe("a week's shared hour labels", () => {
  it("the gutter follows the ordinary days; the day the clocks go back labels its own hours", () => {
    const window = { startMinute: 0, endMinute: 4 * 60 };
    const week = ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30", "2026-10-31", "2026-11-01"].map((date) => dayGrid(date, NEW_YORK, window));
    const gutter = typicalDay(week)!;
    expect(gutter.rows.flatMap((row) => (row.label === null ? [] : [row.label]))).toEqual(["12:00 AM", "1:00 AM", "2:00 AM", "3:00 AM"]);
    expect(week.filter((day) => !sameHourLabels(day, gutter)).map((day) => day.date)).toEqual(["2026-11-01"]);
  });

  it("on a week starting with the spring change, the gutter still takes the ordinary days' hours", () => {
    const window = { startMinute: 0, endMinute: 4 * 60 };
    const week = ["2026-03-08", "2026-03-09", "2026-03-10"].map((date) => dayGrid(date, NEW_YORK, window));
    expect(typicalDay(week)!.date).toBe("2026-03-09");
  });
});

describe("the hours a grid shows", () => {
  const nineToFive = { start: at("2026-12-07T14:00:00Z"), end: at("2026-12-07T22:00:00Z") };

  it("the working hours an hour either side, on whole hours; 8 to 6 with nothing to show", () => {
    expect(gridWindow(["2026-12-07"], NEW_YORK, [nineToFive])).toEqual({ startMinute: 8 * 60, endMinute: 18 * 60 });
    expect(gridWindow(["2026-12-07"], NEW_YORK, [{ start: at("2026-12-07T14:30:00Z"), end: at("2026-12-07T21:10:00Z") }])).toEqual({ startMinute: 8 * 60, endMinute: 18 * 60 });
    expect(gridWindow(["2026-12-07"], NEW_YORK, [])).toEqual({ startMinute: 8 * 60, endMinute: 18 * 60 });
    // Spans on other days are not this day's hours.
    expect(gridWindow(["2026-12-08"], NEW_YORK, [nineToFive])).toEqual({ startMinute: 8 * 60, endMinute: 18 * 60 });
  });

  it("on a day the clocks change, the change is shown too", () => {
    const nineToFiveOnTheDay = { start: at("2026-11-01T14:00:00Z"), end: at("2026-11-01T22:00:00Z") };
    expect(gridWindow(["2026-11-01"], NEW_YORK, [nineToFiveOnTheDay])).toEqual({ startMinute: 0, endMinute: 18 * 60 });
  });

  it("wall minutes count from the date's midnight", () => {
    expect(wallMinuteOn("2026-12-07", at("2026-12-07T14:30:00Z"), NEW_YORK)).toBe(9 * 60 + 30);
    expect(wallMinuteOn("2026-12-07", at("2026-12-08T05:00:00Z"), NEW_YORK)).toBe(1440);
  });
});

describe("placing and snapping", () => {
  const hours = [{ start: at("2026-12-07T14:00:00Z"), end: at("2026-12-07T22:00:00Z") }];

  it("places by elapsed minutes from the top", () => {
    expect(minutesFromTop(at("2026-12-07T13:00:00Z"), at("2026-12-07T14:35:00Z"))).toBe(95);
  });

  it("snaps to the visit type's grid from the start of the hours, and keeps the visit inside them", () => {
    expect(snapStart(at("2026-12-07T14:40:00Z"), hours, 30)).toBe(at("2026-12-07T14:30:00Z"));
    expect(snapStart(at("2026-12-07T14:50:00Z"), hours, 30)).toBe(at("2026-12-07T15:00:00Z"));
    expect(snapStart(at("2026-12-07T21:55:00Z"), hours, 30)).toBe(at("2026-12-07T21:30:00Z"));
    expect(snapStart(at("2026-12-07T14:50:00Z"), hours, 60)).toBe(at("2026-12-07T15:00:00Z"));
  });

  it("outside the hours, snaps to 5 minutes so the drop can be refused", () => {
    expect(snapStart(at("2026-12-07T12:02:00Z"), hours, 30)).toBe(at("2026-12-07T12:00:00Z"));
  });
});

describe("drops refused before asking the server", () => {
  const context = {
    now: at("2026-12-07T15:00:00Z"),
    workingSpans: [{ start: at("2026-12-07T14:00:00Z"), end: at("2026-12-07T22:00:00Z") }],
    held: [{ start: at("2026-12-07T17:00:00Z"), end: at("2026-12-07T17:40:00Z") }],
  };
  const visit = (iso: string) => ({ start: at(iso), durationMinutes: 30, bufferMinutes: 10 });

  it("in the past", () => expect(dropRefusal(visit("2026-12-07T14:30:00Z"), context)?.code).toBe("IN_THE_PAST"));
  it("outside the hours, or running past their end", () => {
    expect(dropRefusal(visit("2026-12-07T23:00:00Z"), context)?.code).toBe("OUTSIDE_AVAILABILITY");
    expect(dropRefusal(visit("2026-12-07T21:45:00Z"), context)?.code).toBe("OUTSIDE_AVAILABILITY");
  });
  it("into another visit, its buffer, or with its own buffer into the next visit", () => {
    expect(dropRefusal(visit("2026-12-07T17:30:00Z"), context)?.code).toBe("OVERLAPS_VISIT");
    expect(dropRefusal(visit("2026-12-07T16:30:00Z"), context)?.code).toBe("OVERLAPS_VISIT");
    expect(dropRefusal(visit("2026-12-07T17:40:00Z"), context)).toBeNull();
    expect(dropRefusal(visit("2026-12-07T16:20:00Z"), context)).toBeNull();
  });
});
