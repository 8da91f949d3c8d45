import { afterAll, describe, expect, it } from "vitest";
import { resolveVisitGuest } from "@/lib/auth/links/visit-guests";
import { createPrismaClient } from "@/lib/db/prisma";
import { getVisitLobby } from "./admission";
import { inviteVisitGuest, listVisitGuests, revokeVisitGuestAccess } from "./guests";
import { guestIdentity } from "./participants";
import { getVisitRoomView } from "./room-view";
import { auditRows, contextOf, createTestVisit, FakeRooms, TEST_LIVEKIT } from "./testing/visits";
import { issueVisitToken } from "./tokens";
import { physicianWaitingRoom } from "./waiting";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("guests", () => {
  it("are invited by the physician with a link shown once, then listed without it", async () => {
    process.env.APP_URL = "https://clinic.example.test";
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    const { guest, link } = await inviteVisitGuest(db, visit.physician.context, visit.appointmentId, {
      displayName: "Sam Morgan",
      relationship: "Brother",
    });
    expect(guest).toEqual({ id: guest.id, displayName: "Sam Morgan", relationship: "Brother", role: "GUEST", language: null, email: null, createdAt: expect.any(Date), revokedAt: null });
    expect(link).toMatch(/^https:\/\/clinic\.example\.test\/visit\/guest\/[A-Za-z0-9_-]{43}$/);
    const resolved = await resolveVisitGuest(db, link.split("/").pop()!);
    expect(resolved).toMatchObject({ actor: { kind: "visitGuest", guestId: guest.id, appointmentId: visit.appointmentId } });

    expect(await listVisitGuests(db, visit.physician.context, visit.appointmentId)).toEqual([guest]);
    expect((await db.visitGuest.findUniqueOrThrow({ where: { id: guest.id } })).createdById).toBe(visit.physician.userId);
  });

  it("are the physician's to invite, list and revoke: the patient, the guest, another physician and a scheduler are refused", async () => {
    const visit = await createTestVisit(db);
    const { guest, link } = await inviteVisitGuest(db, visit.physician.context, visit.appointmentId, { displayName: "Sam", relationship: "" });
    const resolved = await resolveVisitGuest(db, link.split("/").pop()!);
    if (!("actor" in resolved)) throw new Error("guest link did not resolve");
    const guestContext = contextOf(resolved.actor);
    for (const context of [visit.patient.context, visit.visitLink, guestContext, visit.otherPhysician.context, visit.scheduler]) {
      await expect(inviteVisitGuest(db, context, visit.appointmentId, { displayName: "Eve", relationship: "" })).rejects.toMatchObject({ status: 403 });
      await expect(listVisitGuests(db, context, visit.appointmentId)).rejects.toMatchObject({ status: 403 });
      await expect(revokeVisitGuestAccess(db, context, visit.appointmentId, guest.id)).rejects.toMatchObject({ status: 403 });
      await expect(getVisitLobby(db, context, visit.appointmentId)).rejects.toMatchObject({ status: 403 });
    }
    expect(await db.visitGuest.count({ where: { appointmentId: visit.appointmentId } })).toBe(1);
    expect((await db.visitGuest.findUniqueOrThrow({ where: { id: guest.id } })).revokedAt).toBeNull();
    const guestRows = (await auditRows(db, visit.patient.patientId)).filter((row) => row.actorId === `visit-guest:${guest.id}`);
    expect(guestRows.map((row) => [row.action, row.outcome])).toEqual([
      ["visit.host", "DENIED"],
      ["visit.host", "DENIED"],
      ["visit.host", "DENIED"],
      ["visit.host", "DENIED"],
    ]);
  });

  it("are not invited to a visit that is over", async () => {
    const visit = await createTestVisit(db, { status: "CANCELLED" });
    await expect(inviteVisitGuest(db, visit.physician.context, visit.appointmentId, { displayName: "Sam", relationship: "" })).rejects.toMatchObject({
      status: 409,
      code: "CANCELLED",
    });
    const ended = await createTestVisit(db, { startsInMinutes: -60 });
    await expect(inviteVisitGuest(db, ended.physician.context, ended.appointmentId, { displayName: "Sam", relationship: "" })).rejects.toMatchObject({
      status: 409,
      code: "ENDED",
    });
  });

  it("lose their link when revoked, and are disconnected if in the call", async () => {
    const visit = await createTestVisit(db);
    const { guest, link } = await inviteVisitGuest(db, visit.physician.context, visit.appointmentId, { displayName: "Sam", relationship: "" });
    const token = link.split("/").pop()!;
    const resolved = await resolveVisitGuest(db, token);
    if (!("actor" in resolved)) throw new Error("guest link did not resolve");
    await issueVisitToken(db, contextOf(resolved.actor), visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() });
    const { roomName } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
    const rooms = new FakeRooms();
    rooms.join(roomName, { identity: guestIdentity(visit.appointmentId, guest.id), admitted: true });

    expect(await revokeVisitGuestAccess(db, visit.physician.context, visit.appointmentId, guest.id, { rooms })).toEqual({ revoked: guest.id });
    expect(rooms.calls).toEqual([`remove ${roomName} ${guestIdentity(visit.appointmentId, guest.id)}`]);
    expect(await resolveVisitGuest(db, token)).toMatchObject({ problem: "revoked" });
    expect((await listVisitGuests(db, visit.physician.context, visit.appointmentId))[0]!.revokedAt).toEqual(expect.any(Date));
  });

  it("of another visit are not found", async () => {
    const visit = await createTestVisit(db);
    const other = await createTestVisit(db);
    const { guest } = await inviteVisitGuest(db, other.physician.context, other.appointmentId, { displayName: "Sam", relationship: "" });
    await expect(revokeVisitGuestAccess(db, visit.physician.context, visit.appointmentId, guest.id, { rooms: new FakeRooms() })).rejects.toMatchObject({
      status: 404,
      code: "GUEST_NOT_FOUND",
    });
    expect((await db.visitGuest.findUniqueOrThrow({ where: { id: guest.id } })).revokedAt).toBeNull();
  });
});

