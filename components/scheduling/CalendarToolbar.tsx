"use client";

import type { VisitTypeEntry } from "@/lib/scheduling/availability";
import type { PhysicianDirectoryEntry } from "@/lib/scheduling/directory";
import { SelectField } from "@/components/SelectField";
import { TextField } from "@/components/TextField";
import { isIsoDate } from "@/lib/scheduling/zoned-time";
import { secondaryButtonClassName } from "./styles";

export type CalendarView = "week" | "day";

export interface CalendarSettings {
  view: CalendarView;
  timeZone: string;
  /** Whose columns are shown. */
  physicianIds: string[];
  visitTypeId: string;
}

/** Where the calendar is and what it shows: paging, day or week, zone, which physicians and the visit type free times are for. */
export function CalendarToolbar({
  settings,
  onChange,
  onPage,
  date,
  onDate,
  physicians,
  visitTypes,
  timeZones,
}: {
  settings: CalendarSettings;
  onChange: (change: Partial<CalendarSettings>) => void;
  /** -1 back, 0 today, +1 forward, by the view's length. */
  onPage: (step: -1 | 0 | 1) => void;
  /** The day shown (in the week view, a day of the week shown), YYYY-MM-DD. */
  date: string;
  onDate: (date: string) => void;
  physicians: PhysicianDirectoryEntry[];
  visitTypes: VisitTypeEntry[];
  timeZones: string[];
}) {
  const unit = settings.view === "week" ? "week" : "day";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="group" aria-label={`Move by ${unit}`} className="flex flex-wrap gap-2">
          <button type="button" onClick={() => onPage(-1)} className={secondaryButtonClassName}>
            Previous {unit}
          </button>
          <button type="button" onClick={() => onPage(0)} className={secondaryButtonClassName}>
            Today
          </button>
          <button type="button" onClick={() => onPage(1)} className={secondaryButtonClassName}>
            Next {unit}
          </button>
        </div>
        <div role="group" aria-label="View" className="flex gap-2">
          {(["day", "week"] as const).map((view) => (
            <button
              key={view}
              type="button"
              aria-pressed={settings.view === view}
              onClick={() => onChange({ view })}
              className={`${secondaryButtonClassName} aria-pressed:border-primary-700 aria-pressed:bg-primary-700 aria-pressed:text-white`}
            >
              {view === "day" ? "Day" : "Week"}
            </button>
          ))}
        </div>
      </div>
      <fieldset className="space-y-2">
        <legend className="font-medium text-slate-900">Physicians shown</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {physicians.map((physician) => (
            <label key={physician.id} className="inline-flex items-center gap-2 text-slate-900">
              <input
                type="checkbox"
                checked={settings.physicianIds.includes(physician.id)}
                onChange={(event) =>
                  onChange({
                    physicianIds: event.target.checked
                      ? physicians.map((entry) => entry.id).filter((id) => id === physician.id || settings.physicianIds.includes(id))
                      : settings.physicianIds.filter((id) => id !== physician.id),
                  })
                }
                className="size-4 accent-primary-700"
              />
              {physician.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id="calendar-date"
          label="Go to date"
          type="date"
          value={date}
          onChange={(event) => {
            if (isIsoDate(event.target.value)) onDate(event.target.value);
          }}
        />
        <SelectField id="calendar-visit-type" label="Free times for" value={settings.visitTypeId} onChange={(event) => onChange({ visitTypeId: event.target.value })}>
          {visitTypes.map((visitType) => (
            <option key={visitType.id} value={visitType.id}>
              {visitType.name} ({visitType.durationMinutes} min)
            </option>
          ))}
        </SelectField>
        <SelectField id="calendar-time-zone" label="Time zone" value={settings.timeZone} onChange={(event) => onChange({ timeZone: event.target.value })}>
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </SelectField>
      </div>
    </div>
  );
}
