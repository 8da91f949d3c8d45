import { readFileSync } from "node:fs";
import path from "node:path";
import type { Bundle, DocumentReference, Observation, OperationOutcome, Patient } from "@medplum/fhirtypes";
import { afterAll, describe, expect, it, vi } from "vitest";
import { POST as transactionRoute } from "@/app/fhir/R4/route";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { POST as tokenRoute } from "@/app/fhir/auth/token/route";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { createTestPatient, createTestStaff } from "@/lib/scheduling/testing/clinic";
import { createChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { listOutsideRecords } from "@/lib/chart/outside-records";
import { getAnalyteTrend } from "@/lib/chart/labs";
import { getChartSummary } from "@/lib/chart/summary";
import { registerClient } from "../smart/clients";
import { clientAssertion, createTestSmartKeys, tokenForm } from "../testing/smart-client";
import { entriesOfBundle } from "./input";
import { importRecords } from "./importer";

// Importing outside records: a Synthea-shaped transaction through the API, a
// US Core-shaped collection from the operator's command; idempotence, patient
// matching, all-or-nothing refusals with FHIR paths, sanitised HTML.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8"));
const TOKEN_URL = "http://localhost/fhir/auth/token";

async function integrationToken(scopes: string) {
  const admin = await createTestStaff(db, "ADMIN");
  const keys = await createTestSmartKeys();
  const client = await registerClient(db, admin, { name: "Riverside HIE feed", jwks: keys.jwks, scopes });
  const response = await tokenRoute(routeRequest("/fhir/auth/token", { body: tokenForm(await clientAssertion(keys, client.id, TOKEN_URL), scopes), headers: { "content-type": "application/x-www-form-urlencoded" } }));
  return (await response.json()).access_token as string;
}

function post(token: string, body: string) {
  return transactionRoute(routeRequest("/fhir/R4", { body, headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json" } }));
}

/** A transaction whose identifiers are new to this database, so each test starts from nothing imported. */
function freshTransaction(tag: string) {
  const text = JSON.stringify(fixture("synthea-style-transaction.json")).replaceAll("5e0c0001-7a1b", `${tag}-7a1b`).replaceAll("RH-448102", `RH-${tag}`).replaceAll("riverside-cardiology", `riverside-${tag}`).replaceAll("9999941188", `99${tag}`);
  return JSON.parse(text) as Bundle;
}

const chartCounts = async (patientId: string) => ({
  problems: await db.problem.count({ where: { patientId } }),
  allergies: await db.allergy.count({ where: { patientId } }),
  medications: await db.medication.count({ where: { patientId } }),
  labs: await db.labResult.count({ where: { patientId } }),
  imported: await db.importedResource.count({ where: { patientId } }),
});

describe("a transaction of outside records through the API", () => {
  it("imports them whole: the patient, the chart rows marked with their source, unknown types listed; again, it changes nothing", async () => {
    const token = await integrationToken("system/*.write system/*.read");
    const bundle = freshTransaction("a001");
    const response = await post(token, JSON.stringify(bundle));
    expect(response.status).toBe(200);
    const result = (await response.json()) as Bundle;
    expect(result.type).toBe("transaction-response");
    expect(result.entry).toHaveLength(bundle.entry!.length);
    const patientLocation = result.entry![0]!.response!.location!;
    expect(patientLocation).toMatch(/^Patient\//);
    const patientId = patientLocation.slice(8);
    expect(result.entry!.filter((entry) => entry.response?.outcome).map((entry) => (entry.response!.outcome as OperationOutcome).issue[0]!.diagnostics)).toEqual([
      "Not imported: the clinic does not keep Immunization records.",
      "Not imported: the clinic does not keep Claim records.",
    ]);

    const patient = await db.patient.findUniqueOrThrow({ where: { id: patientId }, include: { identifiers: true } });
    expect(patient).toMatchObject({ givenName: "Adaeze Grace", familyName: "Okonkwo", sex: "FEMALE", phone: "555-201-3344" });
    expect(patient.identifiers.map((identifier) => identifier.value).sort()).toEqual(["5e0ca001-7a1b-4c2d-9e3f-0a1b2c3d4e5f".replace("5e0ca001", "a001"), "RH-a001"].sort());
    const problem = await db.problem.findFirstOrThrow({ where: { patientId }, include: { importedResource: { include: { organization: true } } } });
    expect(problem).toMatchObject({ icd10Code: "49436004", codeSystem: "http://snomed.info/sct", description: "Atrial fibrillation", status: "ACTIVE" });
    expect(problem.importedResource!.organization!.name).toBe("Riverside Cardiology Associates");
    const labs = (await db.labResult.findMany({ where: { patientId } })).sort((a, b) => (a.loincCode < b.loincCode ? -1 : 1));
    expect(labs.map((row) => [row.panel, row.loincCode, row.valueNumeric, row.flag])).toEqual([
      ["Electrolytes", "2823-3", 3.3, "LOW"],
      ["Vitals", "29463-7", 71.4, "NORMAL"],
      ["Electrolytes", "2951-2", 139, "NORMAL"],
      ["Vitals", "8462-4", 92, "NORMAL"],
      ["Vitals", "8480-6", 148, "NORMAL"],
    ]);
    expect(await db.medication.findFirst({ where: { patientId } })).toMatchObject({ rxnormCode: "866924", status: "ACTIVE", dose: "25 mg by mouth twice daily" });
    expect(await db.allergy.findFirst({ where: { patientId } })).toMatchObject({ substance: "Codeine", rxnormCode: "2670", severity: "MODERATE" });

    // Served back through the API as received, references pointing at the resources they became.
    askingAs.context = { actor: { kind: "anonymous" }, ip: null, userAgent: null };
    const observationId = labs.find((row) => row.loincCode === "8480-6")!.importedResourceId!;
    const read = await readRoute(routeRequest(`/fhir/R4/Observation/${observationId}`, { headers: { authorization: `Bearer ${token}` } }), routeParams({ type: "Observation", id: observationId }));
    const observation = (await read.json()) as Observation;
    expect(observation.subject!.reference).toBe(`Patient/${patientId}`);
    expect(observation.encounter!.reference).toMatch(/^Encounter\/[0-9a-f-]{36}$/);
    expect(observation.component).toHaveLength(2);
    const stored = await db.importedResource.findFirstOrThrow({ where: { patientId, resourceType: "Patient" } }).catch(() => null);
    expect(stored).toBeNull();
    const storedPatient = (await (await readRoute(routeRequest(`/fhir/R4/Patient/${patientId}`, { headers: { authorization: `Bearer ${token}` } }), routeParams({ type: "Patient", id: patientId }))).json()) as Patient;
    expect(storedPatient.name![0]!.family).toBe("Okonkwo");

    const before = await chartCounts(patientId);
    const again = await post(token, JSON.stringify(bundle));
    expect(again.status).toBe(200);
    expect(await chartCounts(patientId)).toEqual(before);
    expect(await db.patient.count({ where: { familyName: "Okonkwo", identifiers: { some: { value: "RH-a001" } } } })).toBe(1);
  });

  it("imports nothing when one resource is wrong, and lists every problem with its FHIR path, audited", async () => {
    const token = await integrationToken("system/*.write");
    const bundle = freshTransaction("b002");
    const entries = bundle.entry!;
    delete (entries[6]!.resource as { status?: string }).status; // body weight without a status
    (entries[4]!.resource as { onsetDateTime?: string }).onsetDateTime = "2025-02-30"; // no such day
    (entries[11]!.resource as { patient: { reference: string } }).patient.reference = "urn:uuid:00000000-0000-4000-8000-000000000000";
    const patientsBefore = await db.patient.count();
    const importedBefore = await db.importedResource.count();
    const response = await post(token, JSON.stringify(bundle));
    expect(response.status).toBe(422);
    const outcome = (await response.json()) as OperationOutcome;
    const paths = outcome.issue.flatMap((issue) => issue.expression ?? []);
    expect(paths).toEqual(expect.arrayContaining(["Bundle.entry[6].resource.status", "Bundle.entry[4].resource.onsetDateTime", "Bundle.entry[11].resource.patient.reference"]));
    expect(await db.patient.count()).toBe(patientsBefore);
    expect(await db.importedResource.count()).toBe(importedBefore);
    expect(await db.auditEvent.findFirst({ where: { action: "records.import", outcome: "DENIED" }, orderBy: { id: "desc" } })).toMatchObject({ reason: expect.stringContaining("refused") });
  });

  it("refuses malformed JSON, a wrong resourceType, a Patient without a name, an oversized body, and a client without the write scope", async () => {
    const token = await integrationToken("system/*.write");
    expect((await post(token, "{not json")).status).toBe(400);
    expect((await post(token, JSON.stringify({ resourceType: "Patient", name: [{ family: "X" }] }))).status).toBe(400);
    expect((await post(token, JSON.stringify({ resourceType: "Bundle", type: "searchset", entry: [] }))).status).toBe(400);
    const nameless = freshTransaction("c003");
    delete (nameless.entry![0]!.resource as { name?: unknown }).name;
    const refused = await post(token, JSON.stringify(nameless));
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as OperationOutcome).issue.some((issue) => issue.expression?.includes("Bundle.entry[0].resource.name"))).toBe(true);
    const huge = JSON.stringify({ resourceType: "Bundle", type: "transaction", entry: [], padding: "x".repeat(21 * 1024 * 1024) });
    const tooLarge = await post(token, huge);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as OperationOutcome).resourceType).toBe("OperationOutcome");
    const reader = await integrationToken("system/*.read");
    expect((await post(reader, JSON.stringify(freshTransaction("d004")))).status).toBe(403);
  });
});

describe("outside records in the chart", () => {
  it("shows outside problems, allergies and medications marked with their source, outside notes in History and outside results in the trend", async () => {
    const report = await importRecords(db, entriesOfBundle(freshTransaction("e005")), { source: "synthea-style-transaction.json" });
    const patientId = report.references["urn:uuid:e005-7a1b-4c2d-9e3f-0a1b2c3d4e5f"]!.slice(8);
    const chart = await createChartFixture(db);
    await chart.addAppointment({ patientId });
    const physician = chart.physician.context;

    const summary = await getChartSummary(db, physician, { patientId });
    const source = { organization: "Riverside Cardiology Associates", importedAt: expect.any(Date) };
    expect(summary.problems).toEqual([expect.objectContaining({ description: "Atrial fibrillation", icd10Code: "49436004", codeSystem: "http://snomed.info/sct", source })]);
    expect(summary.allergies).toEqual([expect.objectContaining({ substance: "Codeine", source })]);
    expect(summary.medications).toEqual([expect.objectContaining({ rxnormCode: "866924", source })]);

    const outside = await listOutsideRecords(db, physician, { patientId });
    expect(outside.map((record) => [record.kind, record.title])).toEqual([
      ["note", "Consult note"],
      ["encounter", "Consultation"],
    ]);
    expect(outside[0]).toMatchObject({ text: expect.stringContaining("48-hour Holter monitor"), source });

    const trend = await getAnalyteTrend(db, physician, { patientId, loincCode: "2823-3" });
    expect(trend.points).toEqual([expect.objectContaining({ value: 3.3, abnormal: true, source })]);
    await expect(listOutsideRecords(db, chart.otherPhysician.context, { patientId })).rejects.toMatchObject({ status: 403 });
  });
});

describe("a collection from the operator's command", () => {
  it("keeps a patient who shares only a name and birth date apart, as a possible duplicate; strips script from notes; keeps the PDF", async () => {
    const existing = await createTestPatient(db, { givenName: "Jonas", familyName: "Brandt" });
    await db.patient.update({ where: { id: existing.patientId }, data: { dateOfBirth: new Date("1955-03-21T00:00:00Z") } });
    const entries = entriesOfBundle(fixture("us-core-style-collection.json"));
    const report = await importRecords(db, entries, { source: "us-core-style-collection.json" });
    expect(report.possibleDuplicates).toHaveLength(1);
    const [duplicate] = report.possibleDuplicates;
    expect(duplicate!.matchedPatientId).toBe(existing.patientId);
    expect(duplicate!.patientId).not.toBe(existing.patientId);
    expect(await db.possibleDuplicatePatient.count({ where: { patientId: duplicate!.patientId, matchedPatientId: existing.patientId, resolvedAt: null } })).toBe(1);
    expect(report.sourceOrganization).toBe("Lakeside Family Clinic");

    const note = await db.importedResource.findFirstOrThrow({ where: { patientId: duplicate!.patientId, resourceType: "DocumentReference" } });
    const [html, pdf] = (note.resource as unknown as DocumentReference).content.map((content) => Buffer.from(content.attachment.data!, "base64").toString("utf8"));
    expect(html).toContain("Thyroid nodule");
    expect(html).not.toMatch(/script|onclick|onerror|evil/);
    expect(pdf).toMatch(/^%PDF-1\.4/);

    // Matched by identifier the second time: nothing new.
    const again = await importRecords(db, entries, { source: "us-core-style-collection.json" });
    expect(again.created).toEqual({});
    expect(again.possibleDuplicates).toEqual([]);
  });
});
