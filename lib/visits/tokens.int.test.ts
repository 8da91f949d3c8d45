import { createServer } from "node:net";
import { TokenVerifier } from "livekit-server-sdk";
import { afterAll, describe, expect, it } from "vitest";
import { AccessDeniedError } from "@/lib/auth/access";
import { issueVisitGuest, resolveVisitGuest, revokeVisitGuest } from "@/lib/auth/links/visit-guests";
import { createPrismaClient } from "@/lib/db/prisma";
import { errorResponse } from "@/lib/http/route-errors";
import { VisitError } from "./errors";
import { liveKitConfig, LiveKitNotConfiguredError, LiveKitUnavailableError } from "./livekit";
import { anonymousContext, auditRows, contextOf, createTestVisit, FakeRooms, TEST_LIVEKIT } from "./testing/visits";
import { guestIdentity } from "./participants";
import { issueVisitToken } from "./tokens";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const rooms = new FakeRooms();
const options = { config: TEST_LIVEKIT, rooms };
const decode = (token: string) => new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret).verify(token);
const roomOf = async (appointmentId: string) => (await db.visit.findUniqueOrThrow({ where: { appointmentId } })).roomName;

describe("visit tokens", () => {
  it("give the physician a one-minute token that runs their own room, named and tagged for the others", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 10 });
    const issued = await issueVisitToken(db, visit.physician.context, visit.appointmentId, options);
    expect(issued).toMatchObject({ serverUrl: TEST_LIVEKIT.serverUrl, identity: visit.physician.identity, role: "physician", admitted: true });

    const roomName = await roomOf(visit.appointmentId);
    expect(roomName).toMatch(/^visit-[A-Za-z0-9_-]{32}$/);
    const claims = await decode(issued.token);
    expect(claims.sub).toBe(visit.physician.identity);
    expect(claims.name).toBe("Lena Fischer");
    expect(JSON.parse(claims.metadata!)).toEqual({ role: "physician", name: "Lena Fischer" });
    expect(rooms.calls).toContain(`create ${roomName}`);
    expect(claims.video).toEqual({
      room: roomName,
      roomJoin: true,
      roomCreate: false,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      roomAdmin: true,
    });
    expect(claims.exp! - claims.nbf!).toBe(60);

    const [audit] = await auditRows(db, visit.patient.patientId);
    expect(audit).toMatchObject({ actorId: visit.physician.userId, action: "visit.join", resourceId: visit.appointmentId, outcome: "ALLOWED" });
  });

  it("put the patient in the waiting room hidden, with no media, data or admin, under one identity per credential", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 14 });
    const portal = await issueVisitToken(db, visit.patient.context, visit.appointmentId, options);
    const link = await issueVisitToken(db, visit.visitLink, visit.appointmentId, options);
    expect(portal).toMatchObject({ identity: visit.patient.identity, role: "patient", admitted: false });
    expect(link).toMatchObject({ identity: visit.visitLinkIdentity, role: "patient", admitted: false });
    expect(portal.identity).not.toBe(link.identity);
    // Another sign-in is another credential, which waits on its own.
    const otherSession = await issueVisitToken(db, { ...visit.patient.context, sessionKey: "another-session" }, visit.appointmentId, options);
    expect([visit.patient.identity, visit.visitLinkIdentity]).not.toContain(otherSession.identity);

    const claims = await decode(link.token);
    expect(claims.sub).toBe(visit.visitLinkIdentity);
    // Everyone in the room sees these: nothing of who the patient is or how they came.
    expect([claims.name ?? "", claims.metadata ?? ""]).toEqual(["", ""]);
    const portalClaims = await decode(portal.token);
    expect([portalClaims.name ?? "", portalClaims.metadata ?? ""]).toEqual(["", ""]);
    expect(claims.video).toEqual({
      room: await roomOf(visit.appointmentId),
      roomJoin: true,
      roomCreate: false,
      canPublish: false,
      canSubscribe: false,
      canPublishData: false,
      hidden: true,
      roomAdmin: false,
    });
    expect(claims.exp! - claims.nbf!).toBe(60);
  });

  it("admit one credential only: the visit link stays in the waiting room when the portal session was admitted", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: -5 });
    await issueVisitToken(db, visit.patient.context, visit.appointmentId, options);
    const { id: visitId } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
    await db.visitParticipantEvent.create({ data: { visitId, type: "ADMITTED", participantIdentity: visit.patient.identity, occurredAt: new Date() } });
    expect((await issueVisitToken(db, visit.patient.context, visit.appointmentId, options)).admitted).toBe(true);
    expect((await issueVisitToken(db, visit.visitLink, visit.appointmentId, options)).admitted).toBe(false);
  });

  it("carry the admission once the physician has admitted them, and lose it when declined", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: -5 });
    await issueVisitToken(db, visit.patient.context, visit.appointmentId, options);
    const { id: visitId } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
    const event = (type: "ADMITTED" | "DECLINED", secondsAgo: number) =>
      db.visitParticipantEvent.create({
        data: { visitId, type, participantIdentity: visit.patient.identity, occurredAt: new Date(Date.now() - secondsAgo * 1000) },
      });

    await event("ADMITTED", 60);
    const admitted = await issueVisitToken(db, visit.patient.context, visit.appointmentId, options);
    expect(admitted.admitted).toBe(true);
    expect((await decode(admitted.token)).video).toMatchObject({ canPublish: true, canSubscribe: true, canPublishData: true, roomAdmin: false });

    await event("DECLINED", 30);
    const declined = await issueVisitToken(db, visit.patient.context, visit.appointmentId, options);
    expect(declined.admitted).toBe(false);
    expect((await decode(declined.token)).video).toMatchObject({ canPublish: false, canSubscribe: false });
    // Asking again after the decline is recorded, so the new token's join is not taken for the old token's.
    const latest = await db.visitParticipantEvent.findFirst({ where: { visitId }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }] });
    expect(latest).toMatchObject({ type: "REQUESTED", participantIdentity: visit.patient.identity });
  });

  it("let a guest wait in the room under their own identity, nameless to the room", async () => {
    const visit = await createTestVisit(db);
    const { guest, token } = await issueVisitGuest(db, {
      appointmentId: visit.appointmentId,
      displayName: "Sam Morgan",
      relationship: "Brother",
      createdById: visit.physician.userId,
    });
    const resolved = await resolveVisitGuest(db, token);
    if (!("actor" in resolved)) throw new Error("guest link did not resolve");
    const issued = await issueVisitToken(db, contextOf(resolved.actor), visit.appointmentId, options);
    expect(issued).toMatchObject({ identity: guestIdentity(visit.appointmentId, guest.id), role: "guest", admitted: false });
    const claims = await decode(issued.token);
    expect([claims.name ?? "", claims.metadata ?? ""]).toEqual(["", ""]);
    expect(claims.video).toMatchObject({ canPublish: false, canSubscribe: false, canPublishData: false, roomAdmin: false });
    const [audit] = (await auditRows(db, visit.patient.patientId)).filter((row) => row.actorId === `visit-guest:${guest.id}`);
    expect(audit).toMatchObject({ actorRole: null, action: "visit.join", outcome: "ALLOWED" });
  });

  it("put two first requests at once in the same room", async () => {
    const visit = await createTestVisit(db);
    const [a, b] = await Promise.all([
      issueVisitToken(db, visit.physician.context, visit.appointmentId, options),
      issueVisitToken(db, visit.patient.context, visit.appointmentId, options),
    ]);
    const [roomA, roomB] = await Promise.all([decode(a.token), decode(b.token)]);
    expect(roomA.video?.room).toBe(roomB.video?.room);
    expect(await db.visit.count({ where: { appointmentId: visit.appointmentId } })).toBe(1);
  });
});

