import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { ReauthenticationRequiredError } from "../errors";
import { beginMfaEnrolment, confirmMfaEnrolment, regenerateRecoveryCodes } from "../mfa/mfa";
import { consumeRecoveryCode, generateRecoveryCodes, replaceRecoveryCodes } from "../mfa/recovery-codes";
import { encryptSecret, TOTP_SECRET_PURPOSE } from "../mfa/secret-box";
import { generateTotpSecret, totpCode } from "../mfa/totp";
import { createSession, hashSessionToken } from "../sessions/sessions";
import { hashPassword } from "../sign-in/password";
import type { OwnAccount } from "./account";
import { confirmIdentity, isRecentlyAuthenticated } from "./reauthentication";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const client = { ip: null, userAgent: "reauthentication.int.test" };
const PASSWORD = "Orchard-Kettle-Signal-64";
const signedInAt = new Date("2030-07-01T10:00:00.000Z");
const after = (ms: number) => new Date(signedInAt.getTime() + ms);
const FIVE_MINUTES = 5 * 60 * 1000;
const STALE = FIVE_MINUTES + 1000;

async function signedIn(role: "PATIENT" | "PHYSICIAN", withSecondFactor = role !== "PATIENT") {
  const secret = generateTotpSecret();
  const user = await db.user.create({
    data: {
      email: `reauth-${randomUUID()}@example.test`,
      name: "Kim Example",
      role,
      passwordHash: await hashPassword(PASSWORD),
      ...(withSecondFactor ? { mfaSecret: encryptSecret(secret, TOTP_SECRET_PURPOSE), mfaEnabledAt: signedInAt } : {}),
    },
  });
  const sessionToken = await createSession(db, user.id, client, signedInAt);
  const own: OwnAccount = { userId: user.id, client, sessionKey: hashSessionToken(sessionToken) };
  return { own, secret };
}

const audit = (userId: string, action: string) =>
  db.auditEvent
    .findMany({ where: { actorId: userId, action }, orderBy: { id: "asc" }, select: { outcome: true, reason: true } })
    .then((events) => events.map((event) => [event.outcome, event.reason]));

describe("isRecentlyAuthenticated", () => {
  it("counts signing in as confirming, for 5 minutes", async () => {
    const { own } = await signedIn("PATIENT");
    expect(await isRecentlyAuthenticated(db, own.sessionKey, after(FIVE_MINUTES - 1))).toBe(true);
    expect(await isRecentlyAuthenticated(db, own.sessionKey, after(FIVE_MINUTES))).toBe(false);
    expect(await isRecentlyAuthenticated(db, null, signedInAt)).toBe(false);
  });
});

