import { afterAll, describe, expect, it } from "vitest";
import { AccessDeniedError } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { admitToVisit, declineFromVisit, endVisit, getVisitLobby } from "./admission";
import { VisitError } from "./errors";
import { auditRows, createTestGuest, createTestVisit, FakeRooms, TEST_LIVEKIT, type TestVisit } from "./testing/visits";
import { issueVisitToken } from "./tokens";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** A visit under way: the physician has fetched a token (so the room exists) and the patient and a guest wait in it. */
async function visitWithWaitingRoom(options: { startsInMinutes?: number } = {}) {
  const visit = await createTestVisit(db, { startsInMinutes: options.startsInMinutes ?? -2 });
  await issueVisitToken(db, visit.physician.context, visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() });
  const { roomName, id: visitId } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
  const rooms = new FakeRooms();
  const guest1 = (await createTestGuest(db, visit, "Sam Morgan")).identity;
  rooms.join(roomName, { identity: visit.physician.identity, physician: { name: "Lena Fischer" } });
  rooms.join(roomName, { identity: visit.patient.identity });
  rooms.join(roomName, { identity: guest1 });
  return { visit, rooms, roomName, visitId, guest1 };
}

const appointmentOf = (visit: TestVisit) =>
  db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId }, select: { status: true, visit: true } });

describe("the lobby", () => {
  it("shows the physician who waits and who is in, never the physician themselves", async () => {
    const { visit, guest1, rooms, roomName } = await visitWithWaitingRoom();
    const guest2 = (await createTestGuest(db, visit, "Ana (interpreter)")).identity;
    rooms.join(roomName, { identity: guest2, admitted: true });
    const lobby = await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms });
    expect(lobby).toEqual({
      status: "BOOKED",
      waiting: [
        { identity: visit.patient.identity, name: expect.stringMatching(/^Alex Morgan-/), role: "patient", via: "portal", joinedAt: expect.any(Date) },
        { identity: guest1, name: "Sam Morgan", role: "guest", joinedAt: expect.any(Date) },
      ],
      admitted: [{ identity: guest2, name: "Ana (interpreter)", role: "guest" }],
      // createTestVisit checks the patient in from Texas, where it licenses the physician.
      licensure: expect.objectContaining({ located: true, state: "TX", status: "licensed" }),
    });
  });

  it("is empty before anyone has fetched a token, without asking LiveKit", async () => {
    const visit = await createTestVisit(db, { checkedIn: false });
    const rooms = new FakeRooms();
    expect(await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms })).toEqual({ status: "BOOKED", waiting: [], admitted: [], licensure: { located: false } });
    expect(rooms.calls).toEqual([]);
  });

  it("is the physician's alone: the patient, the visit link, an unrelated physician and a scheduler are refused and audited", async () => {
    const { visit, rooms } = await visitWithWaitingRoom();
    for (const context of [visit.patient.context, visit.visitLink, visit.otherPhysician.context, visit.scheduler]) {
      await expect(getVisitLobby(db, context, visit.appointmentId, { rooms })).rejects.toMatchObject({ name: "AccessDeniedError", status: 403 });
    }
    const denied = (await auditRows(db, visit.patient.patientId)).filter((row) => row.outcome === "DENIED");
    expect(denied.map((row) => row.action)).toEqual(["visit.host", "visit.host", "visit.host", "visit.host"]);
  });
});

describe("admitting", () => {
  it("lets the patient in: media in the room, ADMITTED recorded, the visit in progress and started", async () => {
    const { visit, rooms, roomName, visitId } = await visitWithWaitingRoom();
    const now = new Date();
    expect(await admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms, now })).toEqual({
      admitted: visit.patient.identity,
    });
    expect(rooms.calls).toContain(`admit ${roomName} ${visit.patient.identity}`);
    expect(rooms.rooms.get(roomName)!.get(visit.patient.identity)).toMatchObject({ canPublish: true, canSubscribe: true });
    const appointment = await appointmentOf(visit);
    expect(appointment.status).toBe("IN_PROGRESS");
    expect(appointment.visit!.startedAt).toEqual(now);
    expect(await db.visitParticipantEvent.findMany({ where: { visitId }, select: { type: true, participantIdentity: true, externalEventId: true } })).toEqual([
      { type: "ADMITTED", participantIdentity: visit.patient.identity, externalEventId: null },
    ]);
    // The patient's next token (a reconnect) carries the admission.
    const token = await issueVisitToken(db, visit.patient.context, visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() });
    expect(token.admitted).toBe(true);
  });

  it("keeps the first start time when a guest is admitted later", async () => {
    const { visit, guest1, rooms } = await visitWithWaitingRoom();
    const first = new Date(Date.now() - 60_000);
    await admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms, now: first });
    await admitToVisit(db, visit.physician.context, visit.appointmentId, guest1, { rooms });
    expect((await appointmentOf(visit)).visit!.startedAt).toEqual(first);
  });

  it("answers 404 for someone not in the room, or the physician, and records nothing", async () => {
    const { visit, rooms, visitId } = await visitWithWaitingRoom();
    for (const identity of ["guest-nobody", visit.physician.identity]) {
      const attempt = admitToVisit(db, visit.physician.context, visit.appointmentId, identity, { rooms });
      await expect(attempt).rejects.toBeInstanceOf(VisitError);
      await expect(attempt).rejects.toMatchObject({ status: 404, code: "NOT_IN_ROOM" });
    }
    expect(await db.visitParticipantEvent.count({ where: { visitId } })).toBe(0);
    expect((await appointmentOf(visit)).status).toBe("BOOKED");
  });

  it("answers 404 before the room exists", async () => {
    const visit = await createTestVisit(db);
    await expect(admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms: new FakeRooms() })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("records nothing when LiveKit fails", async () => {
    const { visit, rooms, visitId } = await visitWithWaitingRoom();
    // The participant list succeeds; the permission change fails.
    const original = rooms.admitParticipant.bind(rooms);
    rooms.admitParticipant = async () => {
      throw new Error("LiveKit unreachable");
    };
    await expect(admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms })).rejects.toThrow("LiveKit unreachable");
    rooms.admitParticipant = original;
    expect(await db.visitParticipantEvent.count({ where: { visitId } })).toBe(0);
    const appointment = await appointmentOf(visit);
    expect(appointment.status).toBe("BOOKED");
    expect(appointment.visit!.startedAt).toBeNull();
  });

  it("is refused to anyone but the physician, and once the visit is over", async () => {
    const { visit, rooms } = await visitWithWaitingRoom();
    await expect(admitToVisit(db, visit.patient.context, visit.appointmentId, visit.patient.identity, { rooms })).rejects.toBeInstanceOf(AccessDeniedError);
    await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "CANCELLED" } });
    await expect(admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms })).rejects.toMatchObject({
      status: 409,
      code: "CANCELLED",
    });
  });
});

