import { SchedulingError } from "./errors";
import {
  addDays,
  epochDayOrNull,
  firstInstantAtWallTime,
  firstInstantAtWallTimeOnDay,
  isIsoDate,
  isoWeekdayOfEpochDay,
  isValidTimeZone,
  localEpochDayAt,
} from "./zoned-time";

// Free appointment slots, computed from working hours and what is already
// booked. Pure, so the server, the browser and the tests share it.
//
// Working hours are wall-clock minutes in the physician's zone. Each day's hours
// become the instants the clock actually spends in them, and slots are laid out
// in elapsed time from there: on a spring-forward day no slot starts inside the
// skipped hour, and on a fall-back day the repeated hour is offered once per
// occurrence — never the same instant twice, never a gap.

const MINUTE_MS = 60_000;

export interface Slot {
  start: Date;
  end: Date;
}

/** Weekly working hours, in minutes from local midnight; weekday 1 = Monday … 7 = Sunday. */
export interface WeeklyWindow {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/**
 * Replaces the weekly windows on one local date (YYYY-MM-DD): a day off
 * (isAvailable false, no hours) or that date's own hours. Several available
 * overrides on one date make a split day.
 */
export interface DateOverride {
  date: string;
  isAvailable: boolean;
  startMinute: number | null;
  endMinute: number | null;
}

export interface WorkingHours {
  timeZone: string;
  windows: readonly WeeklyWindow[];
  overrides: readonly DateOverride[];
}

export interface FreeSlotQuery extends WorkingHours {
  /** Time already held: each appointment from its start until its end plus its own buffer. */
  busy: readonly Slot[];
  durationMinutes: number;
  /** Kept free after the new visit, so it must not run into the next booking either. */
  bufferMinutes: number;
  /** Only slots that intersect [from, to) are returned. */
  from: Date;
  to: Date;
  /** Only slots starting after this are returned. */
  now: Date;
  /**
   * Minutes between candidate starts, counted from the start of the working
   * hours. Defaults to the visit's duration, so an empty day is offered back to back.
   */
  stepMinutes?: number;
}

/** The free slots, earliest first. */
export function computeFreeSlots(query: FreeSlotQuery): Slot[] {
  const durationMs = query.durationMinutes * MINUTE_MS;
  return freeSlotStarts(query).map((start) => ({ start: new Date(start), end: new Date(start + durationMs) }));
}

/**
 * The free slots' starts in epoch milliseconds, earliest first; each lasts the
 * visit's duration. For a whole clinic's search, which would otherwise make
 * two Dates per slot only to format them.
 */
export function freeSlotStarts(query: FreeSlotQuery): number[] {
  const durationMs = query.durationMinutes * MINUTE_MS;
  const holdMs = (query.durationMinutes + query.bufferMinutes) * MINUTE_MS;
  const stepMs = (query.stepMinutes ?? query.durationMinutes) * MINUTE_MS;
  if (!(durationMs > 0 && stepMs > 0 && query.bufferMinutes >= 0)) {
    throw new RangeError("A visit needs a positive duration and step and a buffer of zero or more minutes.");
  }
  const from = query.from.getTime();
  const to = query.to.getTime();
  const now = query.now.getTime();
  const busy = mergeOverlapping(query.busy);

  const starts: number[] = [];
  for (const span of workingIntervals(query, from, to)) {
    for (let start = span.start; start + durationMs <= span.end; start += stepMs) {
      const intersectsRange = start < to && start + durationMs > from;
      if (intersectsRange && start > now && !overlapsAny(busy, start, start + holdMs)) starts.push(start);
    }
  }
  // Spans are sorted by start, so starts are too unless two spans overlap; then
  // sorting brings the repeats together, and each start is offered once.
  starts.sort((a, b) => a - b);
  return starts.filter((start, index) => index === 0 || start !== starts[index - 1]);
}

/**
 * The instants of working hours on every local date that touches [from, to),
 * earliest first: each window runs from the first moment the clock shows its
 * start to the first moment it shows its end.
 */
export function workingSpans(hours: WorkingHours, from: Date, to: Date): Slot[] {
  return workingIntervals(hours, from.getTime(), to.getTime()).map((span) => ({ start: new Date(span.start), end: new Date(span.end) }));
}

/**
 * workingSpans in epoch milliseconds. Days are counted rather than formatted
 * and parsed, and no Date is made: a search expands a month per physician, and
 * in the Next server every `new Date` goes through its IO-tracking wrapper.
 */
function workingIntervals(hours: WorkingHours, from: number, to: number): Interval[] {
  if (!isValidTimeZone(hours.timeZone)) {
    throw new SchedulingError("INVALID_TIME_ZONE", `"${hours.timeZone}" is not a time zone this clinic knows.`);
  }
  const windowsByWeekday = groupBy(hours.windows, (window) => window.weekday);
  // An override on a date that does not exist is filed under null, which no day looks up.
  const overridesByDay = groupBy(hours.overrides, (override) => epochDayOrNull(override.date));
  const spans: Interval[] = [];
  const lastDay = localEpochDayAt(to, hours.timeZone);
  for (let day = localEpochDayAt(from, hours.timeZone); day <= lastDay; day++) {
    const overrides = overridesByDay.get(day);
    const ranges = overrides
      ? overrides.flatMap(({ isAvailable, startMinute, endMinute }) =>
          isAvailable && startMinute !== null && endMinute !== null ? [{ startMinute, endMinute }] : [],
        )
      : (windowsByWeekday.get(isoWeekdayOfEpochDay(day)) ?? []);
    for (const { startMinute, endMinute } of ranges) {
      const start = firstInstantAtWallTimeOnDay(day, startMinute, hours.timeZone);
      const end = firstInstantAtWallTimeOnDay(day, endMinute, hours.timeZone);
      // Hours that lie wholly inside a spring-forward gap never happen.
      if (end > start) spans.push({ start, end });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The instants of a local calendar day in a zone: 23 or 25 hours on DST days. */
export function dayRangeInZone(dateISO: string, timeZone: string): { from: Date; to: Date } {
  if (!isIsoDate(dateISO)) throw new SchedulingError("INVALID_DATE", `"${dateISO}" is not a YYYY-MM-DD date.`);
  if (!isValidTimeZone(timeZone)) {
    throw new SchedulingError("INVALID_TIME_ZONE", `"${timeZone}" is not a time zone this clinic knows.`);
  }
  return { from: firstInstantAtWallTime(dateISO, 0, timeZone), to: firstInstantAtWallTime(addDays(dateISO, 1), 0, timeZone) };
}

/** [start, end) in epoch milliseconds. */
interface Interval {
  start: number;
  end: number;
}

/** Sorted, disjoint intervals, so one binary search finds the only one that can overlap. */
function mergeOverlapping(slots: readonly Slot[]): Interval[] {
  const sorted = slots
    .map((slot) => ({ start: slot.start.getTime(), end: slot.end.getTime() }))
    .sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** Whether [start, end) overlaps any of the sorted, disjoint intervals. */
function overlapsAny(intervals: readonly Interval[], start: number, end: number): boolean {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (intervals[middle]!.end <= start) low = middle + 1;
    else high = middle;
  }
  const candidate = intervals[low];
  return candidate !== undefined && candidate.start < end;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
