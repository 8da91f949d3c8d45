import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { AccessDeniedError } from "../access";
import { requireOwnAccount, signOutEverywhere } from "./account";
import { createSession, resolveSession } from "../sessions/sessions";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const client = { ip: "203.0.113.77", userAgent: "account.int.test" };

describe("requireOwnAccount", () => {
  it("gives a signed-in user their own account, even before MFA enrolment", async () => {
    const context = {
      actor: {
        kind: "user" as const,
        userId: "user-1",
        role: "SCHEDULER" as const,
        name: "Pending Enrolment",
        patientId: null,
        physicianId: null,
        mfaSatisfied: false,
      },
      ...client,
      sessionKey: "session-1",
    };
    expect(await requireOwnAccount(db, context, "auth.mfa.enrol")).toEqual({ userId: "user-1", client, sessionKey: "session-1" });
  });

  it("refuses anyone not signed in with a 401, and audits the refusal", async () => {
    const action = `auth.test.${randomUUID()}`;
    const refusal = requireOwnAccount(db, { actor: { kind: "anonymous" }, ...client }, action);

    await expect(refusal).rejects.toThrow(AccessDeniedError);
    await expect(refusal).rejects.toMatchObject({ status: 401, message: "Sign in to continue." });
    const events = await db.auditEvent.findMany({ where: { action } });
    expect(events.map(({ outcome, actorId, ip }) => ({ outcome, actorId, ip }))).toEqual([
      { outcome: "DENIED", actorId: null, ip: client.ip },
    ]);
  });
});

describe("signOutEverywhere", () => {
  it("ends every session of the user and no one else's, and audits it", async () => {
    const create = (role: "PATIENT" | "ADMIN") =>
      db.user.create({ data: { email: `everywhere-${randomUUID()}@example.test`, name: "Sam Doe", role } });
    const [user, other] = await Promise.all([create("ADMIN"), create("PATIENT")]);
    const tokens = await Promise.all([createSession(db, user.id, client), createSession(db, user.id, client)]);
    const othersToken = await createSession(db, other.id, client);

    expect(await signOutEverywhere(db, { userId: user.id, client, sessionKey: null })).toBe(2);

    for (const token of tokens) expect(await resolveSession(db, token)).toBeNull();
    expect(await resolveSession(db, othersToken)).not.toBeNull();
    const event = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id, action: "auth.sessions.revoke_all" } });
    expect(event).toMatchObject({ outcome: "ALLOWED", actorRole: "ADMIN", reason: "2 sessions ended" });
  });
});
