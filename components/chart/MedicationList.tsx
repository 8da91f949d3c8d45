import { useId } from "react";
import { formatCalendarDate } from "./format";
import { OutsideRecordSource } from "./OutsideRecordSource";
import { sectionHeadingClassName } from "./styles";
import type { ChartSummaryJson } from "./types";

/** The medications the patient takes now, by name, with how and since when. */
export function MedicationList({ medications }: { medications: ChartSummaryJson["medications"] }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Active medications
      </h3>
      {medications.length === 0 ? (
        <p className="text-sm text-slate-700">No active medications recorded.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm text-slate-900">
          {medications.map((medication) => (
            <li key={medication.id} className="py-1.5">
              <span className="font-medium">{medication.name}</span>
              <span className="block text-slate-700">
                {[medication.dose, medication.route, medication.frequency].filter(Boolean).join(", ")}; since {formatCalendarDate(medication.startedOn)}
              </span>
              {medication.source && <OutsideRecordSource source={medication.source} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