describe("the physician's waiting list", () => {
  it("lists their checked-in patients since they joined, and nobody else's", async () => {
    const visit = await createTestVisit(db);
    const { id: visitId } = await db.visit.create({ data: { appointmentId: visit.appointmentId, roomName: `visit-test-${visit.appointmentId}` } });
    const joinedAt = new Date(Date.now() - 90_000);
    await db.visitParticipantEvent.create({ data: { visitId, type: "JOINED", participantIdentity: visit.patient.identity, occurredAt: joinedAt } });
    await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "CHECKED_IN" } });

    const waiting = await physicianWaitingRoom(db, visit.physician.context);
    const patient = await db.patient.findUniqueOrThrow({ where: { id: visit.patient.patientId } });
    expect(waiting).toEqual([{ appointmentId: visit.appointmentId, patientName: `${patient.givenName} ${patient.familyName}`, since: joinedAt }]);
    expect(await physicianWaitingRoom(db, visit.otherPhysician.context)).toEqual([]);
  });

  it("is for physicians only, each refusal audited", async () => {
    const visit = await createTestVisit(db);
    for (const context of [visit.patient.context, visit.scheduler]) {
      await expect(physicianWaitingRoom(db, context)).rejects.toMatchObject({ name: "AccessDeniedError", status: 403 });
    }
    // A visit link anywhere but its own visit is answered as one that does not work.
    await expect(physicianWaitingRoom(db, visit.visitLink)).rejects.toMatchObject({ name: "AccessDeniedError", status: 401 });
    const denied = await db.auditEvent.findMany({
      where: { action: "visit.host", outcome: "DENIED", resourceType: "clinic", actorId: { in: [visit.patient.userId, `visit-link:${visit.visitLink.actor.linkId}`] } },
    });
    expect(denied).toHaveLength(2);
  });
});

describe("the room view", () => {
  it("tells each viewer their role, name and zone", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 30 });
    const physician = await getVisitRoomView(db, visit.physician.context, visit.appointmentId);
    expect(physician).toMatchObject({
      appointmentId: visit.appointmentId,
      role: "physician",
      displayName: "Lena Fischer",
      physicianName: "Lena Fischer",
      patientName: expect.stringMatching(/^Alex Morgan-/),
      startsAt: visit.startsAt,
      endsAt: visit.endsAt,
      status: "BOOKED",
      opensAt: new Date(visit.startsAt.getTime() - 15 * 60_000),
      timeZone: "America/New_York",
    });
    const patient = await getVisitRoomView(db, visit.visitLink, visit.appointmentId);
    expect(patient).toMatchObject({ role: "patient", displayName: physician.patientName, timeZone: "America/Chicago" });
    await expect(getVisitRoomView(db, visit.otherPhysician.context, visit.appointmentId)).rejects.toMatchObject({ status: 403 });
    const rows = await auditRows(db, visit.patient.patientId);
    expect(rows.map((row) => [row.action, row.outcome])).toEqual([
      ["visit.join", "ALLOWED"],
      ["visit.join", "ALLOWED"],
      ["visit.join", "DENIED"],
    ]);
  });
});
