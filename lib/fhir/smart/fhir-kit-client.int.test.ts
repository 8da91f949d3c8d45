import type { Bundle, CapabilityStatement, Patient } from "@medplum/fhirtypes";
import { Client } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as metadataRoute } from "@/app/fhir/R4/metadata/route";
import { GET as operationRoute } from "@/app/fhir/R4/[type]/[id]/[operation]/route";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { GET as searchRoute } from "@/app/fhir/R4/[type]/route";
import { POST as tokenRoute } from "@/app/fhir/auth/token/route";
import { createChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { getDb } from "@/lib/db/client";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { startRouteServer, type Route } from "../testing/route-server";
import { clientAssertion, createTestSmartKeys, tokenForm } from "../testing/smart-client";
import { registerClient } from "./clients";

// An outside system's view: a standard FHIR client library (fhir-kit-client)
// over HTTP with a SMART Backend Services token: the capability statement, a
// read, a search paged with its links, and $everything.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
const routes = [
  { method: "GET", pattern: "/fhir/R4/metadata", handler: metadataRoute },
  { method: "GET", pattern: "/fhir/R4/[type]", handler: searchRoute },
  { method: "GET", pattern: "/fhir/R4/[type]/[id]", handler: readRoute },
  { method: "GET", pattern: "/fhir/R4/[type]/[id]/[operation]", handler: operationRoute },
  { method: "POST", pattern: "/fhir/auth/token", handler: tokenRoute },
] satisfies Route[];
let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  server = await startRouteServer(routes);
  process.env.APP_URL = server.url;
});

afterAll(async () => {
  delete process.env.APP_URL;
  await server?.close();
  await db.$disconnect();
});

describe("a standard FHIR client with a Backend Services token", () => {
  it("reads the capability statement, a patient, pages through a search and fetches $everything", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    const keys = await createTestSmartKeys();
    const registered = await registerClient(db, admin, { name: "Population health", jwks: keys.jwks, scopes: "system/*.read" });
    const tokenUrl = `${server.url}/fhir/auth/token`;
    const tokenResponse = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: tokenForm(await clientAssertion(keys, registered.id, tokenUrl), "system/*.read"),
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: bearerToken } = await tokenResponse.json();

    const fixture = await createChartFixture(db);
    const { patientId } = fixture.patient;
    await fixture.addAppointment();
    await db.labResult.createMany({
      data: Array.from({ length: 5 }, (_, index) => ({ patientId, panel: "HbA1c", loincCode: "4548-4", analyte: "Hemoglobin A1c", valueNumeric: 6 + index / 10, unit: "%", effectiveAt: new Date(Date.UTC(2024, index, 1)) })),
    });

    const client = new Client({ baseUrl: `${server.url}/fhir/R4`, bearerToken });
    const capability = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    expect(capability.fhirVersion).toBe("4.0.1");

    const patient = (await client.read({ resourceType: "Patient", id: patientId })) as unknown as Patient;
    expect(patient.id).toBe(patientId);

    const seen: string[] = [];
    let page = (await client.search({ resourceType: "Observation", searchParams: { patient: patientId, code: "4548-4", _count: 2 } })) as unknown as Bundle;
    for (;;) {
      seen.push(...(page.entry ?? []).map((entry) => entry.resource!.id!));
      const next = client.nextPage({ bundle: page as never });
      if (!next) break;
      page = (await next) as unknown as Bundle;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const previous = (await client.prevPage({ bundle: page as never })) as unknown as Bundle;
    expect(previous.entry).toHaveLength(2);

    const everything = (await client.operation({ name: "$everything", resourceType: "Patient", id: patientId, method: "GET" })) as unknown as Bundle;
    expect(everything.entry!.some((entry) => entry.resource!.resourceType === "Observation")).toBe(true);
    await expect(client.read({ resourceType: "Patient", id: "no-such-patient" })).rejects.toMatchObject({ response: { status: 404 } });
  });
});
