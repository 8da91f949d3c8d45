// Times are always shown with their zone named, so nobody has to guess whose
// "9:00" it is. Pure, so server and client components can both use it.

export function formatDateTimeInZone(instant: Date, timeZone: string, locale = "en-US"): string {
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(instant);
  return `${dateTime} ${zoneName(instant, timeZone, locale)}`;
}

export function formatTimeInZone(instant: Date, timeZone: string, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(instant);
}

/** The zone's name as it applies at that instant, e.g. "EST" or "GMT+1". */
export function zoneName(instant: Date, timeZone: string, locale = "en-US"): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(instant);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}
