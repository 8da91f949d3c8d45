import type { PhysicianDirectoryEntry } from "@/lib/scheduling/directory";
import { SelectField } from "@/components/SelectField";
import { secondaryButtonClassName } from "./styles";

/** Picks whose hours to show. A plain GET form, so the choice lives in the address. */
export function PhysicianChooser({ physicians, selectedId }: { physicians: PhysicianDirectoryEntry[]; selectedId: string }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3">
      <SelectField id="physician" name="physician" label="Physician" defaultValue={selectedId}>
        {physicians.map((physician) => (
          <option key={physician.id} value={physician.id}>
            {physician.name} ({physician.specialty})
          </option>
        ))}
      </SelectField>
      <button type="submit" className={`${secondaryButtonClassName} py-2`}>
        Show hours
      </button>
    </form>
  );
}
