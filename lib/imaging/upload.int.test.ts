import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AccessDeniedError } from "@/lib/auth/access";
import type { RequestContext } from "@/lib/auth/access";
import { actorIdOf, auditRowsOf, createChartFixture, daysAgo, type ChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import type { AppError } from "@/lib/http/app-error";
import { dicomWebArchive, TAGS, textOf, type DicomWebArchive } from "./dicomweb";
import { IMAGING_UPLOAD_LIMITS } from "./types";
import { uploadableXray } from "./testing/upload-files";
import { IMAGING_UPLOADS_AT_ONCE, uploadImagingStudy } from "./upload";

// Uploads into a chart against a real Orthanc (lib/imaging/testing/orthanc-global-setup.ts):
// what is stored is found by QIDO under the chart's MRN; every refusal leaves
// the archive as it was and is audited with its reason's code.

const dicomWeb = inject("dicomWeb");
if ("unavailable" in dicomWeb) throw new Error(dicomWeb.unavailable);
Object.assign(process.env, dicomWeb.env);

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

let chart: ChartFixture;
let archive: DicomWebArchive;
let mrn: string;
let otherMrn: string;
const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as AppError);

/** The multipart/form-data body the upload control sends. */
async function formOf(files: Record<string, Uint8Array>) {
  const form = new FormData();
  for (const [name, bytes] of Object.entries(files)) form.append("files", new File([bytes as Uint8Array<ArrayBuffer>], name));
  const request = new Request("http://clinic.test/", { method: "POST", body: form });
  const bytes = new Uint8Array(await request.arrayBuffer());
  return { contentType: request.headers.get("content-type"), read: async () => bytes };
}

const upload = async (context: RequestContext, files: Record<string, Uint8Array>, options: { patientId?: string; confirmPatient?: string } = {}) =>
  uploadImagingStudy(db, context, { patientId: options.patientId ?? chart.patient.patientId, confirmPatient: options.confirmPatient }, await formOf(files));

const studiesOf = async (patientMrn: string) => (await archive.searchStudies({ PatientID: patientMrn }, [TAGS.StudyDescription, TAGS.PatientID])).filter((study) => textOf(study, TAGS.PatientID) === patientMrn);
const archiveCounts = async () => [(await studiesOf(mrn)).length, (await studiesOf(otherMrn)).length];

beforeAll(async () => {
  archive = dicomWebArchive()!;
  chart = await createChartFixture(db);
  await chart.addAppointment({ at: daysAgo(10) });
  mrn = (await db.patient.findUniqueOrThrow({ where: { id: chart.patient.patientId } })).mrn;
  otherMrn = (await db.patient.findUniqueOrThrow({ where: { id: chart.otherPatient.patientId } })).mrn;
});

describe("uploading a study", () => {
  it("stores the treating physician's DICOM files filed under the chart's MRN, found by QIDO, audited", async () => {
    const result = await upload(chart.physician.context, { "pa.dcm": uploadableXray(mrn, "Uploaded knee") });
    expect(result).toMatchObject({ fileCount: 1, refiledCount: 0 });
    const found = await studiesOf(mrn);
    expect(found.map((study) => textOf(study, TAGS.StudyInstanceUID))).toContain(result.studyInstanceUids[0]);
    expect((await auditRowsOf(db, chart.patient.patientId)).slice(-2).map((row) => [row.action, row.outcome, row.reason])).toEqual([
      ["imaging.write", "ALLOWED", "upload"],
      ["imaging.write", "ALLOWED", "stored 1 files"],
    ]);
  });

  it("refiles another PatientID's images under the chart's MRN and name once the physician confirms they are this patient's, audited", async () => {
    const result = await upload(chart.physician.context, { "outside.dcm": uploadableXray("OUTSIDE-HOSPITAL-7", "Outside CT") }, { confirmPatient: "true" });
    expect(result.refiledCount).toBe(1);
    const [study] = await archive.searchStudies({ StudyInstanceUID: result.studyInstanceUids[0]! }, [TAGS.PatientID, "00100010"]);
    const patient = await db.patient.findUniqueOrThrow({ where: { id: chart.patient.patientId } });
    expect([textOf(study!, TAGS.PatientID), textOf(study!, "00100010")]).toEqual([mrn, `${patient.familyName}^${patient.givenName}`]);
    expect((await auditRowsOf(db, chart.patient.patientId)).at(-1)).toMatchObject({ outcome: "ALLOWED", reason: expect.stringContaining("1 refiled under this chart's MRN and name") });
  });
});

