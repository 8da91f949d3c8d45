"use client";

import { useId } from "react";
import { AddAllergyForm } from "./AddAllergyForm";
import { AddProblemForm } from "./AddProblemForm";
import { AllergyList } from "./AllergyList";
import { CareGapRecommendations } from "./CareGapRecommendations";
import { patientApiPath, useChartResource } from "./chartApi";
import { LoadFailed, Loading } from "./ChartStates";
import { formatCalendarDate, SEX_TEXT } from "./format";
import { LatestVitals } from "./LatestVitals";
import { MedicationList } from "./MedicationList";
import { ProblemList } from "./ProblemList";
import { RecordVitalForm } from "./RecordVitalForm";
import { sectionHeadingClassName } from "./styles";
import type { ChartSummaryJson } from "./types";

/**
 * Who the patient is, their allergies, active problems and medications,
 * latest vitals and open care gaps; `initialSummary` when the server rendered
 * it with the page. Under each list, the physician adds to it (and resolves the
 * clinic's own rows); `onChartChanged` then reloads the summary and the History tab.
 */
export function SummaryTab({
  patientId,
  appointmentId,
  timeZone,
  refreshKey,
  initialSummary,
  onChartChanged,
}: {
  patientId: string;
  /** The visit the chart is open beside: its physician decides on the care gaps there. */
  appointmentId?: string;
  timeZone: string;
  refreshKey: number;
  initialSummary?: ChartSummaryJson;
  onChartChanged: () => void;
}) {
  const summary = useChartResource<ChartSummaryJson>(patientApiPath(patientId, "chart/summary"), refreshKey, initialSummary);
  if (summary.data === null) {
    return summary.error ? (
      <LoadFailed what="the chart summary" error={summary.error} onRetry={summary.reload} />
    ) : (
      <Loading>Loading the chart summary…</Loading>
    );
  }
  const { patient, allergies, noKnownAllergies, problems, medications, vitals, careGaps } = summary.data;
  const editing = { patientId, timeZone, onChanged: onChartChanged };
  return (
    <div className="space-y-5">
      {summary.error && <LoadFailed what="the latest chart summary" error={summary.error} onRetry={summary.reload} />}
      <Demographics patient={patient} />
      <AllergyList allergies={allergies} noKnownAllergies={noKnownAllergies} editing={editing} />
      <AddAllergyForm patientId={patientId} canAttest={allergies.length === 0 && noKnownAllergies === null} onChanged={onChartChanged} />
      <ProblemList problems={problems} editing={editing} />
      <AddProblemForm patientId={patientId} onChanged={onChartChanged} />
      <MedicationList medications={medications} />
      <LatestVitals vitals={vitals} timeZone={timeZone} />
      <RecordVitalForm patientId={patientId} onChanged={onChartChanged} />
      <CareGapRecommendations careGaps={careGaps} appointmentId={appointmentId} refreshKey={refreshKey} onDecided={onChartChanged} />
    </div>
  );
}

function Demographics({ patient }: { patient: ChartSummaryJson["patient"] }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-1 text-sm text-slate-900">
      <h3 id={headingId} className={sectionHeadingClassName}>
        {patient.givenName} {patient.familyName}
      </h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-700">Born</dt>
        <dd>
          {formatCalendarDate(patient.dateOfBirth)} ({patient.ageYears} years)
        </dd>
        <dt className="text-slate-700">Sex</dt>
        <dd>{SEX_TEXT[patient.sex]}</dd>
        <dt className="text-slate-700">MRN</dt>
        <dd className="font-mono">{patient.mrn}</dd>
        {patient.phone && (
          <>
            <dt className="text-slate-700">Phone</dt>
            <dd>{patient.phone}</dd>
          </>
        )}
        {patient.email && (
          <>
            <dt className="text-slate-700">Email</dt>
            <dd className="break-all">{patient.email}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
