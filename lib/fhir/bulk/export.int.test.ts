import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Bundle } from "@medplum/fhirtypes";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as adminRecordRoute } from "@/app/api/admin/patient-record/route";
import { GET as recordRoute } from "@/app/api/patients/[patientId]/record/route";
import { GET as kickOffRoute } from "@/app/fhir/R4/$export/route";
import { GET as everythingRoute } from "@/app/fhir/R4/[type]/[id]/[operation]/route";
import { GET as fileRoute } from "@/app/fhir/R4/bulk/[jobId]/[fileId]/route";
import { GET as statusRoute } from "@/app/fhir/R4/bulk/[jobId]/route";
import { POST as tokenRoute } from "@/app/fhir/auth/token/route";
import { auditActor, type RequestContext } from "@/lib/auth/access";
import { createChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { runDueJobs } from "@/lib/jobs/queue";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { findResource } from "../api";
import { FHIR_TYPES } from "../registry";
import { registerClient } from "../smart/clients";
import { clientAssertion, createTestSmartKeys, tokenForm } from "../testing/smart-client";
import { bulkExportHandlers } from "./async-export";
import { exportClinicToDirectory } from "./ndjson-export";

// Export: a patient's record through $everything (paged) and as a download,
// the asynchronous Bulk Data $export of a registered integration, and the
// operator's NDJSON export.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

async function patientWithRecord() {
  const fixture = await createChartFixture(db);
  const { patientId } = fixture.patient;
  const visit = await fixture.addAppointment();
  await db.consultationNote.create({
    data: { visitId: visit.visitId!, authorId: fixture.physician.userId, status: "SIGNED", signedAt: new Date("2025-05-01T15:00:00Z"), signedById: fixture.physician.userId, assessment: "Stable.", plan: "Continue." },
  });
  await db.problem.create({ data: { patientId, icd10Code: "I10", description: "Essential hypertension" } });
  await db.labResult.createMany({
    data: Array.from({ length: 7 }, (_, index) => ({ patientId, panel: "BMP", loincCode: "2345-7", analyte: "Glucose", valueNumeric: 90 + index, unit: "mg/dL", effectiveAt: new Date(Date.UTC(2025, index, 3)) })),
  });
  return { ...fixture, patientId };
}

const everything = (patientId: string, query = "") =>
  everythingRoute(routeRequest(`/fhir/R4/Patient/${patientId}/$everything${query}`), routeParams({ type: "Patient", id: patientId, operation: "$everything" }));

describe("Patient/[id]/$everything", () => {
  it("pages through the whole record for the treating physician, then the practitioners and organizations it refers to", async () => {
    const { patientId, physician } = await patientWithRecord();
    askingAs.context = physician.context;
    const types: string[] = [];
    let response = await everything(patientId, "?_count=3");
    for (let pages = 0; pages < 20; pages += 1) {
      expect(response.status).toBe(200);
      const bundle = (await response.json()) as Bundle;
      expect(bundle.entry!.length).toBeLessThanOrEqual(3);
      types.push(...bundle.entry!.map((entry) => entry.resource!.resourceType));
      const next = bundle.link?.find((link) => link.relation === "next")?.url;
      if (!next) break;
      response = await everythingRoute(routeRequest(next), routeParams({ type: "Patient", id: patientId, operation: "$everything" }));
    }
    expect(types.filter((type) => type === "Observation")).toHaveLength(7);
    for (const type of ["Patient", "Condition", "Encounter", "DocumentReference", "Provenance", "Appointment", "DiagnosticReport", "Practitioner", "Organization"]) expect(types, type).toContain(type);
  });

  it("leaves out for the patient what they may not read through the API (the notes), audited, and refuses others", async () => {
    const { patientId, patient, otherPhysician } = await patientWithRecord();
    askingAs.context = patient.context;
    const bundle = (await (await everything(patientId, "?_count=1000")).json()) as Bundle;
    const types = new Set(bundle.entry!.map((entry) => entry.resource!.resourceType));
    expect(types.has("Observation")).toBe(true);
    expect(types.has("DocumentReference")).toBe(false);
    expect(await db.auditEvent.count({ where: { patientId, action: "note.read", outcome: "DENIED" } })).toBeGreaterThan(0);
    askingAs.context = otherPhysician.context;
    expect((await everything(patientId)).status).toBe(403);
    expect((await everything(patientId, "?_type=Observation")).status).toBe(400);
  });
});

/** The audit events of one actor since the given event id, as "action outcome resourceType", sorted (the order of events written together is not defined). */
async function eventsSince(context: RequestContext, afterId: bigint): Promise<string[]> {
  const events = await db.auditEvent.findMany({ where: { actorId: auditActor(context).actorId, id: { gt: afterId } }, select: { action: true, outcome: true, resourceType: true } });
  return events.map((event) => `${event.action} ${event.outcome} ${event.resourceType}`).sort();
}

const lastEventId = async () => (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? BigInt(0);

describe("$everything's reads and their audit", () => {
  it("gives the same entries in the same order whole or page by page, with one audited read per record type on the whole read", async () => {
    const { patientId, physician } = await patientWithRecord();
    askingAs.context = physician.context;
    const before = await lastEventId();
    const whole = (await (await everything(patientId, "?_count=1000")).json()) as Bundle;
    expect(whole.link?.some((link) => link.relation === "next")).toBe(false);
    // Each type of the record authorized as its own reads are; the practitioner the record refers to as availability.
    expect(await eventsSince(physician.context, before)).toEqual(
      [
        "patient.demographics.read ALLOWED patient",
        ...Array<string>(6).fill("chart.read ALLOWED patient"),
        "imaging.read ALLOWED patient",
        "note.read ALLOWED patient",
        "note.read ALLOWED patient",
        "appointment.read ALLOWED patient",
        "availability.read ALLOWED physician",
      ].sort(),
    );
    const ids = (bundle: Bundle) => bundle.entry!.map((entry) => `${entry.resource!.resourceType}/${entry.resource!.id} ${entry.search?.mode}`);
    const paged: string[] = [];
    let next: string | undefined = `/fhir/R4/Patient/${patientId}/$everything?_count=4`;
    for (let pages = 0; next && pages < 30; pages += 1) {
      const bundle = (await (await everythingRoute(routeRequest(next), routeParams({ type: "Patient", id: patientId, operation: "$everything" }))).json()) as Bundle;
      expect(bundle.entry!.length).toBeLessThanOrEqual(4);
      paged.push(...ids(bundle));
      next = bundle.link?.find((link) => link.relation === "next")?.url;
    }
    expect(paged).toEqual(ids(whole));
    expect(new Set(whole.entry!.map((entry) => entry.resource!.resourceType))).toEqual(
      new Set(["Patient", "Encounter", "Condition", "Observation", "DiagnosticReport", "DocumentReference", "Provenance", "Appointment", "Practitioner", "Organization"]),
    );
  });

  it("refuses another physician with one audited refusal and reads nothing of the record", async () => {
    const { patientId, otherPhysician } = await patientWithRecord();
    askingAs.context = otherPhysician.context;
    const before = await lastEventId();
    expect((await everything(patientId, "?_count=1000")).status).toBe(403);
    expect(await eventsSince(otherPhysician.context, before)).toEqual(["patient.demographics.read DENIED patient"]);
  });

  it("audits the refusal of each type the patient may not read through the API, and leaves those types out", async () => {
    const { patientId, patient } = await patientWithRecord();
    askingAs.context = patient.context;
    const before = await lastEventId();
    const bundle = (await (await everything(patientId, "?_count=1000")).json()) as Bundle;
    const events = await eventsSince(patient.context, before);
    expect(events.filter((event) => event.includes("DENIED"))).toEqual(["note.read DENIED patient", "note.read DENIED patient"]);
    expect(events.filter((event) => event.startsWith("chart.read"))).toEqual(Array<string>(6).fill("chart.read ALLOWED patient"));
    const types = new Set(bundle.entry!.map((entry) => entry.resource!.resourceType));
    expect(types.has("DocumentReference") || types.has("Provenance")).toBe(false);
    expect(types.has("Observation")).toBe(true);
  });
});

describe("downloading a patient's record", () => {
  it("gives the patient their whole record, notes included, as a Bundle file, and an administrator anyone's by MRN, audited", async () => {
    const { patientId, patient, physician } = await patientWithRecord();
    askingAs.context = patient.context;
    const own = await recordRoute(routeRequest(`/api/patients/${patientId}/record`), routeParams({ patientId }));
    expect(own.status).toBe(200);
    expect(own.headers.get("content-disposition")).toMatch(/^attachment; filename="health-record-T-/);
    const bundle = (await own.json()) as Bundle;
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
    expect(new Set(bundle.entry!.map((entry) => entry.resource!.resourceType))).toContain("DocumentReference");

    const { mrn } = await db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { mrn: true } });
    askingAs.context = await createTestStaff(db, "ADMIN");
    const asAdmin = await adminRecordRoute(routeRequest(`/api/admin/patient-record?mrn=${mrn}`));
    expect(asAdmin.status).toBe(200);
    expect(await db.auditEvent.count({ where: { patientId, action: "patient.record.export", outcome: "ALLOWED" } })).toBe(2);
    expect((await adminRecordRoute(routeRequest("/api/admin/patient-record?mrn=NO-SUCH-MRN"))).status).toBe(404);
    expect((await adminRecordRoute(routeRequest("/api/admin/patient-record"))).status).toBe(400);
    for (const context of [physician.context, await createTestStaff(db, "SCHEDULER")]) {
      askingAs.context = context;
      expect((await recordRoute(routeRequest(`/api/patients/${patientId}/record`), routeParams({ patientId }))).status).toBe(403);
    }
  });
});

describe("bulk $export for an integration", () => {
  it("kicks off, reports progress, then lists NDJSON files only its client can download", async () => {
    const { patientId } = await patientWithRecord();
    const admin = await createTestStaff(db, "ADMIN");
    const keys = await createTestSmartKeys("ES384");
    const client = await registerClient(db, admin, { name: "Data warehouse", jwks: keys.jwks, scopes: "system/*.read" });
    const tokenUrl = "http://localhost/fhir/auth/token";
    const tokenResponse = await tokenRoute(
      routeRequest("/fhir/auth/token", { body: tokenForm(await clientAssertion(keys, client.id, tokenUrl, { alg: "ES384" }), "system/*.read"), headers: { "content-type": "application/x-www-form-urlencoded" } }),
    );
    const { access_token: token } = await tokenResponse.json();
    const bearer = (path: string, headers: Record<string, string> = {}) => routeRequest(path, { headers: { authorization: `Bearer ${token}`, ...headers } });

    expect((await kickOffRoute(bearer("/fhir/R4/$export?_type=Patient,Observation"))).status).toBe(400);
    expect((await kickOffRoute(bearer("/fhir/R4/$export?_type=Claim", { prefer: "respond-async" }))).status).toBe(400);
    expect((await kickOffRoute(bearer("/fhir/R4/$export?_elements=id", { prefer: "respond-async" }))).status).toBe(400);
    askingAs.context = admin;
    expect((await kickOffRoute(routeRequest("/fhir/R4/$export", { headers: { prefer: "respond-async" } }))).status).toBe(403);

    const kickOff = await kickOffRoute(bearer("/fhir/R4/$export?_type=Patient,Observation", { prefer: "respond-async" }));
    expect(kickOff.status).toBe(202);
    const jobId = kickOff.headers.get("content-location")!.split("/").pop()!;
    const status = () => statusRoute(bearer(`/fhir/R4/bulk/${jobId}`), routeParams({ jobId }));
    expect((await status()).status).toBe(202);
    await runDueJobs(db, bulkExportHandlers, { workerId: "export-test", limit: 10 });
    const done = await status();
    expect(done.status).toBe(200);
    const manifest = await done.json();
    expect(manifest).toMatchObject({ requiresAccessToken: true, error: [] });
    // A system-level export holds every patient in this database, which other tests fill too: Observations may take several files.
    expect([...new Set(manifest.output.map((file: { type: string }) => file.type))]).toEqual(["Observation", "Patient"]);
    const observations: { subject: { reference: string } }[] = [];
    for (const observationFile of manifest.output.filter((file: { type: string }) => file.type === "Observation")) {
      const fileId = observationFile.url.split("/").pop();
      const file = await fileRoute(bearer(observationFile.url.replace("http://localhost", "")), routeParams({ jobId, fileId }));
      expect(file.headers.get("content-type")).toBe("application/fhir+ndjson");
      const lines = (await file.text()).trim().split("\n").map((line) => JSON.parse(line));
      expect(lines).toHaveLength(observationFile.count);
      observations.push(...lines);
    }
    expect(observations.filter((line) => line.subject.reference === `Patient/${patientId}`)).toHaveLength(7);
    expect(await db.auditEvent.count({ where: { patientId, actorId: `integration:${client.id}`, action: "chart.read", outcome: "ALLOWED" } })).toBe(1);

    // Another client does not learn the job exists.
    const otherKeys = await createTestSmartKeys();
    const other = await registerClient(db, admin, { name: "Someone else", jwks: otherKeys.jwks, scopes: "system/*.read" });
    const otherToken = (await (await tokenRoute(routeRequest("/fhir/auth/token", { body: tokenForm(await clientAssertion(otherKeys, other.id, tokenUrl), "system/*.read"), headers: { "content-type": "application/x-www-form-urlencoded" } }))).json()).access_token;
    expect((await statusRoute(routeRequest(`/fhir/R4/bulk/${jobId}`, { headers: { authorization: `Bearer ${otherToken}` } }), routeParams({ jobId }))).status).toBe(404);
  });
});

describe("the operator's NDJSON export", () => {
  it("writes every resource of a record larger than one database batch once, in id order, as the read API serves it", async () => {
    const { patientId } = await patientWithRecord();
    await db.labResult.createMany({
      data: Array.from({ length: 1203 }, (_, index) => ({ patientId, panel: "BMP", loincCode: "2951-2", analyte: "Sodium", valueNumeric: 130 + (index % 15), unit: "mmol/L", effectiveAt: new Date(Date.UTC(2020, 0, 1, 0, index)) })),
    });
    const directory = await mkdtemp(path.join(tmpdir(), "fhir-export-"));
    try {
      await exportClinicToDirectory(db, directory, { types: ["Observation"], patientIds: [patientId] });
      const lines = (await readFile(path.join(directory, "Observation.ndjson"), "utf8")).trim().split("\n");
      const ids = (await db.labResult.findMany({ where: { patientId }, select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id);
      expect(lines.map((line) => JSON.parse(line).id)).toEqual(ids);
      expect(lines[700]).toBe(JSON.stringify((await findResource(db, FHIR_TYPES.Observation, ids[700]!))!.resource));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("writes one file per resource type, one resource per line", async () => {
    const { patientId } = await patientWithRecord();
    const directory = await mkdtemp(path.join(tmpdir(), "fhir-export-"));
    try {
      const progress: string[] = [];
      const summary = await exportClinicToDirectory(db, directory, { types: ["Patient", "Condition"], onProgress: ({ type, done }) => done && progress.push(type) });
      expect(progress).toEqual(["Patient", "Condition"]);
      expect((await readdir(directory)).sort()).toEqual(["Condition.ndjson", "Patient.ndjson"]);
      const patients = (await readFile(path.join(directory, "Patient.ndjson"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
      expect(patients.length).toBe(summary.counts.Patient);
      expect(patients.some((patient) => patient.id === patientId)).toBe(true);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
