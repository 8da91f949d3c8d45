"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { localDateOf } from "@/lib/scheduling/zoned-time";
import { callApi } from "@/lib/client/api";
import { type ApiSlot, type SlotsResponse } from "./api";
import { formatDayLong } from "./calendar-format";
import { SelectField } from "@/components/SelectField";

const DAY_MS = 86_400_000;

/** Whose free times: a physician's for booking a visit type, or those a booked visit can move to. */
export type FreeTimesOf = { physicianId: string; visitTypeId: string } | { movingAppointmentId: string };

/** The endpoint, and the query that says whose times, ready for the range to be appended. */
function freeTimesSource(of: FreeTimesOf): string {
  return "movingAppointmentId" in of
    ? `/api/appointments/${encodeURIComponent(of.movingAppointmentId)}/free-times?`
    : `/api/slots?${new URLSearchParams({ physicianId: of.physicianId, visitTypeId: of.visitTypeId })}&`;
}

/**
 * One physician's free times over the coming days, in the reader's zone: a
 * day to choose, then a time on it (radio buttons, so arrow keys move between
 * times). Reports the chosen slot, or null.
 */
export function SlotPicker({
  of,
  timeZone,
  days = 14,
  onChange,
}: {
  of: FreeTimesOf;
  timeZone: string;
  days?: number;
  onChange: (slot: ApiSlot | null) => void;
}) {
  const t = useTranslations("scheduling.slots");
  const locale = useIntlLocale();
  const id = useId();
  const [result, setResult] = useState<{ slots: ApiSlot[] } | { error: string } | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);

  // A string, so the search runs again when whose times change, not whenever a caller makes a new `of`.
  const source = freeTimesSource(of);
  useEffect(() => {
    const abort = new AbortController();
    const from = new Date();
    const range = new URLSearchParams({ from: from.toISOString(), to: new Date(from.getTime() + days * DAY_MS).toISOString() });
    callApi<SlotsResponse>(`${source}${range}`, { signal: abort.signal }).then(
      (response) => setResult(response.ok ? { slots: response.data.physicians.flatMap((physician) => physician.slots) } : { error: response.error }),
      () => {},
    );
    return () => abort.abort();
  }, [source, days]);

  if (result === null) return <p role="status">{t("loading")}</p>;
  if ("error" in result) return <p role="alert" className="font-medium text-red-700">{result.error}</p>;
  if (result.slots.length === 0) return <p role="status">{t("none", { days })}</p>;

  const byDay = new Map<string, ApiSlot[]>();
  for (const slot of result.slots) {
    const date = localDateOf(new Date(slot.start), timeZone);
    byDay.set(date, [...(byDay.get(date) ?? []), slot]);
  }
  const shownDay = day !== null && byDay.has(day) ? day : byDay.keys().next().value!;
  const zone = zoneName(new Date(result.slots[0]!.start), timeZone, locale);

  const choose = (slot: ApiSlot | null) => {
    setChosen(slot?.start ?? null);
    onChange(slot);
  };

  return (
    <div className="space-y-4">
      <SelectField
        id={`${id}-day`}
        label={t("day")}
        value={shownDay}
        onChange={(event) => {
          setDay(event.target.value);
          choose(null);
        }}
      >
        {[...byDay].map(([date, slots]) => (
          <option key={date} value={date}>
            {t("dayOption", { day: formatDayLong(date, locale), count: slots.length })}
          </option>
        ))}
      </SelectField>
      <fieldset>
        <legend className="font-medium text-slate-900">
          {t("timesOn", { day: formatDayLong(shownDay, locale), zone, zoneId: timeZone.replaceAll("_", " ") })}
        </legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {byDay.get(shownDay)!.map((slot) => (
            <label
              key={slot.start}
              className="cursor-pointer rounded-md border border-slate-500 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 has-checked:border-primary-700 has-checked:bg-primary-700 has-checked:text-white has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-primary-600"
            >
              <input
                type="radio"
                name={`${id}-time`}
                value={slot.start}
                checked={chosen === slot.start}
                onChange={() => choose(slot)}
                className="sr-only"
              />
              {formatTimeInZone(new Date(slot.start), timeZone, locale)} {zoneName(new Date(slot.start), timeZone, locale)}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
