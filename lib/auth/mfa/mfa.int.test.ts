import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import type { OwnAccount } from "../accounts/account";
import { beginMfaEnrolment, confirmMfaEnrolment, mfaStatus } from "./mfa";
import { hashPassword } from "../sign-in/password";
import { consumeRecoveryCode } from "./recovery-codes";
import { decryptSecret, TOTP_SECRET_PURPOSE } from "./secret-box";
import { createSession, hashSessionToken, resolveSession } from "../sessions/sessions";
import { signInWithPassword } from "../sign-in/sign-in";
import { totpCode, totpStep } from "./totp";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const client = { ip: null, userAgent: "mfa.int.test" };
const now = new Date("2030-03-04T10:00:00.000Z");
const PASSWORD = "Enrolment-Test-Password-9";

async function createStaffUser() {
  return db.user.create({
    data: {
      email: `mfa-${randomUUID()}@example.test`,
      name: "Enrolment Tester",
      role: "SCHEDULER",
      passwordHash: await hashPassword(PASSWORD),
    },
  });
}

/** The user's own account, in a session signed in just now: fresh enough for sensitive changes. */
async function freshAccount(userId: string): Promise<OwnAccount> {
  return { userId, client, sessionKey: hashSessionToken(await createSession(db, userId, client, now)) };
}

async function enrolmentAudit(userId: string) {
  const events = await db.auditEvent.findMany({
    where: { actorId: userId, action: "auth.mfa.enrol" },
    orderBy: { id: "asc" },
  });
  return events.map((event) => [event.outcome, event.reason]);
}

async function enrolledUser() {
  const user = await createStaffUser();
  const started = await beginMfaEnrolment(db, await freshAccount(user.id), now);
  if (!started.ok) throw new Error("enrolment did not start");
  const code = totpCode(started.secret, now.getTime());
  const confirmed = await confirmMfaEnrolment(db, await freshAccount(user.id), code, now);
  if (!confirmed.ok) throw new Error("enrolment was not confirmed");
  return { user, secret: started.secret, code, recoveryCodes: confirmed.recoveryCodes };
}

describe("confirmMfaEnrolment and the user's other sessions", () => {
  it("ends every session signed in with the password alone, except the one enrolling", async () => {
    const user = await createStaffUser();
    const enrolling = await createSession(db, user.id, client, now);
    const elsewhere = await createSession(db, user.id, client, now);
    const started = await beginMfaEnrolment(db, await freshAccount(user.id), now);
    if (!started.ok) throw new Error("enrolment did not start");

    const confirmed = await confirmMfaEnrolment(
      db,
      { userId: user.id, client, sessionKey: hashSessionToken(enrolling) },
      totpCode(started.secret, now.getTime()),
      now,
    );

    expect(confirmed.ok).toBe(true);
    expect(await resolveSession(db, enrolling, now)).toMatchObject({ id: user.id, mfaEnabled: true });
    expect(await resolveSession(db, elsewhere, now)).toBeNull();
  });
});

describe("beginMfaEnrolment", () => {
  it("stores the new secret encrypted and leaves two-step verification off", async () => {
    const user = await createStaffUser();
    const started = await beginMfaEnrolment(db, await freshAccount(user.id), now);
    if (!started.ok) throw new Error("expected the enrolment to start");

    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.otpauthUri).toContain(`secret=${started.secret}`);
    expect(started.otpauthUri).toContain(encodeURIComponent(user.email));
    expect(started.qrSvg).toMatch(/^<svg/);

    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.mfaSecret).not.toContain(started.secret);
    expect(decryptSecret(stored.mfaSecret!, TOTP_SECRET_PURPOSE)).toBe(started.secret);
    expect(stored.mfaEnabledAt).toBeNull();
    expect(await enrolmentAudit(user.id)).toEqual([["ALLOWED", "secret issued"]]);
  });

  it("replaces an unfinished enrolment, so only the newest secret can confirm it", async () => {
    const user = await createStaffUser();
    const first = await beginMfaEnrolment(db, await freshAccount(user.id), now);
    const second = await beginMfaEnrolment(db, await freshAccount(user.id), now);
    if (!first.ok || !second.ok) throw new Error("expected both to start");
    expect(second.secret).not.toBe(first.secret);

    const stale = await confirmMfaEnrolment(db, await freshAccount(user.id), totpCode(first.secret, now.getTime()), now);
    expect(stale).toEqual({ ok: false, problem: "invalid-code" });
    const fresh = await confirmMfaEnrolment(db, await freshAccount(user.id), totpCode(second.secret, now.getTime()), now);
    expect(fresh.ok).toBe(true);
  });

  it("refuses once two-step verification is on, keeping the enrolled secret", async () => {
    const { user, secret } = await enrolledUser();
    expect(await beginMfaEnrolment(db, await freshAccount(user.id), now)).toEqual({ ok: false, problem: "already-enabled" });

    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(decryptSecret(stored.mfaSecret!, TOTP_SECRET_PURPOSE)).toBe(secret);
    expect((await enrolmentAudit(user.id)).at(-1)).toEqual(["DENIED", "already enabled"]);
  });
});

