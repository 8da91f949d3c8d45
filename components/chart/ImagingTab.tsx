"use client";

import { useId, useState } from "react";
import type { ImagingStudiesView, ImagingStudyView } from "@/lib/imaging/types";
import { patientApiPath, useChartResource } from "./chartApi";
import { Empty, LoadFailed, Loading } from "./ChartStates";
import { formatCalendarDate } from "./format";
import { StudyUpload } from "./StudyUpload";
import { StudyViewerPanel } from "./StudyViewerPanel";
import { ImportedImagingStudies } from "./ImportedImagingStudies";
import { secondaryButtonClassName, sectionHeadingClassName } from "./styles";

/** What a study is, in one line: "CT · CHEST · Nov 24, 2026 · 100 images". */
function studyFacts(study: ImagingStudyView): string {
  return [
    study.modalities.join(", "),
    study.bodyPart,
    study.date ? formatCalendarDate(study.date) : null,
    `${study.imageCount} ${study.imageCount === 1 ? "image" : "images"}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

const titleOf = (study: ImagingStudyView) => study.description ?? study.report?.title ?? "Imaging study";
/** The study named so two of the same kind are told apart: "CT chest without contrast, 2026-11-24". */
const nameOf = (study: ImagingStudyView) => `${titleOf(study)}, ${study.date ?? "undated"}`;

/**
 * The patient's imaging studies from the clinic's DICOM archive, newest first,
 * with their series and reports; a study opens in the viewer, beside its
 * previous one when compared; a physician uploads a study below the list.
 */
export function ImagingTab({ patientId }: { patientId: string }) {
  const headingId = useId();
  const studies = useChartResource<ImagingStudiesView>(patientApiPath(patientId, "imaging/studies"));
  const [open, setOpen] = useState<{ studyUid: string; compareUid: string | null } | null>(null);
  const list = studies.data?.configured ? studies.data.studies : [];
  const byUid = (uid: string | null) => list.find((study) => study.studyInstanceUid === uid);

  return (
    <div className="space-y-4">
      <section aria-labelledby={headingId} className="space-y-3">
        <h3 id={headingId} className={sectionHeadingClassName}>
          Imaging studies
        </h3>
        {studies.loading && <Loading>Loading imaging studies…</Loading>}
        {studies.error && <LoadFailed what="the imaging studies" error={studies.error} onRetry={studies.reload} />}
        {studies.data && !studies.data.configured && (
          <div className="space-y-1 text-sm text-slate-900">
            <p className="font-medium">Imaging is not configured: this clinic has no image archive connected.</p>
            <p>
              To set one up: <code className="rounded bg-slate-100 px-1">{studies.data.setup}</code>
            </p>
          </div>
        )}
        {studies.data?.configured && list.length === 0 && <Empty>No imaging studies.</Empty>}
        {list.length > 0 && (
          <ul className="space-y-3">
            {list.map((study) => {
              const previous = byUid(study.previousStudyUid);
              return (
                <li key={study.studyInstanceUid}>
                  <article aria-label={nameOf(study)} className="space-y-2 rounded-md border border-slate-200 p-3">
                    <h4 className="font-medium text-slate-900">{titleOf(study)}</h4>
                    <p className="text-sm text-slate-700">{studyFacts(study)}</p>
                    <ul aria-label="Series" className="text-sm text-slate-700">
                      {study.series.map((series) => (
                        <li key={series.seriesInstanceUid}>
                          Series {series.number ?? "?"}: {series.description ?? series.modality ?? "unnamed"} ({series.imageCount}{" "}
                          {series.imageCount === 1 ? "image" : "images"})
                        </li>
                      ))}
                    </ul>
                    {study.report ? (
                      <details className="text-sm text-slate-900">
                        <summary className="cursor-pointer font-medium">Report: {study.report.title}</summary>
                        <div className="mt-1 space-y-1">
                          <p>
                            <span className="font-medium">Findings:</span> {study.report.findings}
                          </p>
                          <p>
                            <span className="font-medium">Impression:</span> {study.report.impression}
                          </p>
                          <p className="text-slate-700">{study.report.radiologist}</p>
                        </div>
                      </details>
                    ) : (
                      <p className="text-sm text-slate-700">No report yet.</p>
                    )}
                    <div className="flex flex-wrap gap-2">
                      <button
                        type="button"
                        aria-label={`Open images: ${nameOf(study)}`}
                        className={secondaryButtonClassName}
                        onClick={() => setOpen({ studyUid: study.studyInstanceUid, compareUid: null })}
                      >
                        Open images
                      </button>
                      {previous && (
                        <button
                          type="button"
                          className={secondaryButtonClassName}
                          onClick={() => setOpen({ studyUid: study.studyInstanceUid, compareUid: previous.studyInstanceUid })}
                        >
                          Compare with previous ({previous.date ? formatCalendarDate(previous.date) : "undated"})
                        </button>
                      )}
                    </div>
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <ImportedImagingStudies patientId={patientId} />
      {studies.data?.configured && <StudyUpload patientId={patientId} onUploaded={studies.reload} />}
      {open && (
        <StudyViewerPanel
          label="Image viewer"
          patientId={patientId}
          studies={[byUid(open.studyUid), byUid(open.compareUid)].filter((study) => study !== undefined)}
          nameOf={nameOf}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