describe("confirmIdentity", () => {
  it("takes a patient's password and starts 5 more minutes of sensitive changes", async () => {
    const { own } = await signedIn("PATIENT");
    expect(await confirmIdentity(db, own, { password: PASSWORD }, after(STALE))).toEqual({ ok: true });
    expect(await isRecentlyAuthenticated(db, own.sessionKey, after(STALE + FIVE_MINUTES - 1))).toBe(true);
    expect(await audit(own.userId, "auth.reauthenticate")).toEqual([["ALLOWED", "password"]]);
  });

  it("refuses a wrong password, and counts it against the sign-in throttle", async () => {
    const { own } = await signedIn("PATIENT");
    expect(await confirmIdentity(db, own, { password: "Not-my-password-0" }, after(STALE))).toEqual({
      ok: false,
      field: "password",
      problem: "That password is incorrect.",
    });
    expect(await isRecentlyAuthenticated(db, own.sessionKey, after(STALE))).toBe(false);
    const { email } = await db.user.findUniqueOrThrow({ where: { id: own.userId } });
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${email}` } })).toMatchObject({ failures: 1 });
    expect(await audit(own.userId, "auth.reauthenticate")).toEqual([["DENIED", "invalid credentials"]]);
  });

  it("asks staff for a code too, and takes the password with a valid one", async () => {
    const { own, secret } = await signedIn("PHYSICIAN");
    expect(await confirmIdentity(db, own, { password: PASSWORD }, after(STALE))).toEqual({
      ok: false,
      field: "code",
      problem: "Enter the code from your authenticator app, or a recovery code.",
    });
    expect(await confirmIdentity(db, own, { password: PASSWORD, code: "000000" }, after(STALE))).toMatchObject({ ok: false, field: "code" });
    expect(await isRecentlyAuthenticated(db, own.sessionKey, after(STALE))).toBe(false);

    const code = totpCode(secret, after(STALE).getTime());
    expect(await confirmIdentity(db, own, { password: PASSWORD, code: `${code.slice(0, 3)} ${code.slice(3)}` }, after(STALE))).toEqual({ ok: true });
    expect(await isRecentlyAuthenticated(db, own.sessionKey, after(STALE))).toBe(true);
  });

  it("records the confirmation on this session only", async () => {
    const { own } = await signedIn("PATIENT");
    const otherSession = hashSessionToken(await createSession(db, own.userId, client, signedInAt));
    await confirmIdentity(db, own, { password: PASSWORD }, after(STALE));
    expect(await isRecentlyAuthenticated(db, otherSession, after(STALE))).toBe(false);
  });
});

describe("sensitive changes", () => {
  it("refuse to start or finish two-step verification setup after 5 minutes, changing nothing", async () => {
    const { own } = await signedIn("PATIENT", false);
    await expect(beginMfaEnrolment(db, own, after(STALE))).rejects.toBeInstanceOf(ReauthenticationRequiredError);
    expect(await db.user.findUniqueOrThrow({ where: { id: own.userId }, select: { mfaSecret: true } })).toEqual({ mfaSecret: null });

    const started = await beginMfaEnrolment(db, own, after(60_000));
    if (!started.ok) throw new Error("expected the enrolment to start");
    const code = totpCode(started.secret, after(STALE).getTime());
    await expect(confirmMfaEnrolment(db, own, code, after(STALE))).rejects.toBeInstanceOf(ReauthenticationRequiredError);
    expect(await db.user.findUniqueOrThrow({ where: { id: own.userId }, select: { mfaEnabledAt: true } })).toEqual({ mfaEnabledAt: null });
    expect(await audit(own.userId, "auth.mfa.enrol")).toEqual([
      ["DENIED", "not confirmed within 5 minutes"],
      ["ALLOWED", "secret issued"],
      ["DENIED", "not confirmed within 5 minutes"],
    ]);
  });

  it("regenerate recovery codes only within 5 minutes of confirming, and the old codes stop working", async () => {
    const { own, secret } = await signedIn("PHYSICIAN");
    const [oldCode] = generateRecoveryCodes();
    await replaceRecoveryCodes(db, own.userId, [oldCode!]);

    await expect(regenerateRecoveryCodes(db, own, after(STALE))).rejects.toBeInstanceOf(ReauthenticationRequiredError);
    expect(await db.recoveryCode.count({ where: { userId: own.userId } })).toBe(1);

    await confirmIdentity(db, own, { password: PASSWORD, code: totpCode(secret, after(STALE).getTime()) }, after(STALE));
    const renewed = await regenerateRecoveryCodes(db, own, after(STALE + 1000));
    if (!renewed.ok) throw new Error("expected new recovery codes");
    expect(renewed.recoveryCodes).toHaveLength(10);
    expect(await consumeRecoveryCode(db, own.userId, oldCode!)).toBe(false);
    expect(await consumeRecoveryCode(db, own.userId, renewed.recoveryCodes[0]!)).toBe(true);
    expect(await audit(own.userId, "auth.mfa.recovery_codes.regenerate")).toEqual([
      ["DENIED", "not confirmed within 5 minutes"],
      ["ALLOWED", null],
    ]);
  });

  it("give no recovery codes to an account without two-step verification", async () => {
    const { own } = await signedIn("PATIENT", false);
    expect(await regenerateRecoveryCodes(db, own, signedInAt)).toEqual({ ok: false, problem: "not-enabled" });
    expect(await db.recoveryCode.count({ where: { userId: own.userId } })).toBe(0);
  });
});
