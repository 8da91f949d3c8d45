import { RoomServiceClient } from "livekit-server-sdk";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { admitToVisit, declineFromVisit, endVisit, getVisitLobby } from "./admission";
import { inviteVisitGuest } from "./guests";
import { liveKitConfig, liveKitRoomService } from "./livekit";
import { contextOf, createTestVisit } from "./testing/visits";
import { issueVisitToken } from "./tokens";
import { resolveVisitGuest } from "@/lib/auth/links/visit-guests";
import { cancelAppointment, markNoShow } from "@/lib/scheduling/booking";

// The room operations against a real LiveKit server: the environment's or the
// one the run started. Participants connect over the signalling WebSocket only:
// enough to be in the room with their token's permissions, without media (which
// the browser end-to-end test covers).

const liveKit = inject("liveKit");
if ("unavailable" in liveKit) throw new Error(liveKit.unavailable);

const db = createPrismaClient(process.env.DATABASE_URL!);
const sockets: WebSocket[] = [];
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await db.$disconnect();
});

/** Joins the room with the token over the signalling channel; resolves once the server has answered the join. */
function connect(serverUrl: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${serverUrl}/rtc?access_token=${encodeURIComponent(token)}&auto_subscribe=1&protocol=15&sdk=js`);
    socket.binaryType = "arraybuffer";
    sockets.push(socket);
    socket.addEventListener("message", () => resolve(socket), { once: true });
    socket.addEventListener("error", () => reject(new Error("could not join the LiveKit room")), { once: true });
  });
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("video visits on a real LiveKit server", () => {
  it("treats rooms that do not exist as empty, and removing from them as done", async () => {
    const rooms = liveKitRoomService();
    expect(await rooms.listParticipants("visit-never-created")).toEqual([]);
    await expect(rooms.removeParticipant("visit-never-created", "nobody")).resolves.toBeUndefined();
    await expect(rooms.deleteRoom("visit-never-created")).resolves.toBeUndefined();
  });

  it("waits, admits, declines and ends with the server's own permissions", async () => {
    const { serverUrl } = liveKitConfig();
    const visit = await createTestVisit(db, { startsInMinutes: 5 });
    const physicianToken = await issueVisitToken(db, visit.physician.context, visit.appointmentId);
    const patientToken = await issueVisitToken(db, visit.patient.context, visit.appointmentId);
    const { link } = await inviteVisitGuest(db, visit.physician.context, visit.appointmentId, { displayName: "Sam Morgan", relationship: "Brother" });
    const resolved = await resolveVisitGuest(db, link.split("/").pop()!);
    if (!("actor" in resolved)) throw new Error("guest link did not resolve");
    const guestToken = await issueVisitToken(db, contextOf(resolved.actor), visit.appointmentId);

    await connect(serverUrl, physicianToken.token);
    await connect(serverUrl, patientToken.token);
    const guestSocket = await connect(serverUrl, guestToken.token);

    const lobby = await eventually(
      () => getVisitLobby(db, visit.physician.context, visit.appointmentId),
      (value) => value.waiting.length === 2,
    );
    expect(lobby.waiting.map(({ identity, role }) => ({ identity, role })).sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { identity: guestToken.identity, role: "guest" },
      { identity: patientToken.identity, role: "patient" },
    ]);
    expect(lobby.admitted).toEqual([]);

    await admitToVisit(db, visit.physician.context, visit.appointmentId, patientToken.identity);
    const { roomName } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
    const admitted = await eventually(
      () => liveKitRoomService().listParticipants(roomName),
      (participants) => participants.some((p) => p.identity === patientToken.identity && p.canPublish),
    );
    expect(admitted.find((p) => p.identity === patientToken.identity)).toMatchObject({ canPublish: true, canSubscribe: true });
    expect((await getVisitLobby(db, visit.physician.context, visit.appointmentId)).admitted).toEqual([
      { identity: patientToken.identity, name: expect.stringMatching(/^Alex Morgan-/), role: "patient", via: "portal" },
    ]);

    const guestClosed = new Promise<void>((resolve) => guestSocket.addEventListener("close", () => resolve(), { once: true }));
    await declineFromVisit(db, visit.physician.context, visit.appointmentId, guestToken.identity);
    await guestClosed;
    const afterDecline = await eventually(
      () => liveKitRoomService().listParticipants(roomName),
      (participants) => !participants.some((p) => p.identity === guestToken.identity),
    );
    expect(afterDecline.map((p) => p.identity)).not.toContain(guestToken.identity);

    expect(await endVisit(db, visit.physician.context, visit.appointmentId)).toMatchObject({ status: "COMPLETED" });
    expect(await eventually(() => liveKitRoomService().listParticipants(roomName), (participants) => participants.length === 0)).toEqual([]);

    // The patient's token has not expired, but the room is gone for good: LiveKit creates none on a join.
    await expect(connect(serverUrl, patientToken.token)).rejects.toThrow();
    const { apiUrl, apiKey, apiSecret } = liveKitConfig();
    expect((await new RoomServiceClient(apiUrl, apiKey, apiSecret).listRooms([roomName])).map((room) => room.name)).toEqual([]);
  });

  it("cancelling or marking a no-show disconnects whoever still waits in the visit's room", async () => {
    const { serverUrl } = liveKitConfig();
    for (const end of ["cancel", "no-show"] as const) {
      const visit = await createTestVisit(db, { startsInMinutes: end === "cancel" ? 5 : -2 });
      const patientToken = await issueVisitToken(db, visit.patient.context, visit.appointmentId);
      const patientSocket = await connect(serverUrl, patientToken.token);
      const { roomName } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
      await eventually(
        () => liveKitRoomService().listParticipants(roomName),
        (participants) => participants.length === 1,
      );
      const disconnected = new Promise<void>((resolve) => patientSocket.addEventListener("close", () => resolve(), { once: true }));

      if (end === "cancel") await cancelAppointment(db, visit.scheduler, { appointmentId: visit.appointmentId, reason: "Physician unwell" });
      else await markNoShow(db, visit.scheduler, { appointmentId: visit.appointmentId });

      await disconnected;
      expect(await liveKitRoomService().listParticipants(roomName)).toEqual([]);
    }
  });
});
