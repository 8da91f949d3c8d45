import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as historyRoute } from "@/app/api/patients/[patientId]/chart/history/route";
import { GET as analytesRoute } from "@/app/api/patients/[patientId]/chart/labs/analytes/route";
import { GET as labsRoute } from "@/app/api/patients/[patientId]/chart/labs/route";
import { GET as trendRoute } from "@/app/api/patients/[patientId]/chart/labs/trend/route";
import { POST as breakGlassRoute } from "@/app/api/patients/[patientId]/break-glass/route";
import { GET as summaryRoute } from "@/app/api/patients/[patientId]/chart/summary/route";
import { GET as drugsRoute } from "@/app/api/patients/[patientId]/drugs/route";
import { GET as listPrescriptionsRoute, POST as prescribeRoute } from "@/app/api/patients/[patientId]/prescriptions/route";
import { POST as discontinueRoute } from "@/app/api/prescriptions/[prescriptionId]/discontinue/route";
import { encryptSecret, TOTP_SECRET_PURPOSE } from "@/lib/auth/mfa/secret-box";
import { generateTotpSecret, totpCode } from "@/lib/auth/mfa/totp";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { addPenicillinAllergy, createChartFixture, daysAgo } from "./testing/chart-fixtures";

// The chart and prescription routes over HTTP semantics: status codes, JSON
// shapes, query parsing, break-glass and malformed ids; the rules
// themselves are chart.int.test.ts's and prescriptions.int.test.ts's.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

const AMOXICILLIN_500 = "308191";

