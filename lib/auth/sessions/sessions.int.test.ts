import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/db/generated/enums";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSession, hashSessionToken, resolveSession, revokeSession, STAFF_IDLE_TIMEOUT_MS } from "./sessions";

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
    await revokeSession(db, revoked, minutesLater(1));

    expect(await resolveSession(db, idle, new Date(signedInAt.getTime() + STAFF_IDLE_TIMEOUT_MS + 1000))).toBeNull();
    expect(await resolveSession(db, revoked, minutesLater(2))).toBeNull();
    expect(await resolveSession(db, "not-a-session-token", minutesLater(2))).toBeNull();
  });
});
