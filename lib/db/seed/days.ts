import "server-only";

// Calendar days as integers (days since 1970-01-01) so histories can be laid
// out with plain arithmetic; they become ISO dates or Dates only at the edges.

export type Day = number;

const DAY_MS = 86_400_000;

const DAYS_PER_YEAR = 365.2425;

export function dayFromIso(dateISO: string): Day {
  const ms = Date.parse(`${dateISO}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`Expected a YYYY-MM-DD date, got "${dateISO}"`);
  return Math.round(ms / DAY_MS);
}

export function isoFromDay(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  // 1970-01-01 was a Thursday.
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Midnight UTC of the day, which is how Prisma reads and writes @db.Date columns. */
export function dateOnly(day: Day): Date {
  return new Date(day * DAY_MS);
}

export function yearsBetween(from: Day, to: Day): number {
  return (to - from) / DAYS_PER_YEAR;
}

export function yearsToDays(years: number): number {
  return Math.round(years * DAYS_PER_YEAR);
}

/** The first day on or after `from` that falls on the ISO weekday. */
export function nextWeekday(from: Day, weekday: number): Day {
  return from + ((weekday - isoWeekday(from) + 7) % 7);
}