describe("declining", () => {
  it("records DECLINED and removes them from the room", async () => {
    const { visit, guest1, rooms, roomName, visitId } = await visitWithWaitingRoom();
    expect(await declineFromVisit(db, visit.physician.context, visit.appointmentId, guest1, { rooms })).toEqual({ declined: guest1 });
    expect(rooms.calls).toContain(`remove ${roomName} ${guest1}`);
    expect(rooms.rooms.get(roomName)!.has(guest1)).toBe(false);
    expect(await db.visitParticipantEvent.findMany({ where: { visitId }, select: { type: true, participantIdentity: true } })).toEqual([
      { type: "DECLINED", participantIdentity: guest1 },
    ]);
  });

  it("answers 404 for someone not in the room, and 409 once the visit is over", async () => {
    const { visit, guest1, rooms, visitId } = await visitWithWaitingRoom();
    await expect(declineFromVisit(db, visit.physician.context, visit.appointmentId, "guest-nobody", { rooms })).rejects.toMatchObject({
      status: 404,
      code: "NOT_IN_ROOM",
    });
    await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "COMPLETED" } });
    await expect(declineFromVisit(db, visit.physician.context, visit.appointmentId, guest1, { rooms })).rejects.toMatchObject({
      status: 409,
      code: "ENDED",
    });
    expect(await db.visitParticipantEvent.count({ where: { visitId } })).toBe(0);
  });

  it("is the physician's alone", async () => {
    const { visit, guest1, rooms } = await visitWithWaitingRoom();
    await expect(declineFromVisit(db, visit.visitLink, visit.appointmentId, guest1, { rooms })).rejects.toMatchObject({ status: 403 });
    await expect(declineFromVisit(db, visit.otherPhysician.context, visit.appointmentId, guest1, { rooms })).rejects.toMatchObject({ status: 403 });
    expect(rooms.rooms.size).toBe(1);
  });
});

describe("ending", () => {
  it("closes the room and completes the visit, with its length", async () => {
    const { visit, rooms, roomName } = await visitWithWaitingRoom();
    const started = new Date(Date.now() - 600_000);
    await admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms, now: started });
    const now = new Date(started.getTime() + 754_400);
    expect(await endVisit(db, visit.physician.context, visit.appointmentId, { rooms, now })).toEqual({ status: "COMPLETED", durationSeconds: 754 });
    expect(rooms.calls).toContain(`delete ${roomName}`);
    const appointment = await appointmentOf(visit);
    expect(appointment.status).toBe("COMPLETED");
    expect(appointment.visit!.endedAt).toEqual(now);

    // Again: nothing changes, LiveKit is not asked.
    const calls = rooms.calls.length;
    expect(await endVisit(db, visit.physician.context, visit.appointmentId, { rooms })).toEqual({ status: "COMPLETED", durationSeconds: 754 });
    expect(rooms.calls.length).toBe(calls);
  });

  it("completes a visit nobody was admitted to, without a length", async () => {
    const { visit, rooms } = await visitWithWaitingRoom();
    expect(await endVisit(db, visit.physician.context, visit.appointmentId, { rooms })).toEqual({ status: "COMPLETED", durationSeconds: null });
  });

  it("refuses a visit that has not started or was cancelled, and anyone but the physician", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 120 });
    const rooms = new FakeRooms();
    await expect(endVisit(db, visit.physician.context, visit.appointmentId, { rooms })).rejects.toMatchObject({ status: 409, code: "NOT_STARTED" });
    await expect(endVisit(db, visit.patient.context, visit.appointmentId, { rooms })).rejects.toMatchObject({ status: 403 });
    await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "CANCELLED" } });
    await expect(endVisit(db, visit.physician.context, visit.appointmentId, { rooms })).rejects.toMatchObject({ status: 409, code: "CANCELLED" });
    expect((await appointmentOf(visit)).status).toBe("CANCELLED");
  });

  it("changes nothing when LiveKit cannot close the room", async () => {
    const { visit, rooms } = await visitWithWaitingRoom();
    rooms.failNext = true;
    await expect(endVisit(db, visit.physician.context, visit.appointmentId, { rooms })).rejects.toThrow(/LiveKit unreachable/);
    const appointment = await appointmentOf(visit);
    expect(appointment.status).toBe("BOOKED");
    expect(appointment.visit!.endedAt).toBeNull();
  });
});
