import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError } from "@/lib/auth/access";
import { actorIdOf, auditRowsOf, createChartFixture, daysAgo, type ChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { demoStudy, type DemoStudy } from "./demo-studies";
import { writeDicomFile } from "./dicom-files";
import { dicomWebArchive, TAGS, textOf, type DicomWebArchive } from "./dicomweb";
import { ImagingStudyNotFoundError } from "./errors";
import { imagingFrame, listImagingStudies, openImagingStudy } from "./studies";

// Against a real Orthanc (lib/imaging/testing/orthanc-global-setup.ts): studies
// stored through STOW-RS for a patient and for another patient, then read
// through the chart's imaging functions as each kind of actor.

const dicomWeb = inject("dicomWeb");
if ("unavailable" in dicomWeb) throw new Error(dicomWeb.unavailable);
Object.assign(process.env, dicomWeb.env);

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

let chart: ChartFixture;
let archive: DicomWebArchive;
let xray: DemoStudy;
let othersXray: DemoStudy;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);
const mrnOf = async (patientId: string) => (await db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { mrn: true, givenName: true, familyName: true } }));

beforeAll(async () => {
  archive = dicomWebArchive()!;
  chart = await createChartFixture(db);
  await chart.addAppointment({ at: daysAgo(30) });
  const patient = { ...(await mrnOf(chart.patient.patientId)), dateOfBirth: "1985-06-15", sex: "UNKNOWN" as const };
  const other = { ...(await mrnOf(chart.otherPatient.patientId)), dateOfBirth: "1985-06-15", sex: "UNKNOWN" as const };
  xray = demoStudy(patient, "xr-chest", new Date());
  othersXray = demoStudy(other, "xr-chest", new Date());
  await archive.store([...xray.instances(), ...othersXray.instances()].map(writeDicomFile));
  await db.imagingReport.create({ data: { patientId: chart.patient.patientId, studyInstanceUid: xray.studyInstanceUid, ...xray.report, issuedAt: xray.performedAt } });
});

describe("the patient's imaging studies", () => {
  it("are found in the archive after STOW-RS, by the patient's MRN", async () => {
    const found = await archive.searchStudies({ PatientID: (await mrnOf(chart.patient.patientId)).mrn });
    expect(found.map((study) => textOf(study, TAGS.StudyInstanceUID))).toEqual([xray.studyInstanceUid]);
  });

  it("are listed for the treating physician with modality, body part, images, series and the report, audited", async () => {
    const listed = await listImagingStudies(db, chart.physician.context, { patientId: chart.patient.patientId });
    expect(listed).toMatchObject({
      configured: true,
      studies: [
        {
          studyInstanceUid: xray.studyInstanceUid,
          modalities: ["DX"],
          bodyPart: "CHEST",
          description: "XR chest 2 views",
          imageCount: 2,
          series: [
            { number: 1, description: "PA", imageCount: 1 },
            { number: 2, description: "Lateral", imageCount: 1 },
          ],
          report: { title: "XR chest, 2 views", impression: xray.report.impression },
        },
      ],
    });
    expect((await auditRowsOf(db, chart.patient.patientId)).at(-1)).toMatchObject({ action: "imaging.read", outcome: "ALLOWED", actorId: chart.physician.userId });
  });

  it("are listed to the patient, their own only", async () => {
    const own = await listImagingStudies(db, chart.patient.context, { patientId: chart.patient.patientId });
    expect(own.configured && own.studies.map((study) => study.studyInstanceUid)).toEqual([xray.studyInstanceUid]);
    expect(await refusalOf(listImagingStudies(db, chart.patient.context, { patientId: chart.otherPatient.patientId }))).toBeInstanceOf(AccessDeniedError);
  });

  it("open in the viewer, each image rendered as PNG, every opening audited with the study", async () => {
    const opened = await openImagingStudy(db, chart.physician.context, { patientId: chart.patient.patientId, studyUid: xray.studyInstanceUid });
    const [pa] = xray.instances();
    expect(opened.series.map((series) => [series.description, series.instanceUids.length])).toEqual([
      ["PA", 1],
      ["Lateral", 1],
    ]);
    // The size and pixel spacing measurements need, from the archive's metadata of the series' first image.
    expect(opened.series[0]!.geometry).toEqual({ rows: pa!.Rows, columns: pa!.Columns, pixelSpacingMm: [1.4, 1.4] });
    const png = await imagingFrame(db, chart.physician.context, {
      patientId: chart.patient.patientId,
      studyUid: xray.studyInstanceUid,
      seriesUid: opened.series[0]!.seriesInstanceUid,
      instanceUid: pa!.SOPInstanceUID,
    });
    expect(png.subarray(0, 4).equals(PNG_SIGNATURE)).toBe(true);
    const rows = await auditRowsOf(db, chart.patient.patientId);
    expect(rows.slice(-2).map((row) => [row.action, row.outcome, row.reason])).toEqual([
      ["imaging.read", "ALLOWED", `opened study ${xray.studyInstanceUid}`],
      ["imaging.read", "ALLOWED", `image ${pa!.SOPInstanceUID} of study ${xray.studyInstanceUid}`],
    ]);
  });
});

