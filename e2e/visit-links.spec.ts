import { expect, test } from "@playwright/test";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase } from "./support/server-state";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

async function completedVisitOf(where: { patient: { user: { email: string } } } | { patient: { user: null } }) {
  return db.appointment.findFirstOrThrow({
    where: { ...where, status: "COMPLETED", visit: { note: { status: "SIGNED" } } },
    orderBy: { startsAt: "desc" },
    include: { visit: { include: { note: true } } },
  });
}

test.describe("a patient's visit link", () => {
  test("opens its own visit and after-visit summary without a password", async ({ page }) => {
    const appointment = await completedVisitOf({ patient: { user: { email: DEMO_PATIENT_EMAIL } } });
    const { token } = await issueVisitLink(db, appointment.id);

    await page.goto(`/visit/${token}`);

    await expect(page.getByRole("heading", { level: 1, name: "Hello, Alex" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "After-visit summary" })).toBeVisible();
    const planStart = appointment.visit!.note!.plan.split("\n")[0]!.slice(0, 40);
    // A plan of one line is also the summary's follow-up instruction: it may be shown twice.
    await expect(page.getByText(planStart).first()).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("is refused for another patient's visit, and the refusal is audited", async ({ request }) => {
    const own = await completedVisitOf({ patient: { user: { email: DEMO_PATIENT_EMAIL } } });
    const foreign = await completedVisitOf({ patient: { user: null } });
    const { token, linkId } = await issueVisitLink(db, own.id);
    const headers = { authorization: `VisitLink ${token}` };

    const ownSummary = await request.get(`/api/visits/${own.id}/summary`, { headers });
    expect(ownSummary.status()).toBe(200);
    expect((await ownSummary.json()).summary.plan).toBe(own.visit!.note!.plan);

    const refused = await request.get(`/api/visits/${foreign.id}/summary`, { headers });
    // Answered as a link that does not work; the audit keeps why.
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toEqual({ error: "Sign in to continue.", code: "ACCESS_DENIED", breakGlassAvailable: false });
    const denial = await db.auditEvent.findFirst({
      where: { actorId: `visit-link:${linkId}`, resourceId: foreign.id, outcome: "DENIED" },
    });
    expect(denial).toMatchObject({ action: "visit.summary.read", patientId: foreign.patientId, actorRole: "PATIENT" });
  });

  test("stops working when tampered with, revoked or expired", async ({ page, request }) => {
    const appointment = await completedVisitOf({ patient: { user: { email: DEMO_PATIENT_EMAIL } } });
    const notWorking = async (token: string) => {
      const response = await page.goto(`/visit/${token}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "This visit link does not work" })).toBeVisible();
      const api = await request.get(`/api/visits/${appointment.id}/summary`, { headers: { authorization: `VisitLink ${token}` } });
      expect(api.status()).toBe(401);
    };

    const tampered = await issueVisitLink(db, appointment.id);
    const [linkId, signature] = tampered.token.split(".");
    await notWorking(`${linkId}.${signature!.slice(0, -3)}abc`);

    const revoked = await issueVisitLink(db, appointment.id);
    await db.visitLink.update({ where: { id: revoked.linkId }, data: { revokedAt: new Date() } });
    await notWorking(revoked.token);

    const expired = await issueVisitLink(db, appointment.id);
    await db.visitLink.update({ where: { id: expired.linkId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await notWorking(expired.token);
  });

  test("answers malformed ids with 400 and unknown ones with 404", async ({ request }) => {
    const appointment = await completedVisitOf({ patient: { user: { email: DEMO_PATIENT_EMAIL } } });
    const { token } = await issueVisitLink(db, appointment.id);
    const headers = { authorization: `VisitLink ${token}` };
    expect((await request.get(`/api/visits/${encodeURIComponent("1' OR '1'='1")}/summary`, { headers })).status()).toBe(400);
    expect((await request.get(`/api/visits/${"a".repeat(65)}/summary`, { headers })).status()).toBe(400);
    expect((await request.get(`/api/visits/no-such-appointment/summary`, { headers })).status()).toBe(404);
  });
});
