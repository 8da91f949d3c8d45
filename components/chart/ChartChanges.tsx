"use client";

import { useId } from "react";
import type { ChartRevisionView } from "@/lib/chart/chart-edits";
import { patientApiPath, useChartResource } from "./chartApi";
import { Empty, LoadFailed, Loading } from "./ChartStates";
import { formatChartDateTime } from "./format";
import { sectionHeadingClassName } from "./styles";
import type { Json } from "./types";

type Revision = Json<ChartRevisionView>;

const FIELD_TEXT: Record<string, string> = {
  substance: "Substance",
  reaction: "Reaction",
  severity: "Severity",
  resolvedAt: "Resolved",
  icd10Code: "ICD-10-CM",
  description: "Diagnosis",
  status: "Status",
  onsetDate: "Onset",
  resolvedDate: "Resolved on",
  vital: "Vital sign",
  value: "Value",
  unit: "Unit",
  measuredAt: "Measured",
  source: "Source",
  attestedAt: "Attested",
  attestedBy: "Attested by",
};

/** A value as the row shows it: instants (the fields ending in "At") in the physician's zone. */
function shown(field: string, value: string | number | null, timeZone: string): string {
  if (value === null) return "none";
  return field.endsWith("At") && typeof value === "string" ? formatChartDateTime(value, timeZone) : String(value);
}

/** "Chart changes": every edit of allergies, problems and vitals, newest first, with who, when and each field before → after. */
export function ChartChanges({ patientId, timeZone, refreshKey }: { patientId: string; timeZone: string; refreshKey: number }) {
  const headingId = useId();
  const revisions = useChartResource<{ revisions: Revision[] }>(patientApiPath(patientId, "chart/revisions"), refreshKey);
  const items = revisions.data?.revisions ?? [];
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Chart changes
      </h3>
      {revisions.data === null && !revisions.error && <Loading>Loading chart changes…</Loading>}
      {revisions.error && <LoadFailed what="chart changes" error={revisions.error} onRetry={revisions.reload} />}
      {revisions.data !== null && items.length === 0 && <Empty>No changes to the chart yet.</Empty>}
      {items.length > 0 && (
        <ul className="space-y-2">
          {items.map((revision) => (
            <li key={revision.id} className="rounded-md border border-slate-200 p-2 text-sm text-slate-900">
              <p>
                <span className="font-semibold">{revision.subject}</span> {revision.action} by {revision.actorName},{" "}
                {formatChartDateTime(revision.at, timeZone)}
              </p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
                {revision.changes.map((change) => (
                  <div key={change.field} className="contents">
                    <dt className="text-slate-700">{FIELD_TEXT[change.field] ?? change.field}</dt>
                    <dd>
                      {revision.action === "added" && change.before === null ? (
                        shown(change.field, change.after, timeZone)
                      ) : (
                        <>
                          <span className="sr-only">was </span>
                          {shown(change.field, change.before, timeZone)} <span aria-hidden="true">→</span>
                          <span className="sr-only">, now</span> {shown(change.field, change.after, timeZone)}
                        </>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
