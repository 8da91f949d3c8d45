import { dispose } from "@livekit/rtc-node";
import { afterAll, describe, expect, it } from "vitest";
import { resolveVisitGuest } from "@/lib/auth/links/visit-guests";
import { createPrismaClient } from "@/lib/db/prisma";
import { admitToVisit, getVisitLobby } from "./admission";
import { getVisitRoster } from "./members";
import { inviteVisitGuest } from "./guests";
import { liveKitConfig } from "./livekit";
import { decodedColours, joinAsOutsideClient, sameColour, videoTrackFrom, type OutsideClient, type Rgb } from "./testing/outside-client";
import { contextOf, createTestVisit } from "./testing/visits";
import { issueVisitToken } from "./tokens";

// What someone in the waiting room gets from LiveKit, seen by an outside
// client (@livekit/rtc-node) that joins with the waiting token it was given,
// as anyone holding a visit link could, rather than through our own page.

const configured = Boolean(process.env.LIVEKIT_URL && process.env.LIVEKIT_API_KEY && process.env.LIVEKIT_API_SECRET);

const db = createPrismaClient(process.env.DATABASE_URL!);
const clients: OutsideClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.leave()));
  await dispose();
  await db.$disconnect();
});

const PHYSICIAN_RED: Rgb = [220, 30, 30];
const PATIENT_BLUE: Rgb = [30, 30, 220];
const encoder = new TextEncoder();

async function join(token: string) {
  const client = await joinAsOutsideClient(liveKitConfig().serverUrl, token);
  clients.push(client);
  return client;
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A visit in progress: the physician with a red camera and an admitted guest; the patient's visit link not yet used. */
async function callInProgress() {
  const visit = await createTestVisit(db, { startsInMinutes: -2 });
  const physician = await join((await issueVisitToken(db, visit.physician.context, visit.appointmentId)).token);
  await physician.publishCamera(PHYSICIAN_RED);
  const { link } = await inviteVisitGuest(db, visit.physician.context, visit.appointmentId, { displayName: "Sam Morgan", relationship: "Brother" });
  const resolved = await resolveVisitGuest(db, link.split("/").pop()!);
  if (!("actor" in resolved)) throw new Error("guest link did not resolve");
  const guestToken = await issueVisitToken(db, contextOf(resolved.actor), visit.appointmentId);
  const guest = await join(guestToken.token);
  await waitUntilInLobby(visit, guestToken.identity);
  await admitToVisit(db, visit.physician.context, visit.appointmentId, guestToken.identity);
  return { visit, physician, guest, guestToken };
}

function waitUntilInLobby(visit: Awaited<ReturnType<typeof createTestVisit>>, identity: string) {
  return eventually(
    () => getVisitLobby(db, visit.physician.context, visit.appointmentId),
    (lobby) => lobby.waiting.some((entry) => entry.identity === identity),
  );
}

describe.skipIf(!configured)("the waiting room, seen by an outside LiveKit client", () => {
  it("delivers no track and no chat, and lets nothing be published, until the physician admits; then the physician's picture arrives", async () => {
    const { visit, physician, guest, guestToken } = await callInProgress();
    const patientToken = await issueVisitToken(db, visit.visitLink, visit.appointmentId);
    const patient = await join(patientToken.token);
    await waitUntilInLobby(visit, patientToken.identity);

    // The chat as the call sends it, to the admitted people; the guest's copy shows it went out.
    await physician.room.localParticipant!.publishData(encoder.encode("Your results are back"), {
      reliable: true,
      topic: "chat",
      destination_identities: [guestToken.identity],
    });
    await eventually(async () => guest.received, (received) => received.some((entry) => entry.text === "Your results are back"));
    await expect(patient.publishCamera(PATIENT_BLUE)).rejects.toThrow();
    await patient.room.localParticipant!.publishData(encoder.encode("hello from the waiting room"), { reliable: true, topic: "chat" });
    // Something the waiting client sent after its attempts reaches nobody, and a later message of the call shows what arrived by then.
    await physician.room.localParticipant!.publishData(encoder.encode("Next question"), {
      reliable: true,
      topic: "chat",
      destination_identities: [guestToken.identity],
    });
    await eventually(async () => guest.received, (received) => received.some((entry) => entry.text === "Next question"));

    expect(patient.subscribed).toEqual([]);
    expect(patient.received).toEqual([]);
    expect([...physician.received, ...guest.received].map((entry) => entry.text)).not.toContain("hello from the waiting room");
    expect([...physician.room.remoteParticipants.keys()]).not.toContain(patientToken.identity);

    await admitToVisit(db, visit.physician.context, visit.appointmentId, patientToken.identity);
    const colours = await decodedColours(await videoTrackFrom(patient, physician.room.localParticipant!.identity), 5);
    expect(colours.every((colour) => sameColour(colour, PHYSICIAN_RED))).toBe(true);
    // Admitted, it publishes, and the physician sees its picture, not their own.
    await patient.publishCamera(PATIENT_BLUE);
    const seenByPhysician = await decodedColours(await videoTrackFrom(physician, patientToken.identity), 5);
    expect(seenByPhysician.every((colour) => sameColour(colour, PATIENT_BLUE))).toBe(true);
  });

  it("tells a waiting client nothing of who is in the call but the physician's name, and the app tells it no more", async () => {
    const { visit, physician, guestToken } = await callInProgress();
    const patientToken = await issueVisitToken(db, visit.visitLink, visit.appointmentId);
    const patient = await join(patientToken.token);
    await waitUntilInLobby(visit, patientToken.identity);
    const { name: physicianName, identity: physicianIdentity } = physician.room.localParticipant!;

    const seen = [...patient.room.remoteParticipants.values()].map((participant) => ({
      identity: participant.identity,
      name: participant.name ?? "",
      metadata: participant.metadata,
      attributes: participant.attributes,
    }));
    expect(seen.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { identity: guestToken.identity, name: "", metadata: "", attributes: {} },
      { identity: physicianIdentity, name: physicianName, metadata: JSON.stringify({ role: "physician", name: physicianName }), attributes: {} },
    ]);
    const everything = JSON.stringify({ seen, room: [patient.room.name, patient.room.metadata], own: patient.room.localParticipant!.metadata });
    for (const secret of ["Sam Morgan", "Brother", visit.physician.userId, visit.patient.userId, visit.visitLink.actor.linkId, "guest", "patient"]) {
      expect(everything).not.toContain(secret);
    }
    for (const identity of [guestToken.identity, physicianIdentity, patientToken.identity]) expect(identity).toMatch(/^v-[A-Za-z0-9_-]{32}$/);

    // The call's roster is for those in it.
    await expect(getVisitRoster(db, visit.visitLink, visit.appointmentId)).rejects.toMatchObject({ status: 403, code: "NOT_ADMITTED" });
    await admitToVisit(db, visit.physician.context, visit.appointmentId, patientToken.identity);
    const roster = await eventually(
      () => getVisitRoster(db, visit.visitLink, visit.appointmentId),
      (people) => people.length === 3,
    );
    expect(roster.sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { identity: guestToken.identity, role: "guest", name: "Sam Morgan" },
      { identity: patientToken.identity, role: "patient", name: expect.stringMatching(/^Alex Morgan-/) },
      { identity: physicianIdentity, role: "physician", name: physicianName },
    ]);
  });
});
