"use client";

import { useId, useState } from "react";
import type { ImagingStudyView, ImportedImagingStudyView } from "@/lib/imaging/types";
import { patientApiPath, useChartResource } from "./chartApi";
import { LoadFailed, Loading } from "./ChartStates";
import { formatCalendarDate } from "./format";
import { StudyViewerPanel } from "./StudyViewerPanel";
import { secondaryButtonClassName, sectionHeadingClassName } from "./styles";


const titleOf = (study: ImportedImagingStudyView) => study.description ?? "Imaging study";
const nameOf = (study: ImportedImagingStudyView) => `${titleOf(study)}, ${study.date ?? "undated"}, from ${study.source}`;

/** What the viewer needs of a study; an imported one's series are read when it opens. */
const viewerStudy = (study: ImportedImagingStudyView): ImagingStudyView => ({
  studyInstanceUid: study.studyInstanceUid,
  date: study.date,
  modalities: study.modality ? [study.modality] : [],
  bodyPart: null,
  description: study.description,
  imageCount: 0,
  series: [],
  report: null,
  previousStudyUid: null,
});

/**
 * Imaging studies imported from outside sources, each "from <source>"; one
 * whose source does not answer says so on its row and does not open. Nothing
 * is shown when the patient has none.
 */
export function ImportedImagingStudies({ patientId }: { patientId: string }) {
  const headingId = useId();
  const studies = useChartResource<ImportedImagingStudyView[]>(patientApiPath(patientId, "imaging/imported"));
  const [open, setOpen] = useState<ImportedImagingStudyView | null>(null);
  if (studies.loading) return <Loading>Loading imported imaging studies…</Loading>;
  if (studies.error) return <LoadFailed what="the imported imaging studies" error={studies.error} onRetry={studies.reload} />;
  if (!studies.data || studies.data.length === 0) return null;

  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Imported imaging studies
      </h3>
      <ul className="space-y-3">
        {studies.data.map((study) => (
          <li key={study.studyInstanceUid}>
            <article aria-label={nameOf(study)} className="space-y-2 rounded-md border border-slate-200 p-3">
              <h4 className="font-medium text-slate-900">{titleOf(study)}</h4>
              <p className="text-sm text-slate-700">
                {[study.modality, study.date ? formatCalendarDate(study.date) : null, `from ${study.source}`].filter(Boolean).join(" · ")}
              </p>
              {study.available ? (
                <button type="button" aria-label={`Open images: ${nameOf(study)}`} className={secondaryButtonClassName} onClick={() => setOpen(study)}>
                  Open images
                </button>
              ) : (
                <p className="text-sm font-medium text-amber-800">Source unavailable: {study.source} did not answer for this study.</p>
              )}
            </article>
          </li>
        ))}
      </ul>
      {open && <StudyViewerPanel label="Imported image viewer" patientId={patientId} studies={[viewerStudy(open)]} nameOf={() => nameOf(open)} onClose={() => setOpen(null)} />}
    </section>
  );
}
