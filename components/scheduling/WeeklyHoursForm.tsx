"use client";

import { useId, useState } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { TextField } from "@/components/TextField";
import type { WeeklyWindow } from "@/lib/scheduling/slots";
import { callApi } from "@/lib/client/api";
import { minuteToTimeInput, timeInputToMinute } from "./calendar-format";
import { secondaryButtonClassName } from "./styles";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

interface Row {
  key: number;
  weekday: number;
  start: string;
  end: string;
}

type Outcome = { tone: "success" | "error"; message: string; attempt: number } | null;

/** The days and hours a physician works every week, in their zone; saved all at once. */
export function WeeklyHoursForm({ physicianId, windows }: { physicianId: string; windows: WeeklyWindow[] }) {
  const id = useId();
  const [rows, setRows] = useState<Row[]>(() =>
    windows.map((window, index) => ({
      key: index,
      weekday: window.weekday,
      start: minuteToTimeInput(window.startMinute),
      end: minuteToTimeInput(window.endMinute),
    })),
  );
  const [nextKey, setNextKey] = useState(windows.length);
  const [rowErrors, setRowErrors] = useState<Map<number, string>>(new Map());
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [saving, setSaving] = useState(false);

  const update = (key: number, change: Partial<Row>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));

  async function save() {
    const attempt = (outcome?.attempt ?? 0) + 1;
    const errors = new Map<number, string>();
    const payload = rows.map((row) => {
      const startMinute = timeInputToMinute(row.start);
      const endMinute = timeInputToMinute(row.end);
      if (startMinute === null || endMinute === null) errors.set(row.key, "Enter both times.");
      return { weekday: row.weekday, startMinute: startMinute ?? 0, endMinute: endMinute ?? 0 };
    });
    if (errors.size === 0) {
      setSaving(true);
      const result = await callApi<{ windows: WeeklyWindow[] }>(`/api/physicians/${physicianId}/availability`, {
        method: "PUT",
        body: { windows: payload },
      });
      setSaving(false);
      if (result.ok) {
        setRowErrors(new Map());
        setOutcome({ tone: "success", message: "Saved the weekly hours.", attempt });
        return;
      }
      // Issues name the window by its place in what was sent, which is the rows' order.
      const issues = Array.isArray(result.body.issues) ? (result.body.issues as { path: string; message: string }[]) : [];
      for (const issue of issues) {
        const index = issue.path.split(".").find((part) => /^\d+$/.test(part));
        const row = index === undefined ? undefined : rows[Number(index)];
        if (row && !errors.has(row.key)) errors.set(row.key, issue.message);
      }
      if (errors.size === 0) {
        setOutcome({ tone: "error", message: result.error, attempt });
        return;
      }
    }
    setRowErrors(errors);
    setOutcome({ tone: "error", message: "Check the highlighted hours.", attempt });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      className="space-y-5"
    >
      {WEEKDAYS.map((dayName, index) => {
        const weekday = index + 1;
        const dayRows = rows.filter((row) => row.weekday === weekday);
        return (
          <fieldset key={weekday} className="rounded-lg border border-slate-300 p-4">
            <legend className="px-1 font-medium text-slate-900">{dayName}</legend>
            {dayRows.length === 0 ? (
              <p className="text-sm text-slate-700">Not working.</p>
            ) : (
              <ul className="space-y-3">
                {dayRows.map((row, position) => {
                  const label = `${dayName}, hours ${position + 1}`;
                  return (
                    <li key={row.key}>
                      <div role="group" aria-label={label} className="flex flex-wrap items-end gap-3">
                        <TextField
                          id={`${id}-${row.key}-start`}
                          label="From"
                          type="time"
                          step={300}
                          required
                          value={row.start}
                          error={rowErrors.get(row.key)}
                          onChange={(event) => update(row.key, { start: event.target.value })}
                        />
                        <TextField
                          id={`${id}-${row.key}-end`}
                          label="Until"
                          type="time"
                          step={300}
                          required
                          value={row.end}
                          onChange={(event) => update(row.key, { end: event.target.value })}
                        />
                        <button
                          type="button"
                          onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
                          className={secondaryButtonClassName}
                        >
                          Remove<span className="sr-only"> {label}</span>
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
            <button
              type="button"
              onClick={() => {
                setRows((current) => [...current, { key: nextKey, weekday, start: "09:00", end: "12:00" }]);
                setNextKey(nextKey + 1);
              }}
              className={`${secondaryButtonClassName} mt-3`}
            >
              Add hours<span className="sr-only"> on {dayName}</span>
            </button>
          </fieldset>
        );
      })}
      {outcome && (
        <div key={outcome.attempt}>
          <FormAlert tone={outcome.tone}>{outcome.message}</FormAlert>
        </div>
      )}
      <button type="submit" disabled={saving} className={`${primaryActionClassName} disabled:opacity-70`}>
        {saving ? "Saving…" : "Save weekly hours"}
      </button>
    </form>
  );
}
