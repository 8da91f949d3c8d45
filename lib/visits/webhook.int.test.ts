import { createHash, randomUUID } from "node:crypto";
import { AccessToken, WebhookReceiver } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/livekit/webhook/route";
import { revokeVisitGuest } from "@/lib/auth/links/visit-guests";
import { createPrismaClient } from "@/lib/db/prisma";
import { VisitError } from "./errors";
import { createTestGuest, createTestVisit, FakeRooms, TEST_LIVEKIT } from "./testing/visits";
import { issueVisitToken } from "./tokens";
import { physicianWaitingRoom } from "./waiting";
import { receiveLiveKitWebhook } from "./webhook";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const receiver = new WebhookReceiver(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);

/** What LiveKit sends: the event as protobuf JSON, and a JWT from the API key carrying the body's base64 SHA-256. */
async function signed(event: Record<string, unknown>, secret = TEST_LIVEKIT.apiSecret) {
  const body = JSON.stringify({ id: `EV_${randomUUID()}`, createdAt: String(Math.floor(Date.now() / 1000)), ...event });
  const token = new AccessToken(TEST_LIVEKIT.apiKey, secret);
  token.sha256 = createHash("sha256").update(body).digest("base64");
  return { body, authorization: await token.toJwt() };
}

async function visitWithRoom(options: { startsInMinutes?: number } = {}) {
  const visit = await createTestVisit(db, { startsInMinutes: options.startsInMinutes ?? 0 });
  await issueVisitToken(db, visit.physician.context, visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() });
  const { id: visitId, roomName } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
  const rooms = new FakeRooms();
  const deliver = async (event: Record<string, unknown>) => receiveLiveKitWebhook(db, await signed({ room: { name: roomName }, ...event }), { receiver, rooms });
  const status = async () => (await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId } })).status;
  const events = () => db.visitParticipantEvent.findMany({ where: { visitId }, orderBy: { occurredAt: "asc" } });
  return { visit, visitId, roomName, rooms, deliver, status, events };
}

