import { useId } from "react";
import { SEVERITY_TEXT } from "./format";
import { WarningIcon } from "./icons";
import { OutsideRecordSource } from "./OutsideRecordSource";
import { sectionHeadingClassName } from "./styles";
import type { ChartSummaryJson } from "./types";

type Allergy = ChartSummaryJson["allergies"][number];

/**
 * The patient's allergies, the most severe first (as the server sorts them).
 * Severity is always written out; severe and life-threatening ones also carry
 * a warning icon and a bold label, so they stand out without relying on colour.
 */
export function AllergyList({ allergies }: { allergies: Allergy[] }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Allergies
      </h3>
      {allergies.length === 0 ? (
        <p className="text-sm text-slate-700">No known allergies recorded.</p>
      ) : (
        <ul className="space-y-2">
          {allergies.map((allergy) => (
            <li
              key={allergy.id}
              className={
                allergy.highlighted
                  ? "rounded-md border-2 border-red-700 bg-red-50 p-2 text-sm text-slate-900"
                  : "rounded-md border border-slate-200 p-2 text-sm text-slate-900"
              }
            >
              {allergy.highlighted && (
                <p className="mb-1 flex items-center gap-1.5 font-bold text-red-800 uppercase">
                  <WarningIcon />
                  {SEVERITY_TEXT[allergy.severity]} allergy
                </p>
              )}
              <p>
                <span className="font-semibold">{allergy.substance}</span>
                {allergy.drugClass && <span className="text-slate-700"> ({allergy.drugClass})</span>}
              </p>
              <p>
                Reaction: {allergy.reaction}. Severity: <span className={allergy.highlighted ? "font-bold" : undefined}>{SEVERITY_TEXT[allergy.severity]}</span>
              </p>
              {allergy.source && <OutsideRecordSource source={allergy.source} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
