"use client";

import { useId, useRef, useState, type DragEvent } from "react";
import { callApi, refusalCode } from "@/lib/client/api";
import { IMAGING_UPLOAD_LIMITS } from "@/lib/imaging/types";
import { patientApiPath, withParam } from "./chartApi";
import { hintClassName, primaryButtonClassName, secondaryButtonClassName, sectionHeadingClassName } from "./styles";

interface UploadAnswer {
  upload: { studyInstanceUids: string[]; fileCount: number; refiledCount: number };
}

type State =
  | { kind: "idle" }
  | { kind: "uploading"; count: number }
  | { kind: "stored"; upload: UploadAnswer["upload"] }
  | { kind: "refused"; error: string; files: File[]; confirmFor: string | null };

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * Uploads a study into the patient's chart: DICOM files or a zip, dropped on
 * the area or chosen with the button. The server checks every file and stores
 * all or none; a refusal names the file. Files filed under another patient ID
 * (or none) are stored only once the physician confirms they are this
 * patient's, and then under this chart's ID and name.
 */
export function StudyUpload({ patientId, onUploaded }: { patientId: string; onUploaded: () => void }) {
  const headingId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  const [confirmed, setConfirmed] = useState(false);

  async function upload(files: File[], confirmPatient: boolean) {
    if (files.length === 0) return;
    setState({ kind: "uploading", count: files.length });
    setConfirmed(false);
    const form = new FormData();
    for (const file of files) form.append("files", file);
    const path = patientApiPath(patientId, "imaging/studies");
    const result = await callApi<UploadAnswer>(confirmPatient ? withParam(path, "confirmPatient", "true") : path, { method: "POST", body: form });
    if (result.ok) {
      setState({ kind: "stored", upload: result.data.upload });
      onUploaded();
      return;
    }
    const confirmFor = refusalCode(result) === "PATIENT_MISMATCH" && typeof result.body.patientName === "string" ? result.body.patientName : null;
    setState({ kind: "refused", error: result.error, files, confirmFor });
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files], false);
  }

  const busy = state.kind === "uploading";
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Upload a study
      </h3>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        className={`space-y-2 rounded-md border-2 border-dashed p-3 text-sm text-slate-900 ${dragging ? "border-primary-700 bg-slate-50" : "border-slate-300"}`}
      >
        <p>Drop DICOM files or a .zip of them here, or</p>
        <button type="button" className={secondaryButtonClassName} disabled={busy} aria-describedby={hintId} onClick={() => input.current?.click()}>
          Choose files
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept=".dcm,.zip,application/dicom,application/zip"
          aria-label="DICOM files or a zip"
          tabIndex={-1}
          className="sr-only"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = "";
            void upload(files, false);
          }}
        />
        <p id={hintId} className={hintClassName}>
          Every file must be DICOM and filed under this patient; up to {megabytes(IMAGING_UPLOAD_LIMITS.fileBytes)} a file and{" "}
          {megabytes(IMAGING_UPLOAD_LIMITS.uploadBytes)} in all (a zip counts unpacked). One bad file and nothing is stored.
        </p>
      </div>
      <div role="status" className="text-sm text-slate-900">
        {state.kind === "uploading" && `Uploading ${plural(state.count, "file", "files")}…`}
        {state.kind === "stored" &&
          `Stored ${plural(state.upload.fileCount, "file", "files")} in ${plural(state.upload.studyInstanceUids.length, "study", "studies")}.` +
            (state.upload.refiledCount > 0 ? ` Patient ID and name were replaced with this chart's on ${plural(state.upload.refiledCount, "file", "files")}.` : "")}
      </div>
      {state.kind === "refused" && (
        <div className="space-y-2">
          <p role="alert" className="text-sm font-medium text-red-800">
            {state.error}
          </p>
          {state.confirmFor && (
            <div className="space-y-2 text-sm text-slate-900">
              <label className="flex items-start gap-2">
                <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} className="mt-1" />
                <span>
                  These images belong to {state.confirmFor}. Store them under this chart: their patient ID and name are replaced with this chart&apos;s.
                </span>
              </label>
              <button type="button" className={primaryButtonClassName} disabled={!confirmed} onClick={() => void upload(state.files, true)}>
                Upload as {state.confirmFor}&apos;s images
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
