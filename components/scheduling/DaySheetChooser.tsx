import { secondaryActionClassName } from "@/components/actionStyles";
import { TextField } from "@/components/TextField";
import type { PhysicianDirectoryEntry } from "@/lib/scheduling/directory";

/** Which day and physicians the day sheet shows: a GET form, so the sheet's address says what it holds. */
export function DaySheetChooser({ physicians, date, chosen }: { physicians: PhysicianDirectoryEntry[]; date: string | undefined; chosen: string[] }) {
  return (
    <form method="get" action="/scheduler/day-sheet" className="flex flex-wrap items-end gap-4">
      <TextField id="day-sheet-date" label="Day" type="date" name="date" defaultValue={date} />
      <fieldset className="space-y-1.5">
        <legend className="font-medium text-slate-900">Physicians (none chosen: all)</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {physicians.map((physician) => (
            <label key={physician.id} className="flex min-h-11 items-center gap-2 text-slate-900">
              <input
                type="checkbox"
                name="physicianIds"
                value={physician.id}
                defaultChecked={chosen.includes(physician.id)}
                className="size-4 accent-primary-700"
              />
              {physician.name}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className={secondaryActionClassName}>
        Show day sheet
      </button>
    </form>
  );
}