describe("visit tokens are refused", () => {
  async function expectDenied(promise: Promise<unknown>, status: 401 | 403) {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as AccessDeniedError).status).toBe(status);
  }

  it("to another patient, an unrelated physician and a scheduler, each audited as DENIED, with no room made", async () => {
    const visit = await createTestVisit(db);
    await expectDenied(issueVisitToken(db, visit.otherPatient.context, visit.appointmentId, options), 403);
    await expectDenied(issueVisitToken(db, visit.otherPhysician.context, visit.appointmentId, options), 403);
    await expectDenied(issueVisitToken(db, visit.scheduler, visit.appointmentId, options), 403);
    await expectDenied(issueVisitToken(db, anonymousContext, visit.appointmentId, options), 401);

    const idOf = (context: { actor: { kind: string } }) => ("userId" in context.actor ? context.actor.userId : null);
    const rows = await auditRows(db, visit.patient.patientId);
    expect(rows.map((row) => [row.actorId, row.action, row.outcome])).toEqual([
      [idOf(visit.otherPatient.context), "visit.join", "DENIED"],
      [idOf(visit.otherPhysician.context), "visit.join", "DENIED"],
      [idOf(visit.scheduler), "visit.join", "DENIED"],
      [null, "visit.join", "DENIED"],
    ]);
    expect(await db.visit.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);
  });

  it("more than 15 minutes before the start, saying when it opens in the patient's zone", async () => {
    const now = new Date("2031-03-10T14:00:00Z");
    const visit = await createTestVisit(db, { now, startsInMinutes: 60 });
    const attempt = issueVisitToken(db, visit.patient.context, visit.appointmentId, { ...options, now });
    await expect(attempt).rejects.toBeInstanceOf(VisitError);
    await expect(attempt).rejects.toMatchObject({
      status: 409,
      code: "NOT_OPEN_YET",
      // The patient is in Chicago: 14:45 UTC is 9:45 AM CDT.
      message: "The visit opens at 9:45 AM CDT (15 minutes before it starts).",
    });
    // Authorized (and audited as such); it is the clock that says no, and nothing is created.
    expect((await auditRows(db, visit.patient.patientId)).map((row) => row.outcome)).toEqual(["ALLOWED"]);
    expect(await db.visit.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);
  });

  it("after the end unless the visit is under way", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: -45 });
    await expect(issueVisitToken(db, visit.patient.context, visit.appointmentId, options)).rejects.toMatchObject({
      status: 409,
      code: "ENDED",
      message: "This visit has ended.",
    });
    await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "IN_PROGRESS" } });
    await expect(issueVisitToken(db, visit.patient.context, visit.appointmentId, options)).resolves.toMatchObject({ role: "patient" });
  });

  it("once the visit is completed, a no-show or cancelled", async () => {
    for (const [status, code, message] of [
      ["COMPLETED", "ENDED", "This visit has ended."],
      ["NO_SHOW", "ENDED", "This visit has ended."],
      ["CANCELLED", "CANCELLED", "This visit was cancelled."],
    ] as const) {
      const visit = await createTestVisit(db, { status });
      await expect(issueVisitToken(db, visit.physician.context, visit.appointmentId, options)).rejects.toMatchObject({ status: 409, code, message });
    }
  });

  it("to a revoked guest link, which is nobody: 401 and a DENIED audit row", async () => {
    const visit = await createTestVisit(db);
    const { guest, token } = await issueVisitGuest(db, {
      appointmentId: visit.appointmentId,
      displayName: "Sam",
      relationship: "",
      createdById: visit.physician.userId,
    });
    await revokeVisitGuest(db, visit.appointmentId, guest.id);
    const resolved = await resolveVisitGuest(db, token);
    expect(resolved).toMatchObject({ problem: "revoked" });
    // What getVisitGuestContext makes of a link that no longer resolves.
    await expectDenied(issueVisitToken(db, anonymousContext, visit.appointmentId, options), 401);
    expect(await auditRows(db, visit.patient.patientId)).toEqual([
      expect.objectContaining({ actorId: null, action: "visit.join", outcome: "DENIED", reason: "Sign in to continue." }),
    ]);
  });

  it("with a clear error, and no room made, when LiveKit is not configured", async () => {
    const visit = await createTestVisit(db);
    const saved = { ...process.env };
    delete process.env.LIVEKIT_URL;
    delete process.env.LIVEKIT_API_KEY;
    delete process.env.LIVEKIT_API_SECRET;
    try {
      await expect(issueVisitToken(db, visit.physician.context, visit.appointmentId)).rejects.toBeInstanceOf(LiveKitNotConfiguredError);
    } finally {
      Object.assign(process.env, saved);
    }
    expect(await db.visit.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);
  });

  it("with 503 LIVEKIT_UNAVAILABLE, saying to try again, when the video service does not answer", async () => {
    const visit = await createTestVisit(db);
    const closedPort = await unusedPort();
    const config = liveKitConfig({ LIVEKIT_URL: `ws://127.0.0.1:${closedPort}`, LIVEKIT_API_KEY: "devkey", LIVEKIT_API_SECRET: TEST_LIVEKIT.apiSecret });
    const error = await issueVisitToken(db, visit.patient.context, visit.appointmentId, { config }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LiveKitUnavailableError);
    const response = errorResponse(error);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("60");
    expect(await response.json()).toEqual({ error: "The video service is not reachable; try again in a minute.", code: "LIVEKIT_UNAVAILABLE" });
  });
});

/** A port nobody listens on: the system hands out a free one, which is closed again at once. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