describe("the LiveKit webhook", () => {
  it("refuses a bad, missing or foreign signature, or a body it does not cover, and records nothing", async () => {
    const { visit, roomName, visitId, status } = await visitWithRoom();
    const event = { event: "participant_joined", room: { name: roomName }, participant: { identity: visit.patient.identity } };
    const good = await signed(event);
    const forged = await signed(event, "not-our-secret-not-our-secret-00");
    const attempts = [
      { body: good.body, authorization: null },
      { body: good.body, authorization: "not a jwt" },
      { body: good.body, authorization: forged.authorization },
      { body: good.body.replace("participant_joined", "participant_left"), authorization: good.authorization },
    ];
    for (const attempt of attempts) {
      const refusal = receiveLiveKitWebhook(db, attempt, { receiver });
      await expect(refusal).rejects.toBeInstanceOf(VisitError);
      await expect(refusal).rejects.toMatchObject({ status: 401, code: "BAD_SIGNATURE" });
    }
    expect(await db.visitParticipantEvent.count({ where: { visitId } })).toBe(0);
    expect(await status()).toBe("BOOKED");
  });

  it("checks the patient in when they join the waiting room, and out when they leave", async () => {
    const { visit, deliver, status, events } = await visitWithRoom();
    expect(await deliver({ event: "participant_joined", participant: { identity: visit.patient.identity } })).toEqual({ recorded: true });
    expect(await status()).toBe("CHECKED_IN");
    expect(await deliver({ event: "participant_left", participant: { identity: visit.patient.identity } })).toEqual({ recorded: true });
    expect(await status()).toBe("BOOKED");
    expect((await events()).map((event) => [event.type, event.participantIdentity])).toEqual([
      ["JOINED", visit.patient.identity],
      ["LEFT", visit.patient.identity],
    ]);
  });

  it("checks the patient in by their visit link as by the portal", async () => {
    const { visit, deliver, status } = await visitWithRoom();
    await deliver({ event: "participant_joined", participant: { identity: visit.visitLinkIdentity } });
    expect(await status()).toBe("CHECKED_IN");
  });

  it("removes a declined credential that joins with a token from before the decline, not one that asked again", async () => {
    const { visit, visitId, roomName, rooms, deliver } = await visitWithRoom();
    const identity = visit.visitLinkIdentity;
    const decided = (type: "DECLINED" | "REQUESTED", secondsAgo: number) =>
      db.visitParticipantEvent.create({ data: { visitId, type, participantIdentity: identity, occurredAt: new Date(Date.now() - secondsAgo * 1000) } });
    await decided("DECLINED", 30);
    await deliver({ event: "participant_joined", participant: { identity } });
    expect(rooms.calls).toEqual([`remove ${roomName} ${identity}`]);
    // The portal session was not declined: it stays.
    await deliver({ event: "participant_joined", participant: { identity: visit.patient.identity } });
    await decided("REQUESTED", 10);
    await deliver({ event: "participant_joined", participant: { identity } });
    expect(rooms.calls).toEqual([`remove ${roomName} ${identity}`]);
  });

  it("removes a revoked guest or visit link that joins with a token it still holds", async () => {
    const { visit, roomName, rooms, deliver } = await visitWithRoom();
    const guest = await createTestGuest(db, visit, "Sam");
    await revokeVisitGuest(db, visit.appointmentId, guest.id);
    await db.visitLink.update({ where: { id: visit.visitLink.actor.linkId }, data: { revokedAt: new Date() } });
    await deliver({ event: "participant_joined", participant: { identity: guest.identity } });
    await deliver({ event: "participant_joined", participant: { identity: visit.visitLinkIdentity } });
    expect(rooms.calls).toEqual([`remove ${roomName} ${guest.identity}`, `remove ${roomName} ${visit.visitLinkIdentity}`]);
  });

  it("keeps the patient checked in when they left only because they reconnected", async () => {
    const { visit, deliver, status } = await visitWithRoom();
    await deliver({ event: "participant_joined", participant: { identity: visit.patient.identity } });
    await deliver({ event: "participant_left", participant: { identity: visit.patient.identity, disconnectReason: "DUPLICATE_IDENTITY" } });
    expect(await status()).toBe("CHECKED_IN");
  });

  it("records the physician and guests coming and going without checking anyone in", async () => {
    const { visit, deliver, status, events } = await visitWithRoom();
    await deliver({ event: "participant_joined", participant: { identity: visit.physician.identity } });
    await deliver({ event: "participant_joined", participant: { identity: (await createTestGuest(db, visit, "Sam")).identity } });
    expect(await status()).toBe("BOOKED");
    expect(await events()).toHaveLength(2);
  });

  it("records a replayed event once and applies it once", async () => {
    const { visit, roomName, deliver, status, events } = await visitWithRoom();
    const joined = await signed({ event: "participant_joined", room: { name: roomName }, participant: { identity: visit.patient.identity } });
    expect(await receiveLiveKitWebhook(db, joined, { receiver })).toEqual({ recorded: true });
    await deliver({ event: "participant_left", participant: { identity: visit.patient.identity } });
    expect(await status()).toBe("BOOKED");
    // The same join again (LiveKit retrying, or someone replaying it) neither records nor checks in.
    expect(await receiveLiveKitWebhook(db, joined, { receiver })).toEqual({ recorded: false });
    expect(await status()).toBe("BOOKED");
    expect((await events()).map((event) => event.type)).toEqual(["JOINED", "LEFT"]);
  });

  it("counts a LiveKit failover's webhooks once: retries record nothing, the rejoin on the other node is no new arrival", async () => {
    const { visit, roomName, deliver, status, events } = await visitWithRoom();
    const firstCameAt = Math.floor(Date.now() / 1000) - 120;
    // Node 1 hosts the room: the patient comes into the waiting room, and LiveKit sends that event twice.
    const joined = await signed({
      event: "participant_joined",
      createdAt: String(firstCameAt),
      room: { name: roomName, sid: "RM_failover" },
      participant: { identity: visit.patient.identity, sid: "PA_on_node_1" },
    });
    expect(await receiveLiveKitWebhook(db, joined, { receiver })).toEqual({ recorded: true });
    expect(await receiveLiveKitWebhook(db, joined, { receiver })).toEqual({ recorded: false });
    // Node 1 dies (no leave is ever sent); node 2 opens the same room and the patient rejoins there.
    await deliver({ event: "room_started", room: { name: roomName, sid: "RM_failover" } });
    await deliver({ event: "participant_joined", room: { name: roomName, sid: "RM_failover" }, participant: { identity: visit.patient.identity, sid: "PA_on_node_2" } });

    expect(await status()).toBe("CHECKED_IN");
    expect((await events()).map((event) => event.type)).toEqual(["JOINED", "JOINED"]);
    // The physician's waiting list: waiting since they first came, not since the node died.
    const [waiting] = (await physicianWaitingRoom(db, visit.physician.context)).filter((entry) => entry.appointmentId === visit.appointmentId);
    expect(waiting?.since).toEqual(new Date(firstCameAt * 1000));

    // Once they leave and come back, the wait starts again.
    await deliver({ event: "participant_left", room: { name: roomName }, participant: { identity: visit.patient.identity, sid: "PA_on_node_2" } });
    const cameBackAt = Math.floor(Date.now() / 1000) + 60;
    await receiveLiveKitWebhook(
      db,
      await signed({ event: "participant_joined", createdAt: String(cameBackAt), room: { name: roomName }, participant: { identity: visit.patient.identity, sid: "PA_again" } }),
      { receiver },
    );
    const [again] = (await physicianWaitingRoom(db, visit.physician.context)).filter((entry) => entry.appointmentId === visit.appointmentId);
    expect(again?.since).toEqual(new Date(cameBackAt * 1000));
  });

  it("completes a visit in progress when its room closes, at the event's time", async () => {
    const { visit, deliver, status, events } = await visitWithRoom();
    await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "IN_PROGRESS" } });
    const createdAt = Math.floor(Date.now() / 1000) + 5;
    expect(await deliver({ event: "room_finished", createdAt: String(createdAt) })).toEqual({ recorded: true });
    expect(await status()).toBe("COMPLETED");
    const { endedAt } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
    expect(endedAt).toEqual(new Date(createdAt * 1000));
    expect((await events()).map((event) => [event.type, event.participantIdentity])).toEqual([["ROOM_FINISHED", null]]);
  });

  it("leaves a visit that has not started alone when its room closes", async () => {
    const { visit, deliver, status } = await visitWithRoom();
    await deliver({ event: "room_finished" });
    expect(await status()).toBe("BOOKED");
    expect((await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } })).endedAt).toBeNull();
  });

  it("answers recorded: false for rooms that are not ours and events a visit does not track", async () => {
    const { deliver, events } = await visitWithRoom();
    expect(await receiveLiveKitWebhook(db, await signed({ event: "room_started", room: { name: "visit-unknown" } }), { receiver })).toEqual({
      recorded: false,
    });
    expect(
      await receiveLiveKitWebhook(db, await signed({ event: "participant_joined", room: { name: "visit-unknown" }, participant: { identity: "x" } }), {
        receiver,
      }),
    ).toEqual({ recorded: false });
    expect(await deliver({ event: "track_published", participant: { identity: "x" } })).toEqual({ recorded: false });
    expect(await events()).toEqual([]);
  });
});

