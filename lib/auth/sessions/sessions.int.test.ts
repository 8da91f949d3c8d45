import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/db/generated/enums";
import { createPrismaClient } from "@/lib/db/prisma";
import { checkSession, createSession, endLapsedSessions, endSession, hashSessionToken, resolveSession, SESSION_MAX_AGE_MS, STAFF_IDLE_TIMEOUT_MS } from "./sessions";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const client = { ip: "203.0.113.9", userAgent: "sessions.int.test" };
const signedInAt = new Date("2031-03-02T09:00:00.000Z");
const minutesLater = (minutes: number) => new Date(signedInAt.getTime() + minutes * 60_000);

async function createUser(role: Role) {
  return db.user.create({
    data: { email: `session-${randomUUID().replaceAll("-", "")}@example.test`, name: "Ines Okafor", role },
  });
}

describe("resolveSession", () => {
  it("names a physician's user and their physician record", async () => {
    const user = await createUser("PHYSICIAN");
    const physician = await db.physician.create({
      data: { userId: user.id, specialty: "Family medicine", licenseNumber: "LIC-1", timeZone: "Europe/Berlin" },
    });
    const token = await createSession(db, user.id, client, signedInAt);

    expect(await resolveSession(db, token, minutesLater(1))).toEqual({
      id: user.id,
      email: user.email,
      name: "Ines Okafor",
      role: "PHYSICIAN",
      mfaEnabled: false,
      patientId: null,
      physicianId: physician.id,
      sessionKey: hashSessionToken(token),
    });
  });

  it("names a patient's chart, and counts each check as activity", async () => {
    const user = await createUser("PATIENT");
    const patient = await db.patient.create({
      data: {
        userId: user.id,
        mrn: `MRN-${randomUUID().slice(0, 8)}`,
        givenName: "Ines",
        familyName: "Okafor",
        dateOfBirth: new Date("1980-01-31"),
        sex: "FEMALE",
        timeZone: "Europe/Berlin",
      },
    });
    const token = await createSession(db, user.id, client, signedInAt);

    const resolved = await resolveSession(db, token, minutesLater(5));

    expect(resolved).toMatchObject({ id: user.id, role: "PATIENT", patientId: patient.id, physicianId: null });
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.lastActiveAt).toEqual(minutesLater(5));
  });

  it("does not count a background poll as activity, so an unattended page still reaches the idle limit", async () => {
    const user = await createUser("PHYSICIAN");
    const token = await createSession(db, user.id, client, signedInAt);

    expect(await resolveSession(db, token, minutesLater(10), { countsAsActivity: false })).not.toBeNull();
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.lastActiveAt).toEqual(signedInAt);
    expect(await resolveSession(db, token, new Date(signedInAt.getTime() + STAFF_IDLE_TIMEOUT_MS + 1000), { countsAsActivity: false })).toBeNull();
  });

  it("ends a staff session after the idle limit, a revoked one, and an unknown token", async () => {
    const user = await createUser("SCHEDULER");
    const idle = await createSession(db, user.id, client, signedInAt);
    const revoked = await createSession(db, user.id, client, signedInAt);
    await endSession(db, hashSessionToken(revoked), "sign-out", client, minutesLater(1));

    expect(await resolveSession(db, idle, new Date(signedInAt.getTime() + STAFF_IDLE_TIMEOUT_MS + 1000))).toBeNull();
    expect(await resolveSession(db, revoked, minutesLater(2))).toBeNull();
    expect(await resolveSession(db, "not-a-session-token", minutesLater(2))).toBeNull();
  });
});

