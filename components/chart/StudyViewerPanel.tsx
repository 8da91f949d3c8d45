"use client";

import { lazy, Suspense } from "react";
import type { ImagingStudyView } from "@/lib/imaging/types";
import { Loading } from "./ChartStates";
import { secondaryButtonClassName } from "./styles";

// The viewer is fetched only when a study is opened, so the visit page's first load does not carry it.
const StudyViewer = lazy(() => import("./StudyViewer").then((module) => ({ default: module.StudyViewer })));

/** The opened studies (one, or two side by side to compare) under a "Close viewer" button, in a region named `label`. */
export function StudyViewerPanel({
  label,
  patientId,
  studies,
  nameOf,
  onClose,
}: {
  label: string;
  patientId: string;
  studies: ImagingStudyView[];
  nameOf: (study: ImagingStudyView) => string;
  onClose: () => void;
}) {
  return (
    <section aria-label={label} className="space-y-2">
      <button type="button" className={secondaryButtonClassName} onClick={onClose}>
        Close viewer
      </button>
      <Suspense fallback={<Loading>Loading the viewer…</Loading>}>
        <div className={studies.length > 1 ? "grid grid-cols-2 gap-2" : ""}>
          {studies.map((study) => (
            <StudyViewer key={study.studyInstanceUid} patientId={patientId} study={study} label={nameOf(study)} />
          ))}
        </div>
      </Suspense>
    </section>
  );
}