describe("confirmMfaEnrolment", () => {
  it("turns two-step verification on with a current code and returns ten working recovery codes", async () => {
    const { user, recoveryCodes } = await enrolledUser();

    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.mfaEnabledAt).toEqual(now);
    expect(stored.mfaLastUsedStep).toBe(totpStep(now.getTime()));
    expect(recoveryCodes).toHaveLength(10);
    expect(await mfaStatus(db, user.id)).toEqual({ enabled: true, unusedRecoveryCodes: 10 });
    expect(await consumeRecoveryCode(db, user.id, recoveryCodes[0]!)).toBe(true);
    expect(await mfaStatus(db, user.id)).toEqual({ enabled: true, unusedRecoveryCodes: 9 });
    expect(await enrolmentAudit(user.id)).toEqual([
      ["ALLOWED", "secret issued"],
      ["ALLOWED", "enabled"],
    ]);
  });

  it("makes sign-in ask for a code, and the code used to confirm cannot sign in again", async () => {
    const { user, secret, code } = await enrolledUser();
    const signIn = (withCode?: string, at = now) =>
      signInWithPassword(db, { email: user.email, password: PASSWORD, code: withCode }, client, at);

    expect(await signIn()).toEqual({ ok: false, failure: "mfa_required" });
    expect(await signIn(code)).toEqual({ ok: false, failure: "mfa_invalid" });
    const later = new Date(now.getTime() + 30_000);
    expect((await signIn(totpCode(secret, later.getTime()), later)).ok).toBe(true);
  });

  it("refuses a wrong code and leaves two-step verification off", async () => {
    const user = await createStaffUser();
    const started = await beginMfaEnrolment(db, await freshAccount(user.id), now);
    if (!started.ok) throw new Error("expected the enrolment to start");
    const wrong = totpCode(started.secret, now.getTime() + 10 * 60_000);

    expect(await confirmMfaEnrolment(db, await freshAccount(user.id), wrong, now)).toEqual({ ok: false, problem: "invalid-code" });
    expect(await confirmMfaEnrolment(db, await freshAccount(user.id), "not a code", now)).toEqual({
      ok: false,
      problem: "invalid-code",
    });
    expect(await mfaStatus(db, user.id)).toEqual({ enabled: false, unusedRecoveryCodes: 0 });
    expect((await enrolmentAudit(user.id)).at(-1)).toEqual(["DENIED", "invalid code"]);
  });

  it("refuses when no enrolment was started", async () => {
    const user = await createStaffUser();
    expect(await confirmMfaEnrolment(db, await freshAccount(user.id), "123456", now)).toEqual({
      ok: false,
      problem: "not-started",
    });
    expect(await enrolmentAudit(user.id)).toEqual([["DENIED", "no enrolment in progress"]]);
  });

  it("refuses a second confirmation, keeping the first set of recovery codes", async () => {
    const { user, secret, recoveryCodes } = await enrolledUser();
    const later = now.getTime() + 30_000;
    expect(await confirmMfaEnrolment(db, await freshAccount(user.id), totpCode(secret, later), new Date(later))).toEqual({
      ok: false,
      problem: "already-enabled",
    });
    expect(await consumeRecoveryCode(db, user.id, recoveryCodes[1]!)).toBe(true);
  });
});
