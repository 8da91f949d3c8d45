import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditRowsOf, createChartFixture, daysAgo, type ChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { OperationOutcomeError } from "@/lib/fhir/errors";
import { importRecords } from "@/lib/fhir/import/importer";
import type { ImportEntry } from "@/lib/fhir/import/input";
import { demoStudy, type DemoStudy } from "./demo-studies";
import { writeDicomFile } from "./dicom-files";
import { DicomWebArchive } from "./dicomweb";
import { listImportedImagingStudies } from "./imported";
import { openImagingStudy } from "./studies";

// Imaging studies imported as FHIR ImagingStudy records that point at a
// "remote" DICOMweb endpoint: the integration Orthanc
// (lib/imaging/testing/orthanc-global-setup.ts), with the clinic's own archive
// switched off so every image read must go to the imported study's endpoint.

const dicomWeb = inject("dicomWeb");
if ("unavailable" in dicomWeb) throw new Error(dicomWeb.unavailable);
const REMOTE = dicomWeb.env.DICOMWEB_URL!.replace(/\/+$/, "");
/** The remote endpoint as the allow-list names it, with the basic credentials the integration Orthanc asks for. */
const REMOTE_ALLOWED = (() => {
  const url = new URL(REMOTE);
  url.username = dicomWeb.env.DICOMWEB_USERNAME ?? "";
  url.password = dicomWeb.env.DICOMWEB_PASSWORD ?? "";
  return url.toString();
})();
/** Nothing listens on port 9 (discard) here: an endpoint that does not answer. */
const DOWN = "http://127.0.0.1:9/dicom-web";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

let chart: ChartFixture;
let ct: DemoStudy;

const imagingStudy = (uid: string, address: string, key: string, started = "2026-10-02"): ImportEntry => ({
  path: "Bundle.entry[0].resource",
  fullUrl: `urn:uuid:${key}`,
  resource: {
    resourceType: "ImagingStudy",
    status: "available",
    identifier: [{ system: "urn:dietf:rfc:3986", value: `urn:oid:${uid}` }],
    subject: { reference: `Patient/${chart.patient.patientId}` },
    started,
    description: "CT chest (outside)",
    modality: [{ system: "http://dicom.nema.org/resources/ontology/DCM", code: "CT" }],
    contained: [{ resourceType: "Endpoint", id: "pacs", status: "active", connectionType: { code: "dicom-wado-rs" }, payloadType: [{ text: "DICOM" }], address }],
    endpoint: [{ reference: "#pacs" }],
  },
});
const counts = async () => ({
  studies: await db.importedImagingStudy.count({ where: { patientId: chart.patient.patientId } }),
  resources: await db.importedResource.count({ where: { patientId: chart.patient.patientId } }),
});

beforeAll(async () => {
  chart = await createChartFixture(db);
  await chart.addAppointment({ at: daysAgo(30) });
  const patient = await db.patient.findUniqueOrThrow({ where: { id: chart.patient.patientId }, select: { mrn: true, givenName: true, familyName: true } });
  ct = demoStudy({ ...patient, dateOfBirth: "1985-06-15", sex: "UNKNOWN" }, "xr-chest", new Date());
  await new DicomWebArchive({ url: REMOTE, username: dicomWeb.env.DICOMWEB_USERNAME, password: dicomWeb.env.DICOMWEB_PASSWORD }).store(ct.instances().map(writeDicomFile));
  // The clinic's own archive is off: only an imported study's endpoint can serve images.
  delete process.env.DICOMWEB_URL;
});

describe("an imported ImagingStudy", () => {
  it("is refused with an import issue when its endpoint is not on the allow-list, and nothing is stored", async () => {
    process.env.IMAGING_IMPORT_ENDPOINTS = "https://pacs.example.org/dicom-web";
    const before = await counts();
    const refused = await importRecords(db, [imagingStudy(ct.studyInstanceUid, REMOTE, "refused")], { source: "Mercy feed", organizationName: "Mercy Hospital" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OperationOutcomeError);
    expect((refused as OperationOutcomeError).message).toContain("is not one of the endpoints this clinic accepts imaging from");
    expect(await counts()).toEqual(before);
  });

  it("pointing at an allowed endpoint is listed with its source, and opens from that endpoint", async () => {
    process.env.IMAGING_IMPORT_ENDPOINTS = `${REMOTE_ALLOWED}/`;
    const report = await importRecords(db, [imagingStudy(ct.studyInstanceUid, REMOTE, "kept")], { source: "Mercy feed", organizationName: "Mercy Hospital" });
    expect(report.created).toMatchObject({ ImagingStudy: 1 });
    const listed = await listImportedImagingStudies(db, chart.physician.context, { patientId: chart.patient.patientId });
    expect(listed).toEqual([{ studyInstanceUid: ct.studyInstanceUid, description: "CT chest (outside)", modality: "CT", date: "2026-10-02", source: "Mercy Hospital", available: true }]);
    const opened = await openImagingStudy(db, chart.physician.context, { patientId: chart.patient.patientId, studyUid: ct.studyInstanceUid });
    expect(opened.series.flatMap((series) => series.instanceUids)).toHaveLength(2);
    expect((await auditRowsOf(db, chart.patient.patientId)).at(-1)).toMatchObject({ action: "imaging.read", outcome: "ALLOWED", actorId: chart.physician.userId });
    // Another patient's chart does not reach it.
    await expect(openImagingStudy(db, chart.physician.context, { patientId: chart.otherPatient.patientId, studyUid: ct.studyInstanceUid })).rejects.toThrow();
  });

  it("whose endpoint does not answer is listed as unavailable, not an error", async () => {
    process.env.IMAGING_IMPORT_ENDPOINTS = `${REMOTE_ALLOWED},${DOWN}`;
    await importRecords(db, [imagingStudy("2.25.999001", DOWN, "down", "2026-10-01")], { source: "Old Town feed", organizationName: "Old Town Imaging" });
    const listed = await listImportedImagingStudies(db, chart.physician.context, { patientId: chart.patient.patientId });
    expect(listed.map((study) => [study.source, study.available])).toEqual([
      ["Mercy Hospital", true],
      ["Old Town Imaging", false],
    ]);
  });
});