describe("refusals: nothing new in the archive, the attempt audited with its code", () => {
  // A zip of zeros, small on the wire, counted by what it unpacks to.
  const bomb = zipSync({ "huge.dcm": new Uint8Array(IMAGING_UPLOAD_LIMITS.fileBytes + 1) });
  const cases: [string, () => Promise<AppError | null>, number, string][] = [
    ["a non-DICOM file beside a good one", async () => refusalOf(upload(chart.physician.context, { "good.dcm": uploadableXray(mrn, "Good"), "notes.txt": new TextEncoder().encode("not an image ".repeat(20)) })), 415, "NOT_DICOM"],
    ["a truncated file", async () => refusalOf(upload(chart.physician.context, { "cut.dcm": uploadableXray(mrn, "Cut").subarray(0, 5_000) })), 422, "DICOM_TRUNCATED"],
    ["another patient's file without confirmation", async () => refusalOf(upload(chart.physician.context, { "good.dcm": uploadableXray(mrn, "Good"), "theirs.dcm": uploadableXray(otherMrn, "Theirs") })), 409, "PATIENT_MISMATCH"],
    ["a zip unpacking to a file over the size limit", async () => refusalOf(upload(chart.physician.context, { "good.dcm": uploadableXray(mrn, "Good"), "study.zip": bomb })), 413, "UPLOAD_TOO_LARGE"],
  ];
  for (const [what, attempt, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const before = await archiveCounts();
      const refusal = await attempt();
      expect(refusal).toMatchObject({ status, code });
      expect(await archiveCounts()).toEqual(before);
      expect((await auditRowsOf(db, chart.patient.patientId)).at(-1)).toMatchObject({ action: "imaging.write", outcome: "DENIED", actorId: chart.physician.userId, reason: expect.stringContaining(code) });
    });
  }

  it("the refusal of another patient's file names the file and never that patient's MRN", async () => {
    const refusal = await refusalOf(upload(chart.physician.context, { "theirs.dcm": uploadableXray(otherMrn, "Theirs") }));
    expect(refusal?.message).toContain('"theirs.dcm"');
    expect(refusal?.message).not.toContain(otherMrn);
  });

  it("a scheduler, the patient, and a physician on another patient's chart are refused (403), audited, nothing stored", async () => {
    const attempts: [RequestContext, string][] = [
      [chart.scheduler, chart.patient.patientId],
      [chart.patient.context, chart.patient.patientId],
      [chart.physician.context, chart.otherPatient.patientId],
    ];
    for (const [context, patientId] of attempts) {
      const before = await archiveCounts();
      const refusal = await refusalOf(upload(context, { "pa.dcm": uploadableXray(mrn, "Not theirs to upload") }, { patientId }));
      expect(refusal).toBeInstanceOf(AccessDeniedError);
      expect(refusal?.status).toBe(403);
      expect(await archiveCounts()).toEqual(before);
      expect((await auditRowsOf(db, patientId)).at(-1)).toMatchObject({ action: "imaging.write", outcome: "DENIED", actorId: actorIdOf(context) });
    }
  });
});

describe("uploads at once", () => {
  it(`stores ${IMAGING_UPLOADS_AT_ONCE} at a time; one more meanwhile is refused (503, Retry-After, audited) before its body is read, and one after them is stored`, async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const patientId = chart.patient.patientId;
    /** An upload whose body arrives only once the gate opens; `reading` settles when it has asked for it. */
    const heldUpload = async (description: string) => {
      const body = await formOf({ [`${description}.dcm`]: uploadableXray(mrn, description) });
      let reading!: () => void;
      const asked = new Promise<void>((resolve) => (reading = resolve));
      const done = uploadImagingStudy(db, chart.physician.context, { patientId }, { contentType: body.contentType, read: async () => (reading(), await gate, body.read()) });
      await asked;
      // In an object: returned bare, the async function would wait for the upload itself.
      return { upload: done };
    };
    const held = await Promise.all(Array.from({ length: IMAGING_UPLOADS_AT_ONCE }, (_, index) => heldUpload(`Held upload ${index + 1}`)));
    const studiesBefore = await studiesOf(mrn);

    let bodyRead = false;
    const busyBody = await formOf({ "busy.dcm": uploadableXray(mrn, "Busy upload") });
    const busy = await refusalOf(uploadImagingStudy(db, chart.physician.context, { patientId }, { contentType: busyBody.contentType, read: async () => ((bodyRead = true), busyBody.read()) }));
    expect(busy).toMatchObject({ status: 503, code: "IMAGING_UPLOADS_BUSY", message: "Other image uploads are being stored right now. Nothing was stored: please try again in a minute." });
    expect(busy!.headers()).toEqual({ "Retry-After": "30" });
    expect(bodyRead).toBe(false);
    expect((await auditRowsOf(db, patientId)).at(-1)).toMatchObject({ action: "imaging.write", outcome: "DENIED", reason: expect.stringMatching(/^IMAGING_UPLOADS_BUSY: /) });
    expect(await studiesOf(mrn)).toEqual(studiesBefore);

    release();
    for (const { upload } of held) expect(await upload).toMatchObject({ fileCount: 1 });
    expect(await upload(chart.physician.context, { "after.dcm": uploadableXray(mrn, "After the held ones") })).toMatchObject({ fileCount: 1 });
  });
});
