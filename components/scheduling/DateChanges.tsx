"use client";

import { useId, useState } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { TextField } from "@/components/TextField";
import type { AvailabilityOverrideEntry } from "@/lib/scheduling/availability";
import { callApi, type ApiFailure } from "@/lib/client/api";
import { formatDayLong, formatMinuteOfDay, timeInputToMinute } from "./calendar-format";
import { secondaryButtonClassName } from "./styles";

type Outcome = { tone: "success" | "error"; message: string; attempt: number } | null;

function describe(override: AvailabilityOverrideEntry): string {
  const hours =
    override.isAvailable && override.startMinute !== null && override.endMinute !== null
      ? `Works ${formatMinuteOfDay(override.startMinute)} – ${formatMinuteOfDay(override.endMinute)}`
      : "Day off";
  return override.note ? `${hours} (${override.note})` : hours;
}

/** The first field problem the server named, else its message. */
function problemOf(result: ApiFailure): string {
  const issues = Array.isArray(result.body.issues) ? (result.body.issues as { message: string }[]) : [];
  return issues[0]?.message ?? result.error;
}

/** Days off and one-off hours that replace the weekly hours on a date, with a form to add one. */
export function DateChanges({ physicianId, overrides }: { physicianId: string; overrides: AvailabilityOverrideEntry[] }) {
  const id = useId();
  const [entries, setEntries] = useState(overrides);
  const [kind, setKind] = useState<"off" | "hours">("off");
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const nextAttempt = () => (outcome?.attempt ?? 0) + 1;

  async function add(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "");
    const attempt = nextAttempt();
    setBusy(true);
    const result = await callApi<{ override: AvailabilityOverrideEntry }>(`/api/physicians/${physicianId}/availability/overrides`, {
      method: "POST",
      body: {
        date: text("date"),
        isAvailable: kind === "hours",
        startMinute: kind === "hours" ? timeInputToMinute(text("start")) : null,
        endMinute: kind === "hours" ? timeInputToMinute(text("end")) : null,
        note: text("note").trim() || null,
      },
    });
    setBusy(false);
    if (!result.ok) {
      setOutcome({ tone: "error", message: problemOf(result), attempt });
      return;
    }
    const added = result.data.override;
    // A day off replaces whatever the date had; hours replace a day off there.
    setEntries((current) =>
      [...current.filter((entry) => entry.date !== added.date || (added.isAvailable && entry.isAvailable)), added].sort(
        (a, b) => a.date.localeCompare(b.date) || (a.startMinute ?? 0) - (b.startMinute ?? 0),
      ),
    );
    form.reset();
    setKind("off");
    setOutcome({ tone: "success", message: `Added ${formatDayLong(added.date)}: ${describe(added)}.`, attempt });
  }

  async function remove(entry: AvailabilityOverrideEntry) {
    const attempt = nextAttempt();
    setBusy(true);
    const result = await callApi(`/api/physicians/${physicianId}/availability/overrides/${entry.id}`, { method: "DELETE" });
    setBusy(false);
    if (!result.ok) {
      setOutcome({ tone: "error", message: result.error, attempt });
      return;
    }
    setEntries((current) => current.filter((other) => other.id !== entry.id));
    setOutcome({ tone: "success", message: `Removed the change on ${formatDayLong(entry.date)}; the weekly hours apply again.`, attempt });
  }

  return (
    <div className="space-y-6">
      {entries.length === 0 ? (
        <p className="text-slate-700">No changes from today on.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200">
          {entries.map((entry) => (
            <li key={entry.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <span>
                <span className="font-medium text-slate-900">{formatDayLong(entry.date)}</span>
                <span className="text-slate-700">: {describe(entry)}</span>
              </span>
              <button type="button" disabled={busy} onClick={() => void remove(entry)} className={secondaryButtonClassName}>
                Remove<span className="sr-only"> the change on {formatDayLong(entry.date)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}

      {outcome && (
        <div key={outcome.attempt}>
          <FormAlert tone={outcome.tone}>{outcome.message}</FormAlert>
        </div>
      )}

      <form
        onSubmit={(event) => {
          event.preventDefault();
          void add(event.currentTarget);
        }}
        className="space-y-4 rounded-lg border border-slate-300 p-4"
        aria-labelledby={`${id}-heading`}
      >
        <h3 id={`${id}-heading`} className="font-semibold text-slate-900">
          Add a change
        </h3>
        <TextField id={`${id}-date`} name="date" label="Date" type="date" required />
        <fieldset>
          <legend className="font-medium text-slate-900">That day</legend>
          <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
            {(
              [
                ["off", "Day off"],
                ["hours", "Different hours"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2">
                <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} className="size-4" />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        {kind === "hours" && (
          <div className="flex flex-wrap gap-3">
            <TextField id={`${id}-start`} name="start" label="From" type="time" step={300} required />
            <TextField id={`${id}-end`} name="end" label="Until" type="time" step={300} required />
          </div>
        )}
        <TextField id={`${id}-note`} name="note" label="Note (optional)" maxLength={200} hint="For example: Conference, or Extra Saturday clinic." />
        <button type="submit" disabled={busy} className={`${primaryActionClassName} disabled:opacity-70`}>
          Add change
        </button>
      </form>
    </div>
  );
}
