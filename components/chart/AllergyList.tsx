import { useId } from "react";
import { patientApiPath } from "./chartApi";
import { formatChartDate, SEVERITY_TEXT } from "./format";
import { WarningIcon } from "./icons";
import { OutsideRecordSource } from "./OutsideRecordSource";
import { ResolveButton } from "./ResolveButton";
import { sectionHeadingClassName } from "./styles";
import type { ChartSummaryJson } from "./types";

type Allergy = ChartSummaryJson["allergies"][number];

/** Where the list offers "Resolve" on the clinic's own allergies (the physician's chart beside a visit). */
export interface ChartEditing {
  patientId: string;
  timeZone: string;
  onChanged: () => void;
}

/**
 * The patient's allergies, the most severe first (as the server sorts them).
 * Severity is always written out; severe and life-threatening ones also carry
 * a warning icon and a bold label, so they stand out without relying on colour.
 * With none, an attested "no known allergies" says who attested it and when.
 */
export function AllergyList({
  allergies,
  noKnownAllergies = null,
  editing,
}: {
  allergies: Allergy[];
  noKnownAllergies?: ChartSummaryJson["noKnownAllergies"];
  editing?: ChartEditing;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Allergies
      </h3>
      {allergies.length === 0 ? (
        <p className="text-sm text-slate-700">
          {noKnownAllergies
            ? `No known allergies (attested by ${noKnownAllergies.attestedByName ?? "a physician"}${editing ? ` on ${formatChartDate(noKnownAllergies.attestedAt, editing.timeZone)}` : ""}).`
            : "No allergies recorded."}
        </p>
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
              {editing && !allergy.source && (
                <ResolveButton
                  what={`allergy to ${allergy.substance}`}
                  path={patientApiPath(editing.patientId, `chart/allergies/${encodeURIComponent(allergy.id)}`)}
                  method="PATCH"
                  body={{ change: { action: "resolve" } }}
                  onResolved={editing.onChanged}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
