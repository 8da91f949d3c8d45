import { dayRangeInZone } from "./slots";
import { formatTimeInZone, zoneName } from "./time-format";
import { epochDayOf, firstInstantAtWallTime, zoneOffsetMs } from "./zoned-time";

// The scheduler's time grid, as arithmetic: which hours a day shows, its
// 15-minute rows and their labels, where a visit sits, where a dragged visit
// snaps to, and which drops are refused before the server is asked. Pure, so
// the browser and the tests share it.
//
// A day is laid out by the time that really passes in the chosen zone: on the
// day the clocks go forward the skipped hour has no rows (1:00 AM, then
// 3:00 AM), and on the day they go back the repeated hour has rows twice, each
// labelled with its zone (1:00 AM EDT, 1:00 AM EST).

const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 1440;
/** Rows are this long; visits are placed to the minute within them. */
export const ROW_MINUTES = 15;
/** The hours shown when nobody shown works that day: 8 AM to 6 PM. */
const DEFAULT_WINDOW = { startMinute: 8 * HOUR_MINUTES, endMinute: 18 * HOUR_MINUTES };
/** Free room around the earliest and latest thing shown. */
const PADDING_MINUTES = HOUR_MINUTES;

/** [start, end) as epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/** The wall-clock minutes (after local midnight) a day's grid runs between. */
export interface GridWindow {
  startMinute: number;
  endMinute: number;
}

export interface GridRow {
  at: number;
  /** On the hour: the clock time, with its zone when that hour happens twice that day; null between hours. */
  label: string | null;
}

export interface DayGrid {
  date: string;
  from: number;
  to: number;
  rows: GridRow[];
}

/** How far the wall clock on `date` has run at the instant, in minutes after that date's midnight (1440 at the next midnight). */
export function wallMinuteOn(date: string, instantMs: number, timeZone: string): number {
  return Math.round((instantMs + zoneOffsetMs(instantMs, timeZone) - epochDayOf(date) * DAY_MINUTES * MINUTE_MS) / MINUTE_MS);
}

