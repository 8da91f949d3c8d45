import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { DicomNotDicomError, ImagingPatientMismatchError } from "@/lib/imaging/errors";
import type { ImagingStudiesView, ImagingStudyView } from "@/lib/imaging/types";
import { ImagingTab } from "./ImagingTab";

// Uploading a study from the Imaging tab: files chosen with the keyboard or
// dropped are sent as a form; a refusal is said with the file's name and the
// list stays as it was; another patient ID is stored only once the physician
// ticks "these images belong to <patient>"; after a stored upload the list
// shows the new study.

const PATIENT = "pat-1";
const BASE = `/api/patients/${PATIENT}/imaging/studies`;
const study = (uid: string, description: string, date: string): ImagingStudyView => ({
  studyInstanceUid: uid,
  date,
  modalities: ["DX"],
  bodyPart: "CHEST",
  description,
  imageCount: 1,
  series: [],
  report: null,
  previousStudyUid: null,
});
const existing = study("2.25.1", "XR chest 2 views", "2026-11-01");
const uploaded = study("2.25.2", "Outside knee MRI", "2026-12-01");
const dicom = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: "application/dicom" });

let server: FakeServer;
let studies: ImagingStudyView[];
beforeEach(() => {
  server = fakeServer();
  studies = [existing];
  server.answer("GET", BASE, () => json<ImagingStudiesView>({ configured: true, studies }));
  server.answer("GET", `/api/patients/${PATIENT}/imaging/imported`, () => json([]));
});

const sentFiles = (index: number) => (server.sent("POST", index === 0 ? BASE : `${BASE}?confirmPatient=true`).at(-1)!.body as FormData).getAll("files").map((file) => (file as File).name);

describe("StudyUpload", () => {
  it("sends the chosen files, says a refusal naming the file with the list unchanged, and shows the new study once one is stored", async () => {
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    await screen.findByRole("article", { name: /^XR chest 2 views/ });
    server.answer("POST", BASE, () => refusal(new DicomNotDicomError("notes.txt")));
    await user.upload(screen.getByLabelText("DICOM files or a zip"), [dicom("a.dcm"), dicom("notes.txt")]);
    expect(await screen.findByRole("alert")).toHaveTextContent('"notes.txt" is not a DICOM file. Nothing was stored.');
    expect(sentFiles(0)).toEqual(["a.dcm", "notes.txt"]);
    expect(screen.getAllByRole("article")).toHaveLength(1);

    server.answer("POST", BASE, () => json({ upload: { studyInstanceUids: [uploaded.studyInstanceUid], fileCount: 1, refiledCount: 0 } }, 201));
    studies = [uploaded, existing];
    await user.upload(screen.getByLabelText("DICOM files or a zip"), [dicom("knee.dcm")]);
    expect(await screen.findByRole("status")).toHaveTextContent("Stored 1 file in 1 study.");
    expect(await screen.findByRole("article", { name: /^Outside knee MRI/ })).toBeVisible();
    expect(screen.getAllByRole("article").map((article) => article.getAttribute("aria-label"))).toEqual(["Outside knee MRI, 2026-12-01", "XR chest 2 views, 2026-11-01"]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("stores another patient ID's files only after the physician confirms they are this patient's", async () => {
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    await screen.findByRole("article");
    server.answer("POST", BASE, () => refusal(new ImagingPatientMismatchError("outside.dcm", "Alex Rivera")));
    server.answer("POST", `${BASE}?confirmPatient=true`, () => json({ upload: { studyInstanceUids: ["2.25.3"], fileCount: 1, refiledCount: 1 } }, 201));
    fireEvent.drop(screen.getByText(/Drop DICOM files/).parentElement!, { dataTransfer: { files: [dicom("outside.dcm")] } });
    expect(await screen.findByRole("alert")).toHaveTextContent('"outside.dcm" is not filed under this chart\'s MRN.');
    const upload = screen.getByRole("button", { name: "Upload as Alex Rivera's images" });
    expect(upload).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: /^These images belong to Alex Rivera\./ }));
    await user.click(upload);
    expect(await screen.findByRole("status")).toHaveTextContent("Stored 1 file in 1 study. Patient ID and name were replaced with this chart's on 1 file.");
    expect(sentFiles(1)).toEqual(["outside.dcm"]);
  });

  it("opens the file chooser from a keyboard-reachable button", async () => {
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    await screen.findByRole("article");
    const input = screen.getByLabelText<HTMLInputElement>("DICOM files or a zip");
    let opened = 0;
    input.addEventListener("click", () => opened++);
    screen.getByRole("button", { name: "Choose files" }).focus();
    await user.keyboard("{Enter}");
    expect(opened).toBe(1);
  });
});
