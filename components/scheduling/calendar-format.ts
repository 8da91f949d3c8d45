// Calendar dates (YYYY-MM-DD) as people read them. A date has no zone of its
// own, so it is formatted at UTC midnight in UTC: the day never shifts.

function formatDate(dateISO: string, options: Intl.DateTimeFormatOptions, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(new Date(`${dateISO}T00:00:00Z`));
}

/** "Tuesday, December 1, 2026" ("martes, 1 de diciembre de 2026" in es-US) */
export function formatDayLong(dateISO: string, locale?: string): string {
  return formatDate(dateISO, { weekday: "long", month: "long", day: "numeric", year: "numeric" }, locale);
}

/** "Tue, Dec 1" */
export function formatDayShort(dateISO: string): string {
  return formatDate(dateISO, { weekday: "short", month: "short", day: "numeric" });
}

/** Minutes after local midnight as a clock time: 540 → "9:00 AM". */
export function formatMinuteOfDay(minutes: number): string {
  return new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(new Date(minutes * 60_000));
}

/** Minutes after midnight as the value of an <input type="time">: 540 → "09:00". */
export function minuteToTimeInput(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** An <input type="time"> value as minutes after midnight; null when empty or malformed. */
export function timeInputToMinute(value: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** "June 14, 1979" */
export function formatBirthDate(dateISO: string): string {
  return formatDate(dateISO, { month: "long", day: "numeric", year: "numeric" });
}
