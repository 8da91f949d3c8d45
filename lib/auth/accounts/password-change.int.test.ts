import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { ReauthenticationRequiredError } from "../errors";
import { createSession, hashSessionToken, resolveSession } from "../sessions/sessions";
import { hashPassword, verifyPassword } from "../sign-in/password";
import type { OwnAccount } from "./account";
import { changePassword } from "./password-change";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const client = { ip: null, userAgent: "password-change.int.test" };
const CURRENT = "Current-Password-4821";
const NEW = "Brand-New-Passphrase-7730";
const signedInAt = new Date("2030-05-01T08:00:00.000Z");
const after = (ms: number) => new Date(signedInAt.getTime() + ms);

async function signedInPatient(): Promise<OwnAccount & { sessionToken: string }> {
  const user = await db.user.create({
    data: {
      email: `change-${randomUUID().replaceAll("-", "")}@example.test`,
      name: "Robin Quist",
      role: "PATIENT",
      passwordHash: await hashPassword(CURRENT),
    },
  });
  const sessionToken = await createSession(db, user.id, client, signedInAt);
  return { userId: user.id, client, sessionKey: hashSessionToken(sessionToken), sessionToken };
}

async function passwordAudit(userId: string) {
  const events = await db.auditEvent.findMany({
    where: { actorId: userId, action: "auth.password.change" },
    orderBy: { id: "asc" },
  });
  return events.map((event) => [event.outcome, event.reason]);
}

const storedUser = (own: OwnAccount) => db.user.findUniqueOrThrow({ where: { id: own.userId } });

describe("changePassword", () => {
  it("stores the new password and ends the sessions that began before the change", async () => {
    const own = await signedInPatient();
    const changedAt = after(60_000);

    expect(await changePassword(db, own, { newPassword: NEW }, changedAt)).toEqual({ ok: true });
    const stored = await storedUser(own);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash!, NEW)).toBe(true);
    expect(await verifyPassword(stored.passwordHash!, CURRENT)).toBe(false);
    expect(stored.passwordChangedAt).toEqual(changedAt);
    expect(await resolveSession(db, own.sessionToken, after(61_000))).toBeNull();
    expect(await passwordAudit(own.userId)).toEqual([["ALLOWED", null]]);
  });

  it("refuses, changing nothing, more than 5 minutes after the person last confirmed it's them", async () => {
    const own = await signedInPatient();
    await expect(changePassword(db, own, { newPassword: NEW }, after(5 * 60 * 1000))).rejects.toBeInstanceOf(
      ReauthenticationRequiredError,
    );
    const stored = await storedUser(own);
    expect(await verifyPassword(stored.passwordHash!, CURRENT)).toBe(true);
    expect(stored.passwordChangedAt).toBeNull();
    expect(await passwordAudit(own.userId)).toEqual([["DENIED", "not confirmed within 5 minutes"]]);
  });

  it("refuses a request that came without a session", async () => {
    const own = await signedInPatient();
    await expect(changePassword(db, { ...own, sessionKey: null }, { newPassword: NEW }, signedInAt)).rejects.toBeInstanceOf(
      ReauthenticationRequiredError,
    );
  });

  it("applies the password policy to the new password", async () => {
    const own = await signedInPatient();
    expect(await changePassword(db, own, { newPassword: "short" }, signedInAt)).toEqual({
      ok: false,
      problem: "Use at least 12 characters.",
    });
    expect(await changePassword(db, own, { newPassword: "quist-rocks-2030" }, signedInAt)).toEqual({
      ok: false,
      problem: "Don't include your name in your password.",
    });
    expect(await changePassword(db, own, { newPassword: CURRENT }, signedInAt)).toEqual({
      ok: false,
      problem: "Choose a password different from your current one.",
    });
    expect(await changePassword(db, own, { newPassword: "x".repeat(5000) }, signedInAt)).toEqual({
      ok: false,
      problem: "Use at most 128 characters.",
    });
    expect((await storedUser(own)).passwordChangedAt).toBeNull();
  });
});
