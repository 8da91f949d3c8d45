import type { AdministrativeSex, AllergySeverity } from "@/lib/db/generated/enums";
import { zoneName } from "@/lib/scheduling/time-format";
import { addDays, firstInstantAtWallTime, isIsoDate } from "@/lib/scheduling/zoned-time";

// How the chart shows its values. Instants are shown in the physician's zone
// (the one the visit page's header uses), with the zone named where a time of
// day appears; flags and severities are words, never colour alone.

export const SEVERITY_TEXT: Record<AllergySeverity, string> = {
  MILD: "Mild",
  MODERATE: "Moderate",
  SEVERE: "Severe",
  LIFE_THREATENING: "Life-threatening",
};

export const SEX_TEXT: Record<AdministrativeSex, string> = {
  FEMALE: "Female",
  MALE: "Male",
  OTHER: "Other",
  UNKNOWN: "Unknown",
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "short", day: "numeric" });
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** "Mar 4, 2025": the day an instant falls on in the zone. */
export function formatChartDate(instant: string | Date, timeZone: string): string {
  return dateFormat(timeZone).format(new Date(instant));
}

/** "Mar 4, 2025, 9:30 AM EST". */
export function formatChartDateTime(instant: string | Date, timeZone: string): string {
  const date = new Date(instant);
  const text = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(date);
  return `${text} ${zoneName(date, timeZone)}`;
}

/** A calendar date (YYYY-MM-DD, no zone of its own) as "Mar 4, 2025", never shifted by a zone. */
export function formatCalendarDate(dateISO: string): string {
  return dateFormat("UTC").format(new Date(`${dateISO.slice(0, 10)}T00:00:00Z`));
}

/** A number as the chart shows it: up to 4 decimals, grouped thousands. */
export function formatNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** A result's value: the number, or the text of a non-numeric result ("Positive"). */
export function formatLabValue(value: number | null, valueText: string | null): string {
  if (value !== null) return formatNumber(value);
  return valueText ?? "—";
}

/** "4–5.6", "< 200", "≥ 40", or "—" when the result has no reference range. */
export function formatReferenceRange(low: number | null, high: number | null): string {
  if (low !== null && high !== null) return `${formatNumber(low)}–${formatNumber(high)}`;
  if (high !== null) return `≤ ${formatNumber(high)}`;
  if (low !== null) return `≥ ${formatNumber(low)}`;
  return "—";
}

export type DateRangeParams = { from?: string; to?: string };

/**
 * The From/To dates of a filter (YYYY-MM-DD, either may be empty, both days
 * included) as the API's instants: from the first instant of the From day in
 * the zone, to the first instant after the To day (the API's `to` is exclusive).
 */
export function dateRangeParams(from: string, to: string, timeZone: string): { ok: true; range: DateRangeParams } | { ok: false; error: string } {
  if (from && !isIsoDate(from)) return { ok: false, error: "Enter the From date as a date, such as 2025-01-31." };
  if (to && !isIsoDate(to)) return { ok: false, error: "Enter the To date as a date, such as 2025-12-31." };
  if (from && to && from > to) return { ok: false, error: "The From date must be on or before the To date." };
  return {
    ok: true,
    range: {
      from: from ? firstInstantAtWallTime(from, 0, timeZone).toISOString() : undefined,
      to: to ? firstInstantAtWallTime(addDays(to, 1), 0, timeZone).toISOString() : undefined,
    },
  };
}
