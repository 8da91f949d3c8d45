import { formatDateTimeInZone, formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";

/** When the room opens, as the viewer reads it: just the time today, the full date otherwise. */
export function opensAtText(opensAt: Date, timeZone: string, now: Date, locale = "en-US"): string {
  const day = (instant: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(instant);
  return day(opensAt) === day(now)
    ? `${formatTimeInZone(opensAt, timeZone, locale)} ${zoneName(opensAt, timeZone, locale)}`
    : formatDateTimeInZone(opensAt, timeZone, locale);
}