describe("refusals", () => {
  it("another patient's study named in this patient's chart is refused alike for the study and its images, audited, nothing returned", async () => {
    const [othersPa] = othersXray.instances();
    const attempts = [
      openImagingStudy(db, chart.physician.context, { patientId: chart.patient.patientId, studyUid: othersXray.studyInstanceUid }),
      imagingFrame(db, chart.physician.context, {
        patientId: chart.patient.patientId,
        studyUid: othersXray.studyInstanceUid,
        seriesUid: othersPa!.SeriesInstanceUID as string,
        instanceUid: othersPa!.SOPInstanceUID,
      }),
      // The patient's own study, with the other patient's image in it: the archive checks the path.
      imagingFrame(db, chart.physician.context, {
        patientId: chart.patient.patientId,
        studyUid: xray.studyInstanceUid,
        seriesUid: othersPa!.SeriesInstanceUID as string,
        instanceUid: othersPa!.SOPInstanceUID,
      }),
    ];
    const refusals = await Promise.all(attempts.map(refusalOf));
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(ImagingStudyNotFoundError);
      expect((refusal as ImagingStudyNotFoundError).status).toBe(404);
    }
    const denied = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.outcome === "DENIED" && row.resourceId === othersXray.studyInstanceUid);
    expect(denied).toHaveLength(2);
    expect(denied[0]).toMatchObject({ action: "imaging.read", resourceType: "imagingStudy", reason: "study filed under another patient", actorId: chart.physician.userId });
  });

  it("a study the archive does not hold is refused the same way", async () => {
    const refusal = await refusalOf(openImagingStudy(db, chart.physician.context, { patientId: chart.patient.patientId, studyUid: "2.25.1" }));
    expect(refusal).toBeInstanceOf(ImagingStudyNotFoundError);
    expect((await auditRowsOf(db, chart.patient.patientId)).at(-1)).toMatchObject({ outcome: "DENIED", resourceId: "2.25.1", reason: "study not in the archive" });
  });

  it("an unrelated physician and a scheduler are refused (403) and audited, before the archive is asked", async () => {
    for (const context of [chart.otherPhysician.context, chart.scheduler]) {
      const refusal = await refusalOf(openImagingStudy(db, context, { patientId: chart.patient.patientId, studyUid: xray.studyInstanceUid }));
      expect(refusal).toBeInstanceOf(AccessDeniedError);
      expect((refusal as AccessDeniedError).status).toBe(403);
      expect((await auditRowsOf(db, chart.patient.patientId)).at(-1)).toMatchObject({ action: "imaging.read", outcome: "DENIED", actorId: actorIdOf(context) });
    }
  });

  it("a malformed UID is refused as input, nothing audited", async () => {
    const before = (await auditRowsOf(db, chart.patient.patientId)).length;
    const refusal = await refusalOf(openImagingStudy(db, chart.physician.context, { patientId: chart.patient.patientId, studyUid: "1.2.3/../../4" }));
    expect(refusal).toBeInstanceOf(ZodError);
    expect(await auditRowsOf(db, chart.patient.patientId)).toHaveLength(before);
  });
});