/** The instant the zone's offset changes on that local date, or null on an ordinary day. */
export function offsetChangeOn(date: string, timeZone: string): number | null {
  const { from, to } = dayRangeInZone(date, timeZone);
  let low = from.getTime();
  let high = to.getTime();
  if (zoneOffsetMs(low, timeZone) === zoneOffsetMs(high - MINUTE_MS, timeZone)) return null;
  // Offsets change on whole minutes: halve to the first minute of the new offset.
  const before = zoneOffsetMs(low, timeZone);
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zoneOffsetMs(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The wall-clock hours the grid shows for these dates: everything given that
 * falls on them (working hours, visits), an hour either side, on whole hours;
 * 8 AM to 6 PM when nothing is given. On a day the clocks change the change is
 * shown too, so nobody wonders where an hour went.
 */
export function gridWindow(dates: readonly string[], timeZone: string, spans: readonly Span[]): GridWindow {
  let first = Infinity;
  let last = -Infinity;
  for (const date of dates) {
    const day = dayRangeInZone(date, timeZone);
    const change = offsetChangeOn(date, timeZone);
    const shown = change === null ? spans : [...spans, { start: change - HOUR_MINUTES * MINUTE_MS, end: change + HOUR_MINUTES * MINUTE_MS }];
    for (const span of shown) {
      const start = Math.max(span.start, day.from.getTime());
      const end = Math.min(span.end, day.to.getTime());
      if (start >= end) continue;
      first = Math.min(first, wallMinuteOn(date, start, timeZone));
      last = Math.max(last, wallMinuteOn(date, end, timeZone));
    }
  }
  if (first === Infinity) return DEFAULT_WINDOW;
  return {
    startMinute: Math.max(0, Math.floor((first - PADDING_MINUTES) / HOUR_MINUTES) * HOUR_MINUTES),
    endMinute: Math.min(DAY_MINUTES, Math.ceil((last + PADDING_MINUTES) / HOUR_MINUTES) * HOUR_MINUTES),
  };
}

/** One day's grid over the window: its first and last instant and a row every ROW_MINUTES of elapsed time. */
export function dayGrid(date: string, timeZone: string, window: GridWindow): DayGrid {
  const from = firstInstantAtWallTime(date, window.startMinute, timeZone).getTime();
  const to = window.endMinute >= DAY_MINUTES ? dayRangeInZone(date, timeZone).to.getTime() : firstInstantAtWallTime(date, window.endMinute, timeZone).getTime();
  const instants: number[] = [];
  for (let at = from; at < to; at += ROW_MINUTES * MINUTE_MS) instants.push(at);
  const clockOf = (at: number) => formatTimeInZone(new Date(at), timeZone);
  const occurrences = new Map<string, number>();
  for (const at of instants) occurrences.set(clockOf(at), (occurrences.get(clockOf(at)) ?? 0) + 1);
  const rows = instants.map((at) => {
    if (new Date(at + zoneOffsetMs(at, timeZone)).getUTCMinutes() !== 0) return { at, label: null };
    const clock = clockOf(at);
    return { at, label: (occurrences.get(clock) ?? 0) > 1 ? `${clock} ${zoneName(new Date(at), timeZone)}` : clock };
  });
  return { date, from, to, rows };
}

/** Where something starting at the instant sits, in minutes below the top of a grid that starts at `from`. */
export function minutesFromTop(from: number, instantMs: number): number {
  return (instantMs - from) / MINUTE_MS;
}

/**
 * Where a visit dragged to the instant lands: on its visit type's grid (every
 * `durationMinutes` from the start of the working hours it falls in, and
 * ending inside them), or, outside working hours, on the nearest 5 minutes, so
 * the drop can be refused with the reason.
 */
export function snapStart(instantMs: number, workingSpans: readonly Span[], durationMinutes: number): number {
  const step = durationMinutes * MINUTE_MS;
  const span = workingSpans.find((candidate) => candidate.start <= instantMs && instantMs < candidate.end);
  if (!span || span.end - span.start < step) return Math.round(instantMs / (5 * MINUTE_MS)) * 5 * MINUTE_MS;
  const lastStep = Math.floor((span.end - span.start - step) / step);
  return span.start + Math.min(lastStep, Math.max(0, Math.round((instantMs - span.start) / step))) * step;
}

export type DropRefusalCode = "IN_THE_PAST" | "OUTSIDE_AVAILABILITY" | "OVERLAPS_VISIT";

export interface MoveTarget {
  start: number;
  durationMinutes: number;
  bufferMinutes: number;
}

/**
 * Why a visit cannot be dropped there, before anyone asks the server: in the
 * past, not wholly inside the physician's working hours, or running (with its
 * buffer) into another visit or that visit's buffer. Null when it may be tried.
 * `held` is the target physician's other visits, each until its buffer ends.
 */
export function dropRefusal(target: MoveTarget, context: { now: number; workingSpans: readonly Span[]; held: readonly Span[] }): { code: DropRefusalCode; message: string } | null {
  const end = target.start + target.durationMinutes * MINUTE_MS;
  const heldUntil = end + target.bufferMinutes * MINUTE_MS;
  if (target.start <= context.now) return { code: "IN_THE_PAST", message: "That time has already passed." };
  if (!context.workingSpans.some((span) => span.start <= target.start && end <= span.end)) {
    return { code: "OUTSIDE_AVAILABILITY", message: "That is outside the physician's working hours." };
  }
  if (context.held.some((span) => span.start < heldUntil && target.start < span.end)) {
    return { code: "OVERLAPS_VISIT", message: "That runs into another visit or the break after it." };
  }
  return null;
}

/**
 * The day whose hour labels the shared time gutter shows: the one most days
 * share. A week's day on which the clocks change has other labels (an hour
 * missing or twice), so that column labels its own hours.
 */
export function typicalDay(days: readonly DayGrid[]): DayGrid | undefined {
  const counts = new Map<string, number>();
  for (const day of days) counts.set(hourLabels(day), (counts.get(hourLabels(day)) ?? 0) + 1);
  return days.reduce<DayGrid | undefined>((best, day) => (best === undefined || counts.get(hourLabels(day))! > counts.get(hourLabels(best))! ? day : best), undefined);
}

/** Whether two days' rows carry the same labels, so one gutter serves both. */
export function sameHourLabels(a: DayGrid, b: DayGrid): boolean {
  return hourLabels(a) === hourLabels(b);
}

function hourLabels(day: DayGrid): string {
  return day.rows.map((row) => row.label ?? "").join("|");
}
