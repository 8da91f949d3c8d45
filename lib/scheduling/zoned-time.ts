// Wall-clock time in an IANA zone <-> UTC instants, with nothing but Intl.
// Offsets come from formatting an instant in the zone and reading the wall
// clock back; a wall time is valid for an offset when that round trip agrees.
// Pure, so the seed, the server and the browser share one implementation.

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
  const wall = resolveWallTime(epochDayOf(dateISO), minutes, timeZone);
  return new Date("instant" in wall ? wall.instant : wall.wallAsUtc - wall.offsetBefore);
}

/**
 * The first instant at which the wall clock in `timeZone` shows `minutes` past
 * midnight of `dateISO`, or later. Unlike zonedTimeToUtc, a time skipped by
 * clocks going forward resolves to the moment of the jump (02:30 becomes 03:00),
 * so a range of wall times maps to exactly the instants the clock spent in it.
 */
export function firstInstantAtWallTime(dateISO: string, minutes: number, timeZone: string): Date {
  return new Date(firstInstantAtWallTimeOnDay(epochDayOf(dateISO), minutes, timeZone));
}

/**
 * firstInstantAtWallTime for a date given as days since 1970-01-01, in epoch
 * milliseconds: slot searches resolve a few wall times on each of many days,
 * and on a day without a DST change this is arithmetic on a cached offset.
 */
export function firstInstantAtWallTimeOnDay(epochDay: number, minutes: number, timeZone: string): number {
  const wall = resolveWallTime(epochDay, minutes, timeZone);
  if ("instant" in wall) return wall.instant;
  // The jump happened between the wall time read with the later offset and
  // with the earlier one; offsets change on whole minutes, so halve to the minute.
  let before = wall.wallAsUtc - wall.offsetAfter;
  let after = wall.wallAsUtc - wall.offsetBefore;
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zoneOffsetMs(middle, timeZone) === wall.offsetBefore) before = middle;
    else after = middle;
  }
  return after;
}

type ResolvedWallTime = { instant: number } | { wallAsUtc: number; offsetBefore: number; offsetAfter: number };

/** The earliest instant showing the wall time, or the offsets around the gap that skips it. */
function resolveWallTime(epochDay: number, minutes: number, timeZone: string): ResolvedWallTime {
  const midnightAsUtc = epochDay * DAY_MS;
  const wallAsUtc = midnightAsUtc + minutes * MINUTE_MS;
  const { offsetBefore, offsetAfter } = offsetsAround(midnightAsUtc, timeZone);
  if (offsetBefore === offsetAfter) return { instant: wallAsUtc - offsetBefore };

  const valid = [offsetBefore, offsetAfter]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => instant === wallAsUtc - zoneOffsetMs(instant, timeZone));
  return valid.length > 0 ? { instant: Math.min(...valid) } : { wallAsUtc, offsetBefore, offsetAfter };
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, or null for anything else, including 2026-02-30. */
export function epochDayOrNull(dateISO: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateISO);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== dateISO ? null : ms / DAY_MS;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; throws on anything else, including 2026-02-30. */
export function epochDayOf(dateISO: string): number {
  const epochDay = epochDayOrNull(dateISO);
  if (epochDay === null) throw new RangeError(`Expected a YYYY-MM-DD date, got "${dateISO}"`);
  return epochDay;
}

export function isIsoDate(value: string): boolean {
  return epochDayOrNull(value) !== null;
}

/** The date `days` calendar days after a YYYY-MM-DD date. */
export function addDays(dateISO: string, days: number): string {
  return new Date((epochDayOf(dateISO) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(dateISO: string): number {
  return isoWeekdayOfEpochDay(epochDayOf(dateISO));
}

/** ISO weekday of a date given as days since 1970-01-01, a Thursday: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** Whether the runtime knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface OffsetsAround {
  offsetBefore: number;
  offsetAfter: number;
}

/** Per zone, by the date's midnight as UTC: a number key, so a lookup builds no string. */
const offsetCache = new Map<string, Map<number, OffsetsAround>>();

/**
 * The offsets in force a day before and two days after the date's midnight.
 * Real zones change offset at most once in that window, so when the two agree
 * the whole date has that offset; cached because the seed and slot searches
 * convert the same dates many thousands of times.
 */
function offsetsAround(midnightAsUtc: number, timeZone: string): OffsetsAround {
  let zoneOffsets = offsetCache.get(timeZone);
  if (!zoneOffsets) {
    zoneOffsets = new Map();
    offsetCache.set(timeZone, zoneOffsets);
  }
  let offsets = zoneOffsets.get(midnightAsUtc);
  if (!offsets) {
    offsets = { offsetBefore: zoneOffsetMs(midnightAsUtc - DAY_MS, timeZone), offsetAfter: zoneOffsetMs(midnightAsUtc + 2 * DAY_MS, timeZone) };
    zoneOffsets.set(midnightAsUtc, offsets);
  }
  return offsets;
}

/** The calendar date (YYYY-MM-DD) the wall clock in `timeZone` shows at `instant`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant.getTime(), timeZone);
  return `${String(wall.year).padStart(4, "0")}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
}

/** The calendar date the wall clock in `timeZone` shows at an instant (epoch milliseconds), as days since 1970-01-01. */
export function localEpochDayAt(instantMs: number, timeZone: string): number {
  const recent = recentLocalDays.get(timeZone) ?? [];
  const known = recent.find(([instant]) => instant === instantMs);
  if (known) return known[1];
  const epochDay = Math.floor((instantMs + zoneOffsetMs(instantMs, timeZone)) / DAY_MS);
  recentLocalDays.set(timeZone, [[instantMs, epochDay], ...recent.slice(0, 1)]);
  return epochDay;
}

/**
 * Per zone, the last two instants localEpochDayAt was asked about: a whole
 * clinic's search asks each physician's zone about the same range's two ends,
 * and reading the offset through Intl is most of what the search spends per physician.
 */
const recentLocalDays = new Map<string, Array<[instantMs: number, epochDay: number]>>();

export function minutesAfter(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

const YEAR_10000_MS = Date.UTC(10_000, 0, 1);
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
/** The last UTC day isoInstant formatted, and its "YYYY-MM-DDT": slots come sorted, so most share it. */
let isoDay = { epochDay: Number.NaN, prefix: "" };

/**
 * `new Date(instantMs).toISOString()`, several times faster: a whole clinic's
 * month of slots is tens of thousands of instants, and toISOString was most of
 * the search's time. The date part is formatted once per UTC day.
 */
export function isoInstant(instantMs: number): string {
  // Outside years 1970–9999 toISOString's own form differs (signed six-digit years); nothing books there.
  if (!(instantMs >= 0 && instantMs < YEAR_10000_MS)) return new Date(instantMs).toISOString();
  const epochDay = Math.floor(instantMs / DAY_MS);
  if (epochDay !== isoDay.epochDay) isoDay = { epochDay, prefix: new Date(epochDay * DAY_MS).toISOString().slice(0, 11) };
  const ms = instantMs - epochDay * DAY_MS;
  const milliseconds = ms % 1000;
  return (
    `${isoDay.prefix}${TWO_DIGITS[Math.floor(ms / 3_600_000)]}:${TWO_DIGITS[Math.floor(ms / MINUTE_MS) % 60]}:${TWO_DIGITS[Math.floor(ms / 1000) % 60]}` +
    `.${milliseconds < 10 ? "00" : milliseconds < 100 ? "0" : ""}${milliseconds}Z`
  );
}
