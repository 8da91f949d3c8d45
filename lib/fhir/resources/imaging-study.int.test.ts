import type { Bundle, ImagingStudy } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AccessDeniedError, type RequestContext } from "@/lib/auth/access";
import { auditRowsOf, createChartFixture, daysAgo, type ChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { demoStudy, type DemoStudy } from "@/lib/imaging/demo-studies";
import { writeDicomFile } from "@/lib/imaging/dicom-files";
import { dicomWebArchive } from "@/lib/imaging/dicomweb";
import { readResource, searchResources } from "../api";
import { patientEverything } from "../bulk/everything";
import { validationIssues } from "../definitions";

// ImagingStudy against a real Orthanc (lib/imaging/testing/orthanc-global-setup.ts):
// a patient's demo X-ray and another patient's, stored through STOW-RS, then
// read through the FHIR API as a physician, each patient and integrations.

const dicomWeb = inject("dicomWeb");
if ("unavailable" in dicomWeb) throw new Error(dicomWeb.unavailable);
Object.assign(process.env, dicomWeb.env);

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const BASE = "https://clinic.example/fhir/R4";
let chart: ChartFixture;
let xray: DemoStudy;
let othersXray: DemoStudy;
const integration = (scopes: string[]): RequestContext => ({ actor: { kind: "integration", clientId: "imaging-test", name: "PACS viewer", scopes }, ip: null, userAgent: null });
const search = (context: RequestContext, query: string) => searchResources(db, context, "ImagingStudy", new URLSearchParams(query), { baseUrl: BASE });
const idsOf = (bundle: Bundle) => (bundle.entry ?? []).filter((entry) => entry.resource?.resourceType === "ImagingStudy").map((entry) => entry.resource!.id);
const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

beforeAll(async () => {
  chart = await createChartFixture(db);
  await chart.addAppointment({ at: daysAgo(30) });
  const personOf = async (patientId: string) => ({
    ...(await db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { mrn: true, givenName: true, familyName: true } })),
    dateOfBirth: "1985-06-15",
    sex: "UNKNOWN" as const,
  });
  xray = demoStudy(await personOf(chart.patient.patientId), "xr-chest", daysAgo(14));
  othersXray = demoStudy(await personOf(chart.otherPatient.patientId), "xr-chest", daysAgo(14));
  await dicomWebArchive()!.store([...xray.instances(), ...othersXray.instances()].map(writeDicomFile));
});

describe("ImagingStudy in the FHIR API", () => {
  it("finds the patient's studies in the archive for their physician: series, instances, the endpoint; valid R4; audited as imaging.read", async () => {
    const bundle = await search(chart.physician.context, `patient=Patient/${chart.patient.patientId}`);
    expect(idsOf(bundle)).toEqual([xray.studyInstanceUid]);
    const study = bundle.entry![0]!.resource as ImagingStudy;
    expect(study).toMatchObject({
      identifier: [{ value: `urn:oid:${xray.studyInstanceUid}` }],
      subject: { reference: `Patient/${chart.patient.patientId}` },
      modality: [{ code: "DX" }],
      description: "XR chest 2 views",
      numberOfSeries: 2,
      numberOfInstances: 2,
      series: [{ number: 1, description: "PA", bodySite: { code: "51185008" } }, { number: 2, description: "Lateral" }],
      contained: [{ resourceType: "Endpoint", connectionType: { code: "dicom-wado-rs" } }],
    });
    expect(study.series!.flatMap((series) => series.instance!.map((instance) => instance.uid))).toEqual(xray.instances().map((instance) => instance.SOPInstanceUID));
    expect(validationIssues(study)).toEqual([]);
    expect((await auditRowsOf(db, chart.patient.patientId)).at(-1)).toMatchObject({ action: "imaging.read", outcome: "ALLOWED", actorId: chart.physician.userId });
    expect(await readResource(db, chart.physician.context, "ImagingStudy", xray.studyInstanceUid)).toMatchObject({ id: xray.studyInstanceUid });
  });

  it("gives a patient their own studies only: another patient's study is not found for them, and naming that patient is refused", async () => {
    expect(idsOf(await search(chart.patient.context, ""))).toEqual([xray.studyInstanceUid]);
    expect(idsOf(await search(chart.patient.context, `_id=${othersXray.studyInstanceUid}`))).toEqual([]);
    expect(await refusalOf(search(chart.patient.context, `patient=${chart.otherPatient.patientId}`))).toBeInstanceOf(AccessDeniedError);
    expect(await refusalOf(readResource(db, chart.patient.context, "ImagingStudy", othersXray.studyInstanceUid))).toBeInstanceOf(AccessDeniedError);
  });

  it("is read by an integration whose scopes name it, and refused (audited) to one whose scopes do not", async () => {
    const both = await search(integration(["system/ImagingStudy.read"]), `_id=${xray.studyInstanceUid},${othersXray.studyInstanceUid}`);
    expect(idsOf(both).sort()).toEqual([xray.studyInstanceUid, othersXray.studyInstanceUid].sort());
    const before = (await auditRowsOf(db, chart.patient.patientId)).length;
    expect(await refusalOf(search(integration(["system/Observation.read"]), `patient=${chart.patient.patientId}`))).toBeInstanceOf(AccessDeniedError);
    expect((await auditRowsOf(db, chart.patient.patientId)).slice(before)).toMatchObject([{ action: "imaging.read", outcome: "DENIED", actorId: "integration:imaging-test" }]);
  });

  it("is part of the patient's $everything, and left out of it for a caller who may not read imaging", async () => {
    const everything = await patientEverything(db, chart.physician.context, chart.patient.patientId, new URLSearchParams({ _count: "1000" }), { baseUrl: BASE });
    expect(idsOf(everything)).toEqual([xray.studyInstanceUid]);
    const observationsOnly = await patientEverything(db, integration(["system/Patient.read", "system/Observation.read", "system/Practitioner.read", "system/Organization.read"]), chart.patient.patientId, new URLSearchParams({ _count: "1000" }), { baseUrl: BASE });
    expect(idsOf(observationsOnly)).toEqual([]);
  });
});