describe("POST /api/livekit/webhook", () => {
  const post = (body: string, authorization?: string) =>
    POST(
      new Request("http://localhost/api/livekit/webhook", {
        method: "POST",
        body,
        headers: { "content-type": "application/webhook+json", ...(authorization ? { authorization } : {}) },
      }),
    );

  const saved = { ...process.env };
  beforeAll(() => {
    // The route reads the key pair from the environment, as in production.
    Object.assign(process.env, { LIVEKIT_URL: TEST_LIVEKIT.serverUrl, LIVEKIT_API_KEY: TEST_LIVEKIT.apiKey, LIVEKIT_API_SECRET: TEST_LIVEKIT.apiSecret });
  });
  afterAll(() => {
    for (const name of ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("verifies the raw body with the configured key: 200 and recorded, or 401 and nothing", async () => {
    const { visit, roomName, status } = await visitWithRoom();
    const { body, authorization } = await signed({ event: "participant_joined", room: { name: roomName }, participant: { identity: visit.patient.identity } });

    const unsigned = await post(body);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: "The webhook is not signed by our LiveKit server.", code: "BAD_SIGNATURE" });
    // Whitespace changes the body's hash, so a re-serialized body is refused too.
    expect((await post(JSON.stringify(JSON.parse(body), null, 1), authorization)).status).toBe(401);
    expect(await status()).toBe("BOOKED");

    const accepted = await post(body, authorization);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ recorded: true });
    expect(await status()).toBe("CHECKED_IN");
    expect(await (await post(body, authorization)).json()).toEqual({ recorded: false });
  });

  it("refuses an oversized body before reading it all", async () => {
    const response = await post("x".repeat(65 * 1024), "whatever");
    expect(response.status).toBe(413);
  });
});
