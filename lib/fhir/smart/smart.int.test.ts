import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { GET as searchRoute } from "@/app/fhir/R4/[type]/route";
import { GET as smartConfigurationRoute } from "@/app/fhir/R4/.well-known/smart-configuration/route";
import { POST as tokenRoute } from "@/app/fhir/auth/token/route";
import { createChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { clientAssertion, createTestSmartKeys, tokenForm } from "../testing/smart-client";
import { registerClient, revokeClient } from "./clients";

// SMART Backend Services end to end: an administrator registers a client with
// its public keys, the client signs an assertion for a token and reads with
// it; every way of getting it wrong is refused and audited.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

const TOKEN_URL = "http://localhost/fhir/auth/token";

async function registered(scopes: string) {
  const admin = await createTestStaff(db, "ADMIN");
  const keys = await createTestSmartKeys();
  const client = await registerClient(db, admin, { name: "Regional registry", jwks: keys.jwks, scopes });
  return { admin, keys, client };
}

function askForToken(form: string) {
  return tokenRoute(routeRequest("/fhir/auth/token", { body: form, headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.77" } }));
}

function withToken(path: string, token: string) {
  return routeRequest(path, { headers: { authorization: `Bearer ${token}` } });
}

const deniedTokenRequests = (clientId: string) =>
  db.auditEvent.count({ where: { actorId: `integration:${clientId}`, action: "integration.token", outcome: "DENIED" } });

describe("SMART Backend Services", () => {
  it("describes itself at .well-known/smart-configuration", async () => {
    const response = await smartConfigurationRoute(routeRequest("/fhir/R4/.well-known/smart-configuration"));
    expect(await response.json()).toMatchObject({
      token_endpoint: TOKEN_URL,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"],
      grant_types_supported: ["client_credentials"],
    });
  });

  it("gives a registered client a five-minute token for its scopes, with which it reads any patient, audited", async () => {
    const { keys, client } = await registered("system/*.read");
    const response = await askForToken(tokenForm(await clientAssertion(keys, client.id, TOKEN_URL), "system/Patient.read system/Observation.read"));
    expect(response.status).toBe(200);
    const token = await response.json();
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 300, scope: "system/Observation.read system/Patient.read" });

    const { patient } = await createChartFixture(db);
    askingAs.context = { actor: { kind: "anonymous" }, ip: null, userAgent: null };
    const read = await readRoute(withToken(`/fhir/R4/Patient/${patient.patientId}`, token.access_token), routeParams({ type: "Patient", id: patient.patientId }));
    expect(read.status).toBe(200);
    expect(await db.auditEvent.findFirst({ where: { patientId: patient.patientId, actorId: `integration:${client.id}` } })).toMatchObject({
      action: "patient.demographics.read",
      outcome: "ALLOWED",
    });
    // Across patients: an integration may search without naming one.
    const search = await searchRoute(withToken("/fhir/R4/Patient?_count=2", token.access_token), routeParams({ type: "Patient" }));
    expect(search.status).toBe(200);
    // Outside its token's scopes: refused and audited.
    const notGranted = await searchRoute(withToken(`/fhir/R4/Condition?patient=${patient.patientId}`, token.access_token), routeParams({ type: "Condition" }));
    expect(notGranted.status).toBe(403);
    expect(await db.auditEvent.count({ where: { patientId: patient.patientId, actorId: `integration:${client.id}`, outcome: "DENIED" } })).toBe(1);
  });

  it("refuses an assertion signed with another key, an expired one, a reused one and one for another audience, each audited", async () => {
    const { keys, client } = await registered("system/Patient.read");
    const stranger = await createTestSmartKeys();
    const forged = await askForToken(tokenForm(await clientAssertion(stranger, client.id, TOKEN_URL), "system/Patient.read"));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: "invalid_client" });
    expect((await askForToken(tokenForm(await clientAssertion(keys, client.id, TOKEN_URL, { expiresInSeconds: -60 }), "system/Patient.read"))).status).toBe(401);
    expect((await askForToken(tokenForm(await clientAssertion(keys, client.id, "https://elsewhere.example/token"), "system/Patient.read"))).status).toBe(401);
    expect((await askForToken(tokenForm(await clientAssertion(keys, client.id, TOKEN_URL, { expiresInSeconds: 3600 }), "system/Patient.read"))).status).toBe(401);
    const once = await clientAssertion(keys, client.id, TOKEN_URL);
    expect((await askForToken(tokenForm(once, "system/Patient.read"))).status).toBe(200);
    const replayed = await askForToken(tokenForm(once, "system/Patient.read"));
    expect(replayed.status).toBe(401);
    expect((await replayed.json()).error_description).toMatch(/used before/);
    expect(await deniedTokenRequests(client.id)).toBe(5);
  });

  it("refuses a scope the client does not hold, and malformed requests", async () => {
    const { keys, client } = await registered("system/Patient.read");
    const wider = await askForToken(tokenForm(await clientAssertion(keys, client.id, TOKEN_URL), "system/*.read system/Observation.read"));
    expect(wider.status).toBe(400);
    expect(await wider.json()).toMatchObject({ error: "invalid_scope" });
    expect((await askForToken("grant_type=password")).status).toBe(400);
    expect((await askForToken(tokenForm("not.a.jwt", "system/Patient.read"))).status).toBe(401);
    expect(await deniedTokenRequests(client.id)).toBe(1);
  });

  it("stops a revoked client at once: no new tokens, and its token no longer reads", async () => {
    const { admin, keys, client } = await registered("system/Patient.read");
    const { access_token: token } = await (await askForToken(tokenForm(await clientAssertion(keys, client.id, TOKEN_URL), "system/Patient.read"))).json();
    await revokeClient(db, admin, { clientId: client.id });
    expect((await askForToken(tokenForm(await clientAssertion(keys, client.id, TOKEN_URL), "system/Patient.read"))).status).toBe(401);
    const { patient } = await createChartFixture(db);
    expect((await readRoute(withToken(`/fhir/R4/Patient/${patient.patientId}`, token), routeParams({ type: "Patient", id: patient.patientId }))).status).toBe(401);
  });

  it("lets only an administrator register a client, with public keys only", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const keys = await createTestSmartKeys("ES384");
    await expect(registerClient(db, scheduler, { name: "Sneaky", jwks: keys.jwks, scopes: "system/*.read" })).rejects.toMatchObject({ status: 403 });
    const admin = await createTestStaff(db, "ADMIN");
    const withPrivate = JSON.stringify({ keys: [{ ...JSON.parse(keys.jwks).keys[0], d: "private-part" }] });
    await expect(registerClient(db, admin, { name: "Leaky", jwks: withPrivate, scopes: "system/*.read" })).rejects.toThrow(/private part/);
    await expect(registerClient(db, admin, { name: "Odd", jwks: keys.jwks, scopes: "user/*.read" })).rejects.toThrow();
    await expect(registerClient(db, admin, { name: "Broken", jwks: "{not json", scopes: "system/*.read" })).rejects.toThrow(/not valid JSON/);
    expect(await registerClient(db, admin, { name: "Lab", jwks: keys.jwks, scopes: "system/Observation.read, system/Patient.read" })).toMatchObject({
      scopes: ["system/Observation.read", "system/Patient.read"],
    });
  });
});
