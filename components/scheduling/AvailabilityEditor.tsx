import type { PhysicianAvailability, VisitTypeEntry } from "@/lib/scheduling/availability";
import { zoneName } from "@/lib/scheduling/time-format";
import { DateChanges } from "./DateChanges";
import { OfferedVisitTypesForm } from "./OfferedVisitTypesForm";
import { WeeklyHoursForm } from "./WeeklyHoursForm";
import { panelClassName } from "./styles";

/**
 * One physician's working hours: the weekly pattern and the dates that differ.
 * Hours are wall-clock times in the physician's own zone, named here, because
 * the same 9:00 means another instant for a scheduler elsewhere. With
 * `visitTypes` (the desk's page), also which of them the physician offers.
 */
export function AvailabilityEditor({
  physicianName,
  availability,
  visitTypes,
}: {
  physicianName: string;
  availability: PhysicianAvailability;
  visitTypes?: VisitTypeEntry[];
}) {
  const zone = `${zoneName(new Date(), availability.timeZone)} (${availability.timeZone.replaceAll("_", " ")})`;
  return (
    <div className="space-y-8">
      <p className="text-slate-700">
        {physicianName}&apos;s hours, in {zone}.
      </p>
      <section aria-labelledby="weekly-hours" className={`${panelClassName} space-y-4`}>
        <h2 id="weekly-hours" className="text-lg font-semibold text-slate-900">
          Weekly hours
        </h2>
        <WeeklyHoursForm physicianId={availability.physicianId} windows={availability.windows} />
      </section>
      <section aria-labelledby="date-changes" className={`${panelClassName} space-y-4`}>
        <h2 id="date-changes" className="text-lg font-semibold text-slate-900">
          Days off and other changes
        </h2>
        <DateChanges physicianId={availability.physicianId} overrides={availability.overrides} />
      </section>
      {visitTypes && (
        <section aria-labelledby="visit-types-offered" className={`${panelClassName} space-y-4`}>
          <h2 id="visit-types-offered" className="text-lg font-semibold text-slate-900">
            Visit types offered
          </h2>
          <OfferedVisitTypesForm physicianId={availability.physicianId} visitTypes={visitTypes} offeredIds={availability.offeredVisitTypeIds} />
        </section>
      )}
    </div>
  );
}
