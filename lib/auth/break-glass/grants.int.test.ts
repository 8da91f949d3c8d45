import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { getChartSummary } from "@/lib/chart/summary";
import { auditRowsOf, createChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { encryptSecret, TOTP_SECRET_PURPOSE } from "../mfa/secret-box";
import { generateTotpSecret, TOTP_STEP_SECONDS, totpCode } from "../mfa/totp";
import { BreakGlassThrottledError } from "./errors";
import { openBreakGlass, currentBreakGlassGrant, type OpenBreakGlassInput } from "./grants";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const MINUTE = 60_000;
const STEP_MS = TOTP_STEP_SECONDS * 1000;

/** Enrols the user in two-step verification; returns a function giving the code `steps` steps from now. */
async function enrolMfa(userId: string) {
  const secret = generateTotpSecret();
  await db.user.update({ where: { id: userId }, data: { mfaSecret: encryptSecret(secret, TOTP_SECRET_PURPOSE), mfaEnabledAt: new Date() } });
  return (steps = 0) => totpCode(secret, Date.now() + steps * STEP_MS);
}

/** A patient, a physician with no care relationship with them (enrolled in MFA), and the request they make. */
async function strangerAtTheChart() {
  const fixture = await createChartFixture(db);
  await fixture.addAppointment();
  const code = await enrolMfa(fixture.otherPhysician.userId);
  // Untyped overrides: some tests send what a client should not.
  const request = (overrides: Partial<Record<"code" | "reasonCode" | "reasonText", string>> = {}) =>
    ({
      patientId: fixture.patient.patientId,
      reasonCode: "MEDICAL_EMERGENCY",
      reasonText: "Collapsed in the waiting room, unresponsive",
      code: code(),
      ...overrides,
    }) as OpenBreakGlassInput;
  return { ...fixture, code, request };
}

describe("opening a break-glass grant", () => {
  it("with a fresh code opens the chart for 60 minutes, flagged as break-glass, queued for review and for the privacy officer", async () => {
    const { otherPhysician, patient, request } = await strangerAtTheChart();
    await expect(getChartSummary(db, otherPhysician.context, { patientId: patient.patientId })).rejects.toMatchObject({ breakGlassAvailable: true });

    const now = new Date();
    const grant = await openBreakGlass(db, otherPhysician.context, request(), { now });
    expect(grant).toEqual({ id: expect.any(String), patientId: patient.patientId, expiresAt: new Date(now.getTime() + 60 * MINUTE) });
    expect(await currentBreakGlassGrant(db, otherPhysician.context, patient.patientId)).toEqual(grant);
    expect(await db.breakGlassGrant.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({
      userId: otherPhysician.userId,
      reasonCode: "MEDICAL_EMERGENCY",
      reasonText: "Collapsed in the waiting room, unresponsive",
      grantedAt: now,
    });
    expect(await db.accessReview.findUniqueOrThrow({ where: { breakGlassGrantId: grant.id } })).toMatchObject({
      kind: "BREAK_GLASS",
      actorId: otherPhysician.userId,
      subjectUserId: otherPhysician.userId,
      acknowledgedAt: null,
    });
    expect(await db.job.findUniqueOrThrow({ where: { dedupeKey: `access.breakGlass.notice:${grant.id}` } })).toMatchObject({
      kind: "access.breakGlass.notice",
      payload: { grantId: grant.id },
    });

    await expect(getChartSummary(db, otherPhysician.context, { patientId: patient.patientId })).resolves.toMatchObject({ breakGlass: true });
    const audit = (await auditRowsOf(db, patient.patientId)).filter((row) => row.actorId === otherPhysician.userId);
    expect(audit.map((row) => [row.action, row.outcome, row.breakGlass, row.reason])).toEqual([
      ["chart.read", "DENIED", false, expect.stringContaining("no current care relationship")],
      ["chart.breakGlass", "ALLOWED", false, "Medical emergency: Collapsed in the waiting room, unresponsive"],
      ["chart.read", "ALLOWED", true, `break-glass grant ${grant.id}`],
    ]);
  });

  it("is refused without the current code, and a code works once", async () => {
    const { otherPhysician, patient, code, request } = await strangerAtTheChart();
    for (const wrong of ["000000", code(-10)]) {
      const refusal = await openBreakGlass(db, otherPhysician.context, request({ code: wrong })).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AccessDeniedError);
      expect(refusal).toMatchObject({ status: 403, message: "Enter the current code from your authenticator app. Each code works once." });
    }
    const used = code();
    await openBreakGlass(db, otherPhysician.context, request({ code: used }));
    await expect(openBreakGlass(db, otherPhysician.context, request({ code: used }))).rejects.toBeInstanceOf(AccessDeniedError);
    expect(await db.breakGlassGrant.count({ where: { patientId: patient.patientId } })).toBe(1);
    const attempts = (await auditRowsOf(db, patient.patientId)).filter((row) => row.action === "chart.breakGlass");
    expect(attempts.map((row) => row.outcome)).toEqual(["DENIED", "DENIED", "ALLOWED", "DENIED"]);
  });

  it("is a physician's only: schedulers, administrators and patients are refused even with a valid code", async () => {
    const fixture = await strangerAtTheChart();
    const schedulerId = fixture.scheduler.actor.kind === "user" ? fixture.scheduler.actor.userId : "";
    const adminId = fixture.admin.actor.kind === "user" ? fixture.admin.actor.userId : "";
    for (const [context, userId] of [
      [fixture.scheduler, schedulerId],
      [fixture.admin, adminId],
      [fixture.patient.context, fixture.patient.context.actor.kind === "user" ? fixture.patient.context.actor.userId : ""],
    ] as const) {
      const code = await enrolMfa(userId);
      await expect(openBreakGlass(db, context, fixture.request({ code: code() }))).rejects.toMatchObject({ status: 403 });
    }
    await expect(openBreakGlass(db, { actor: { kind: "anonymous" }, ip: null, userAgent: null }, fixture.request())).rejects.toMatchObject({
      status: 401,
    });
    expect(await db.breakGlassGrant.count({ where: { patientId: fixture.patient.patientId } })).toBe(0);
  });

  it("wants a reason from the list and the physician's own words, and a patient who exists", async () => {
    const { otherPhysician, request } = await strangerAtTheChart();
    for (const bad of [
      request({ reasonCode: "CURIOSITY" }),
      request({ reasonText: "too short" }),
      request({ reasonText: "x".repeat(501) }),
      request({ reasonText: "Line one\u0007bell, and enough words" }),
      request({ code: "12345" }),
    ]) {
      await expect(openBreakGlass(db, otherPhysician.context, bad)).rejects.toBeInstanceOf(ZodError);
    }
    await expect(openBreakGlass(db, otherPhysician.context, { ...request(), patientId: "no-such-patient" })).rejects.toBeInstanceOf(ResourceNotFoundError);
    expect(await db.breakGlassGrant.count({ where: { userId: otherPhysician.userId } })).toBe(0);
  });

  it("stops trying after five refused attempts in a quarter of an hour, even with the right code", async () => {
    const { otherPhysician, code, request } = await strangerAtTheChart();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(openBreakGlass(db, otherPhysician.context, request({ code: "000000" }))).rejects.toBeInstanceOf(AccessDeniedError);
    }
    const throttled = await openBreakGlass(db, otherPhysician.context, request({ code: code() })).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(BreakGlassThrottledError);
    expect((throttled as BreakGlassThrottledError).headers()["Retry-After"]).toMatch(/^\d+$/);
    expect(await db.breakGlassGrant.count({ where: { userId: otherPhysician.userId } })).toBe(0);
  });

  it("lets the grant run out: after its hour the chart is closed again", async () => {
    const { otherPhysician, patient, code, request } = await strangerAtTheChart();
    const anHourAgo = new Date(Date.now() - 61 * MINUTE);
    await openBreakGlass(db, otherPhysician.context, request({ code: code((anHourAgo.getTime() - Date.now()) / STEP_MS) }), { now: anHourAgo });
    await expect(getChartSummary(db, otherPhysician.context, { patientId: patient.patientId })).rejects.toMatchObject({ breakGlassAvailable: true });
    expect(await currentBreakGlassGrant(db, otherPhysician.context, patient.patientId)).toBeNull();
  });

  it("cannot be changed or removed once written", async () => {
    const { otherPhysician, request } = await strangerAtTheChart();
    const grant = await openBreakGlass(db, otherPhysician.context, request());
    await expect(db.breakGlassGrant.update({ where: { id: grant.id }, data: { expiresAt: new Date(Date.now() + 86_400_000) } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.breakGlassGrant.delete({ where: { id: grant.id } })).rejects.toThrow(/append-only/);
  });
});