async function allergicPatient() {
  const fixture = await createChartFixture(db);
  const visit = await fixture.addAppointment({ at: daysAgo(30) });
  const allergy = await addPenicillinAllergy(db, fixture.patient.patientId);
  await db.labResult.createMany({
    data: [90, 130, 95].map((value, index) => ({
      patientId: fixture.patient.patientId,
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
  return { ...fixture, visit, allergy, patientId: fixture.patient.patientId };
}

const amoxicillin = (appointmentId: string) => ({
  appointmentId,
  rxnormCode: AMOXICILLIN_500,
  dose: "500 mg",
  route: "oral",
  frequency: "twice daily",
  quantity: 20,
  refills: 0,
});

function prescribe(patientId: string, json: unknown) {
  return prescribeRoute(routeRequest(`/api/patients/${patientId}/prescriptions`, { json }), routeParams({ patientId }));
}

describe("prescribing over HTTP", () => {
  it("answers unacknowledged warnings with 409 listing them, writes nothing, then 201 once they are acknowledged", async () => {
    const { patientId, visit, allergy } = await allergicPatient();

    const warned = await prescribe(patientId, amoxicillin(visit.appointmentId));
    expect(warned.status).toBe(409);
    const body = await warned.json();
    expect(body).toEqual({
      error: "This prescription needs a warning acknowledged before it can be created.",
      code: "PRESCRIPTION_WARNINGS",
      warnings: [
        {
          code: `allergy:${allergy.id}`,
          kind: "ALLERGY_CLASS",
          severity: "HIGH",
          reasonRequired: false,
          message: expect.stringContaining("Allergy to Penicillin (hives and facial swelling, severe)"),
        },
      ],
    });
    expect(await db.prescription.count({ where: { patientId } })).toBe(0);

    const written = await prescribe(patientId, { ...amoxicillin(visit.appointmentId), acknowledgedWarnings: body.warnings.map((warning: { code: string }) => warning.code) });
    expect(written.status).toBe(201);
    const created = await written.json();
    expect(created).toMatchObject({
      prescription: { rxnormCode: AMOXICILLIN_500, status: "ACTIVE", visitId: visit.visitId, prescribedAt: expect.any(String) },
      acknowledged: body.warnings,
    });

    const listed = await listPrescriptionsRoute(routeRequest(`/api/patients/${patientId}/prescriptions`), routeParams({ patientId }));
    expect(listed.headers.get("cache-control")).toBe("no-store");
    expect((await listed.json()).prescriptions.map((prescription: { id: string }) => prescription.id)).toEqual([created.prescription.id]);

    const discontinue = (reason: unknown) =>
      discontinueRoute(
        routeRequest(`/api/prescriptions/${created.prescription.id}/discontinue`, { json: { reason } }),
        routeParams({ prescriptionId: created.prescription.id }),
      );
    expect((await discontinue("")).status).toBe(400);
    const stopped = await discontinue("Rash on day 2");
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toMatchObject({ id: created.prescription.id, status: "DISCONTINUED", discontinueReason: "Rash on day 2" });
    expect((await discontinue("Again")).status).toBe(409);
  });

  it("answers a rule broken with 422, a malformed body with 400, and a body naming another patient with 400, writing nothing", async () => {
    const { patientId, visit, otherPatient } = await allergicPatient();
    const wrongRoute = await prescribe(patientId, { ...amoxicillin(visit.appointmentId), route: "intravenous" });
    expect(wrongRoute.status).toBe(422);
    expect(await wrongRoute.json()).toMatchObject({ code: "ROUTE_NOT_FOR_DRUG" });
    expect((await prescribe(patientId, { ...amoxicillin(visit.appointmentId), quantity: "twenty" })).status).toBe(400);
    expect((await prescribe(patientId, { ...amoxicillin(visit.appointmentId), unexpected: true })).status).toBe(400);
    const otherPatientsBody = await prescribe(patientId, { ...amoxicillin(visit.appointmentId), patientId: otherPatient.patientId });
    expect(otherPatientsBody.status).toBe(400);
    expect(await prescribe(patientId, { ...amoxicillin(visit.appointmentId), patientId, acknowledgedWarnings: [] })).toHaveProperty("status", 409);
    expect(await db.prescription.count({ where: { patientId: { in: [patientId, otherPatient.patientId] } } })).toBe(0);
  });

  it("searches drugs with the warnings each would raise", async () => {
    const { patientId, allergy } = await allergicPatient();
    const search = (query: string) => drugsRoute(routeRequest(`/api/patients/${patientId}/drugs?${query}`), routeParams({ patientId }));
    const response = await search("q=amoxicillin%20500&limit=5");
    expect(response.status).toBe(200);
    const { drugs } = await response.json();
    expect(drugs[0]).toMatchObject({
      rxcui: AMOXICILLIN_500,
      name: "amoxicillin 500 MG Oral Capsule",
      routes: ["oral"],
      warnings: [{ code: `allergy:${allergy.id}`, kind: "ALLERGY_CLASS" }],
    });
    expect((await search("q=")).status).toBe(400);
    expect((await search("q=amox&limit=500")).status).toBe(400);
  });
});

describe("reading the chart over HTTP", () => {
  it("returns each tab's JSON, reading the query and ignoring empty filters", async () => {
    const { patientId } = await allergicPatient();
    const get = (handler: typeof summaryRoute, path: string) => handler(routeRequest(`/api/patients/${patientId}/${path}`), routeParams({ patientId }));

    const summary = await get(summaryRoute, "chart/summary");
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({ patient: { id: patientId }, allergies: [{ substance: "Penicillin", highlighted: true }], breakGlass: false });

    const firstPage = await (await get(labsRoute, "chart/labs?limit=2&from=&to=")).json();
    expect(firstPage.groups.map((group: { effectiveAt: string }) => group.effectiveAt)).toEqual(["2025-03-10T15:00:00.000Z", "2025-02-10T15:00:00.000Z"]);
    const secondPage = await (await get(labsRoute, `chart/labs?limit=2&cursor=${firstPage.nextCursor}`)).json();
    expect(secondPage).toMatchObject({ groups: [{ effectiveAt: "2025-01-10T15:00:00.000Z" }], nextCursor: null });
    const filtered = await (await get(labsRoute, "chart/labs?from=2025-02-01&to=2025-03-01&panel=BMP")).json();
    expect(filtered.groups).toHaveLength(1);

    expect(await (await get(analytesRoute, "chart/labs/analytes")).json()).toMatchObject({
      analytes: [{ panel: "BMP", analytes: [{ loincCode: "2345-7", count: 3 }] }],
    });
    const trend = await (await get(trendRoute, "chart/labs/trend?loinc=2345-7&from=2025-01-01")).json();
    expect(trend.points.map((point: { abnormal: boolean }) => point.abnormal)).toEqual([false, true, false]);

    expect(await (await get(historyRoute, "chart/history?limit=10")).json()).toMatchObject({ visits: [{ visitId: expect.any(String) }], nextCursor: null });
  });

  it("answers malformed ids, cursors, dates and limits with 400", async () => {
    const { patientId } = await allergicPatient();
    for (const badId of ["1' OR '1'='1", "a".repeat(65), "..", ""]) {
      const params = routeParams({ patientId: badId });
      for (const handler of [summaryRoute, labsRoute, analytesRoute, historyRoute, listPrescriptionsRoute]) {
        expect((await handler(routeRequest("/api/patients/x/chart"), params)).status).toBe(400);
      }
      expect((await trendRoute(routeRequest("/api/patients/x/chart/labs/trend?loinc=2345-7"), params)).status).toBe(400);
      expect((await drugsRoute(routeRequest("/api/patients/x/drugs?q=amox"), params)).status).toBe(400);
      expect((await prescribeRoute(routeRequest("/api/patients/x/prescriptions", { json: amoxicillin("a") }), params)).status).toBe(400);
      const discontinue = await discontinueRoute(routeRequest("/api/prescriptions/x/discontinue", { json: { reason: "x" } }), routeParams({ prescriptionId: badId }));
      expect(discontinue.status).toBe(400);
    }
    const get = (handler: typeof summaryRoute, path: string) => handler(routeRequest(`/api/patients/${patientId}/${path}`), routeParams({ patientId }));
    for (const query of ["cursor=not-a-cursor", "from=yesterday", "limit=0", "limit=1001", "from=2025-03-01&to=2025-01-01"]) {
      expect((await get(labsRoute, `chart/labs?${query}`)).status, query).toBeGreaterThanOrEqual(400);
    }
    expect((await get(labsRoute, "chart/labs?from=2025-03-01&to=2025-01-01")).status).toBe(422);
    expect((await get(trendRoute, "chart/labs/trend")).status).toBe(400);
    expect((await get(trendRoute, "chart/labs/trend?loinc=glucose")).status).toBe(400);
    expect((await get(historyRoute, "chart/history?cursor=abc")).status).toBe(400);
  });

  it("refuses a physician outside the care relationship with 403 offering break-glass; a stated reason alone opens nothing", async () => {
    const { patientId, otherPhysician, scheduler } = await allergicPatient();
    const summary = (headers: Record<string, string> = {}) =>
      summaryRoute(routeRequest(`/api/patients/${patientId}/chart/summary`, { headers }), routeParams({ patientId }));

    askingAs.context = otherPhysician.context;
    const refused = await summary();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: expect.stringContaining("break-glass access"), code: "ACCESS_DENIED", breakGlassAvailable: true });
    // The header that used to open any chart with ten characters is no credential.
    expect((await summary({ "X-Break-Glass-Reason": "Covering on call; patient in the emergency department" })).status).toBe(403);
    askingAs.context = scheduler;
    expect(await (await summary()).json()).toMatchObject({ breakGlassAvailable: false });
    askingAs.context = { actor: { kind: "anonymous" }, ip: null, userAgent: null };
    expect((await summary()).status).toBe(401);
  });

  it("opens the chart and prescribing to a physician who breaks the glass with a fresh code, each access audited as break-glass", async () => {
    const { patientId, otherPhysician, scheduler } = await allergicPatient();
    const secret = generateTotpSecret();
    await db.user.update({ where: { id: otherPhysician.userId }, data: { mfaSecret: encryptSecret(secret, TOTP_SECRET_PURPOSE), mfaEnabledAt: new Date() } });
    const breakGlass = (json: unknown) => breakGlassRoute(routeRequest(`/api/patients/${patientId}/break-glass`, { json }), routeParams({ patientId }));
    const request = { reasonCode: "COVERING_CLINICIAN", reasonText: "On call for Dr. Lee; patient phoned with chest pain" };

    askingAs.context = otherPhysician.context;
    const wrongCode = await breakGlass({ ...request, code: "000000" });
    expect(wrongCode.status).toBe(403);
    expect(await wrongCode.json()).toMatchObject({ code: "ACCESS_DENIED", error: expect.stringContaining("authenticator app") });
    const malformed = await breakGlass({ ...request, reasonCode: "CURIOUS", code: "12" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).issues.map((issue: { path: string }) => issue.path)).toEqual(["reasonCode", "code"]);
    expect((await breakGlass({ ...request, patientId: "someone-else", code: totpCode(secret, Date.now()) })).status).toBe(400);

    const opened = await breakGlass({ ...request, code: totpCode(secret, Date.now()) });
    expect(opened.status).toBe(201);
    expect(opened.headers.get("cache-control")).toBe("no-store");
    const { grant } = await opened.json();
    expect(grant).toEqual({ id: expect.any(String), patientId, expiresAt: expect.any(String) });

    const summary = await summaryRoute(routeRequest(`/api/patients/${patientId}/chart/summary`), routeParams({ patientId }));
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({ patient: { id: patientId }, breakGlass: true });
    const prescribed = await prescribe(patientId, { rxnormCode: "311372", dose: "10 mg", route: "oral", frequency: "once daily", quantity: 30, refills: 0 });
    expect(prescribed.status).toBe(201);
    const audited = await db.auditEvent.findFirstOrThrow({ where: { patientId, actorId: otherPhysician.userId, action: "prescription.write" } });
    expect(audited).toMatchObject({ outcome: "ALLOWED", breakGlass: true, reason: `break-glass grant ${grant.id}` });

    askingAs.context = scheduler;
    expect((await breakGlass({ ...request, code: totpCode(secret, Date.now()) })).status).toBe(403);
  });
});
