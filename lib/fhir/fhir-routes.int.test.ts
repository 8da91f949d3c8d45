import type { Bundle, CapabilityStatement, Observation, OperationOutcome, Patient } from "@medplum/fhirtypes";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as metadataRoute } from "@/app/fhir/R4/metadata/route";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { GET as searchRoute } from "@/app/fhir/R4/[type]/route";
import { createChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { SERVED_TYPES } from "./systems";

// The FHIR API over HTTP, as signed-in users call it: content type, the
// CapabilityStatement, reads and searches with strict parameters and paging,
// OperationOutcome refusals, and the audit trail of each access.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

const read = (type: string, id: string) => readRoute(routeRequest(`/fhir/R4/${type}/${id}`), routeParams({ type, id }));
const search = (type: string, query: string) => searchRoute(routeRequest(`/fhir/R4/${type}?${query}`), routeParams({ type }));

async function chartWithGlucose() {
  const fixture = await createChartFixture(db);
  const { patientId } = fixture.patient;
  await fixture.addAppointment();
  await db.labResult.createMany({
    data: [88, 132, 95, 101, 90].map((value, index) => ({
      patientId,
      panel: "BMP",
      loincCode: "2345-7",
      analyte: "Glucose",
      valueNumeric: value,
      unit: "mg/dL",
      referenceLow: 70,
      referenceHigh: 99,
      flag: value > 99 ? ("HIGH" as const) : ("NORMAL" as const),
      effectiveAt: new Date(Date.UTC(2025, index, 10, 15)),
    })),
  });
  askingAs.context = fixture.physician.context;
  return { ...fixture, patientId };
}

async function outcomeOf(response: Response): Promise<OperationOutcome> {
  expect(response.headers.get("content-type")).toContain("application/fhir+json");
  const body = (await response.json()) as OperationOutcome;
  expect(body.resourceType).toBe("OperationOutcome");
  return body;
}

describe("the CapabilityStatement", () => {
  it("lists exactly the types served, each with its search parameters", async () => {
    const response = await metadataRoute(routeRequest("/fhir/R4/metadata"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/fhir+json");
    const statement = (await response.json()) as CapabilityStatement;
    expect(statement).toMatchObject({ resourceType: "CapabilityStatement", fhirVersion: "4.0.1", kind: "instance" });
    const resources = statement.rest![0]!.resource!;
    expect(resources.map((resource) => resource.type)).toEqual([...SERVED_TYPES]);
    const observation = resources.find((resource) => resource.type === "Observation")!;
    expect(observation.searchParam!.map((param) => param.name).sort()).toEqual(["_id", "_lastUpdated", "category", "code", "date", "patient", "status", "subject"]);
  });
});

describe("reading a resource", () => {
  it("answers the treating physician with the resource, audited as an access to the patient", async () => {
    const { patientId, physician } = await chartWithGlucose();
    const response = await read("Patient", patientId);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const patient = (await response.json()) as Patient;
    expect(patient).toMatchObject({ resourceType: "Patient", id: patientId, name: [{ given: ["Alex"] }], gender: "unknown", birthDate: "1985-06-15" });
    expect(patient.identifier?.[0]).toMatchObject({ type: { coding: [{ code: "MR" }] }, value: expect.stringMatching(/^T-/) });
    const audited = await db.auditEvent.findFirstOrThrow({ where: { patientId, actorId: physician.userId }, orderBy: { id: "desc" } });
    expect(audited).toMatchObject({ action: "patient.demographics.read", outcome: "ALLOWED" });
  });

  it("refuses another physician (403), nobody signed in (401) and a patient reading another's record, each with an OperationOutcome, audited", async () => {
    const { patientId, otherPhysician, otherPatient } = await chartWithGlucose();
    askingAs.context = otherPhysician.context;
    const refused = await read("Patient", patientId);
    expect(refused.status).toBe(403);
    expect((await outcomeOf(refused)).issue[0]).toMatchObject({ severity: "error", code: "forbidden" });
    expect(await db.auditEvent.count({ where: { patientId, actorId: otherPhysician.userId, outcome: "DENIED" } })).toBe(1);
    askingAs.context = otherPatient.context;
    expect((await read("Patient", patientId)).status).toBe(403);
    askingAs.context = { actor: { kind: "anonymous" }, ip: null, userAgent: null };
    const anonymous = await read("Patient", patientId);
    expect(anonymous.status).toBe(401);
    expect((await outcomeOf(anonymous)).issue[0]!.code).toBe("login");
  });

  it("answers an unknown id with 404, a malformed id and an unserved type with 400", async () => {
    await chartWithGlucose();
    const missing = await read("Observation", "nothing-here");
    expect(missing.status).toBe(404);
    expect((await outcomeOf(missing)).issue[0]!.code).toBe("not-found");
    for (const id of ["a b", "x".repeat(65), "<script>", "1'--"]) expect((await read("Patient", id)).status, id).toBe(400);
    const unserved = await read("Claim", "abc");
    expect(unserved.status).toBe(400);
    expect((await outcomeOf(unserved)).issue[0]!.code).toBe("not-supported");
  });
});

describe("searching", () => {
  it("finds a patient's results by code and date, and pages with next and previous links", async () => {
    const { patientId } = await chartWithGlucose();
    const first = await search("Observation", `patient=${patientId}&code=http://loinc.org|2345-7&date=ge2025-02-01&_count=2`);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as Bundle<Observation>;
    expect(page1).toMatchObject({ resourceType: "Bundle", type: "searchset" });
    expect(page1.entry).toHaveLength(2);
    const next = page1.link!.find((link) => link.relation === "next")!.url;
    expect(page1.link!.some((link) => link.relation === "previous")).toBe(false);
    const page2 = (await (await searchRoute(routeRequest(next), routeParams({ type: "Observation" }))).json()) as Bundle<Observation>;
    expect(page2.entry).toHaveLength(2);
    expect(page2.link!.some((link) => link.relation === "next")).toBe(false);
    const seen = [...page1.entry!, ...page2.entry!].map((entry) => entry.resource!.valueQuantity!.value!).sort((a, b) => a - b);
    expect(seen).toEqual([90, 95, 101, 132]);
    const previous = page2.link!.find((link) => link.relation === "previous")!.url;
    const back = (await (await searchRoute(routeRequest(previous), routeParams({ type: "Observation" }))).json()) as Bundle<Observation>;
    expect(back.entry!.map((entry) => entry.resource!.id)).toEqual(page1.entry!.map((entry) => entry.resource!.id));
  });

  it("refuses unknown parameters, modifiers, impossible dates, bad page sizes and forged page tokens with 400", async () => {
    const { patientId } = await chartWithGlucose();
    for (const query of [
      `patient=${patientId}&colour=blue`,
      `patient=${patientId}&code:text=glucose`,
      `patient=${patientId}&date=2025-02-30`,
      `patient=${patientId}&date=ge2025-13-01`,
      `patient=${patientId}&_count=0`,
      `patient=${patientId}&_count=5000`,
      `patient=${patientId}&_page=not-a-token`,
      `patient=${patientId}&_include=Observation:subject`,
      `patient=${patientId}&_sort=date`,
    ]) {
      const response = await search("Observation", query);
      expect(response.status, query).toBe(400);
      expect((await outcomeOf(response)).issue[0]!.diagnostics, query).toBeTruthy();
    }
  });

  it("requires a signed-in physician to name the patient, and lets a patient search only their own record", async () => {
    const { patientId, patient, otherPatient } = await chartWithGlucose();
    expect((await search("Observation", "code=2345-7")).status).toBe(400);
    askingAs.context = patient.context;
    const own = (await (await search("Observation", "code=2345-7")).json()) as Bundle;
    expect(own.entry).toHaveLength(5);
    expect(own.entry!.every((entry) => (entry.resource as Observation).subject?.reference === `Patient/${patientId}`)).toBe(true);
    expect((await search("Observation", `patient=${otherPatient.patientId}`)).status).toBe(403);
  });

  it("includes a lab report's results with _include=DiagnosticReport:result", async () => {
    const { patientId } = await chartWithGlucose();
    const bundle = (await (await search("DiagnosticReport", `patient=${patientId}&date=2025-03-10&_include=DiagnosticReport:result`)).json()) as Bundle;
    expect(bundle.entry!.map((entry) => [entry.resource!.resourceType, entry.search!.mode])).toEqual([
      ["DiagnosticReport", "match"],
      ["Observation", "include"],
    ]);
  });
});
