import "server-only";

// Wall-clock time in an IANA zone <-> UTC instants, with nothing but Intl.
// Offsets come from formatting an instant in the zone and reading the wall
// clock back; a wall time is valid for an offset when that round trip agrees.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in milliseconds. */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const wall = wallClockAt(instantMs, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `minutes` past
 * midnight of `dateISO` (YYYY-MM-DD).
 *
 * Across DST changes it resolves like Temporal's "compatible" mode: a time that
 * occurs twice (clocks going back) is the earlier instant; a time skipped by
 * clocks going forward is read with the offset from before the change, which
 * lands as far after the gap as it was into it (02:30 becomes 03:30).
 */
export function zonedTimeToUtc(dateISO: string, minutes: number, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateISO);
  if (!match) throw new Error(`Expected a YYYY-MM-DD date, got "${dateISO}"`);
  const midnightAsUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const wallAsUtc = midnightAsUtc + minutes * MINUTE_MS;
  const { offsetBefore, offsetAfter } = offsetsAround(midnightAsUtc, timeZone);
  if (offsetBefore === offsetAfter) return new Date(wallAsUtc - offsetBefore);

  const valid = [offsetBefore, offsetAfter]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => instant === wallAsUtc - zoneOffsetMs(instant, timeZone));
  return new Date(valid.length > 0 ? Math.min(...valid) : wallAsUtc - offsetBefore);
}

const offsetCache = new Map<string, { offsetBefore: number; offsetAfter: number }>();

/**
 * The offsets in force a day before and two days after the date's midnight.
 * Real zones change offset at most once in that window, so when the two agree
 * the whole date has that offset; cached because the seed converts the same dates
 * many thousands of times.
 */
function offsetsAround(midnightAsUtc: number, timeZone: string): { offsetBefore: number; offsetAfter: number } {
  const key = `${timeZone}|${midnightAsUtc}`;
  let offsets = offsetCache.get(key);
  if (!offsets) {
    offsets = { offsetBefore: zoneOffsetMs(midnightAsUtc - DAY_MS, timeZone), offsetAfter: zoneOffsetMs(midnightAsUtc + 2 * DAY_MS, timeZone) };
    offsetCache.set(key, offsets);
  }
  return offsets;
}

/** The calendar date (YYYY-MM-DD) the wall clock in `timeZone` shows at `instant`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant.getTime(), timeZone);
  return `${String(wall.year).padStart(4, "0")}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
}

export function minutesAfter(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}