describe("checkSession", () => {
  it("says why a session can no longer be used, naming it, or that there is none", async () => {
    const user = await createUser("SCHEDULER");
    const token = await createSession(db, user.id, client, signedInAt);

    expect(await checkSession(db, token, new Date(signedInAt.getTime() + STAFF_IDLE_TIMEOUT_MS + 1000))).toEqual({
      ended: "idle",
      sessionKey: hashSessionToken(token),
    });
    expect(await checkSession(db, token, new Date(signedInAt.getTime() + SESSION_MAX_AGE_MS))).toMatchObject({ ended: "expired" });
    expect(await checkSession(db, "not-a-session-token", minutesLater(1))).toEqual({ ended: "unknown", sessionKey: null });
  });
});

/** The audit events about this session. */
const endEvents = (sessionKey: string) =>
  db.auditEvent.findMany({ where: { resourceType: "session", resourceId: sessionKey }, orderBy: { id: "asc" } });

describe("endSession", () => {
  it("ends the session and audits it once, with the user and the session, however many ask at once", async () => {
    const user = await createUser("PHYSICIAN");
    const token = await createSession(db, user.id, client, signedInAt);
    const sessionKey = hashSessionToken(token);

    const ended = await Promise.all([1, 2, 3].map(() => endSession(db, sessionKey, "sign-out", client, minutesLater(5))));

    expect(ended.filter(Boolean)).toHaveLength(1);
    expect(await resolveSession(db, token, minutesLater(6))).toBeNull();
    const events = await endEvents(sessionKey);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.sign_out",
      actorId: user.id,
      actorRole: "PHYSICIAN",
      outcome: "ALLOWED",
      reason: "signed out",
      ip: "203.0.113.9",
      userAgent: "sessions.int.test",
    });
  });

  it("records an idle sign-out as the session's expiry", async () => {
    const user = await createUser("SCHEDULER");
    const sessionKey = hashSessionToken(await createSession(db, user.id, client, signedInAt));

    await endSession(db, sessionKey, "idle", client, minutesLater(15));

    expect((await endEvents(sessionKey)).map((event) => [event.action, event.reason])).toEqual([["auth.session.expire", "idle for 15 minutes"]]);
  });
});

describe("endLapsedSessions", () => {
  it("ends and audits, once, the idle staff sessions and those past their 12 hours, and nothing else", async () => {
    const now = minutesLater(24 * 60 * 400);
    const recently = new Date(now.getTime() - 60_000);
    const scheduler = await createUser("SCHEDULER");
    const patient = await createUser("PATIENT");
    const at = (token: string) => hashSessionToken(token);
    const idleStaff = await createSession(db, scheduler.id, client, new Date(now.getTime() - STAFF_IDLE_TIMEOUT_MS - 60_000));
    const activeStaff = await createSession(db, scheduler.id, client, recently);
    const quietPatient = await createSession(db, patient.id, client, new Date(now.getTime() - 60 * 60_000));
    const expiredPatient = await createSession(db, patient.id, client, new Date(now.getTime() - SESSION_MAX_AGE_MS - 60_000));
    const signedOut = await createSession(db, scheduler.id, client, new Date(now.getTime() - SESSION_MAX_AGE_MS - 60_000));
    await endSession(db, at(signedOut), "sign-out", client, recently);

    await endLapsedSessions(db, now);
    await endLapsedSessions(db, now);

    const actions = async (token: string) => (await endEvents(at(token))).map((event) => `${event.action}: ${event.reason}`);
    expect(await actions(idleStaff)).toEqual(["auth.session.expire: idle for 15 minutes"]);
    expect(await actions(expiredPatient)).toEqual(["auth.session.expire: 12 hours after sign-in"]);
    expect(await actions(activeStaff)).toEqual([]);
    expect(await actions(quietPatient)).toEqual([]);
    expect(await actions(signedOut)).toEqual(["auth.sign_out: signed out"]);
    expect(await resolveSession(db, activeStaff, now)).not.toBeNull();
    expect(await resolveSession(db, quietPatient, now)).not.toBeNull();
    const [expiredEvent] = await endEvents(at(expiredPatient));
    expect(expiredEvent).toMatchObject({ actorId: patient.id, actorRole: "PATIENT", ip: null });
  });
});
