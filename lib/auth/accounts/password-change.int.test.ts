import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { hashPassword, verifyPassword } from "../sign-in/password";
import { changePassword, TOO_MANY_ATTEMPTS, WRONG_CURRENT_PASSWORD } from "./password-change";
import { createSession, resolveSession } from "../sessions/sessions";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const client = { ip: null, userAgent: "password-change.int.test" };
const CURRENT = "Current-Password-4821";
const NEW = "Brand-New-Passphrase-7730";

async function createPatientUser() {
  return db.user.create({
    data: {
      email: `change-${randomUUID().replaceAll("-", "")}@example.test`,
      name: "Robin Quist",
      role: "PATIENT",
      passwordHash: await hashPassword(CURRENT),
    },
  });
}

async function passwordAudit(userId: string) {
  const events = await db.auditEvent.findMany({
    where: { actorId: userId, action: "auth.password.change" },
    orderBy: { id: "asc" },
  });
  return events.map((event) => [event.outcome, event.reason]);
}

describe("changePassword", () => {
  it("stores the new password and ends the sessions that began before the change", async () => {
    const user = await createPatientUser();
    const before = new Date("2030-05-01T08:00:00.000Z");
    const changedAt = new Date("2030-05-01T09:00:00.000Z");
    const token = await createSession(db, user.id, client, before);

    const result = await changePassword(db, user.id, { currentPassword: CURRENT, newPassword: NEW }, client, changedAt);

    expect(result).toEqual({ ok: true });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash!, NEW)).toBe(true);
    expect(await verifyPassword(stored.passwordHash!, CURRENT)).toBe(false);
    expect(stored.passwordChangedAt).toEqual(changedAt);
    expect(await resolveSession(db, token, new Date(changedAt.getTime() + 1000))).toBeNull();
    expect(await passwordAudit(user.id)).toEqual([["ALLOWED", null]]);
  });

  it("refuses a wrong current password and keeps the old one", async () => {
    const user = await createPatientUser();
    const result = await changePassword(db, user.id, { currentPassword: "Not-The-Password-1", newPassword: NEW }, client);

    expect(result).toEqual({ ok: false, field: "currentPassword", problem: WRONG_CURRENT_PASSWORD });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(stored.passwordHash!, CURRENT)).toBe(true);
    expect(stored.passwordChangedAt).toBeNull();
    expect(await passwordAudit(user.id)).toEqual([["DENIED", "wrong current password"]]);
  });

  it("applies the password policy to the new password", async () => {
    const user = await createPatientUser();
    const short = await changePassword(db, user.id, { currentPassword: CURRENT, newPassword: "short" }, client);
    expect(short).toEqual({ ok: false, field: "newPassword", problem: "Use at least 12 characters." });

    const named = await changePassword(db, user.id, { currentPassword: CURRENT, newPassword: "quist-rocks-2030" }, client);
    expect(named).toEqual({ ok: false, field: "newPassword", problem: "Don't include your name in your password." });

    const same = await changePassword(db, user.id, { currentPassword: CURRENT, newPassword: CURRENT }, client);
    expect(same).toEqual({
      ok: false,
      field: "newPassword",
      problem: "Choose a password different from your current one.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordChangedAt).toBeNull();
  });

  it("locks after five wrong current passwords, even for the right one", async () => {
    const user = await createPatientUser();
    const now = new Date();
    for (let attempt = 0; attempt < 5; attempt++) {
      await changePassword(db, user.id, { currentPassword: `Wrong-Password-${attempt}x`, newPassword: NEW }, client, now);
    }

    const result = await changePassword(db, user.id, { currentPassword: CURRENT, newPassword: NEW }, client, now);
    expect(result).toEqual({ ok: false, field: "currentPassword", problem: TOO_MANY_ATTEMPTS });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(stored.passwordHash!, CURRENT)).toBe(true);
    expect((await passwordAudit(user.id)).at(-1)).toEqual(["DENIED", "too many failed attempts"]);
  });
});
