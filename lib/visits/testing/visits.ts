import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/lib/auth/access";
import { issueVisitLink, resolveVisitLink } from "@/lib/auth/links/visit-links";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "@/lib/scheduling/testing/clinic";
import type { LiveKitConfig, RoomParticipant, VisitRoomService } from "../livekit";
import { guestIdentity, patientLinkIdentity, patientSessionIdentity, physicianIdentity } from "../participants";
import { issueVisitGuest } from "@/lib/auth/links/visit-guests";
import { completeTestCheckIn } from "@/lib/checkin/testing";

// For integration tests of video visits: an appointment with everyone who may
// or may not act on it, and an in-memory stand-in for the LiveKit room server.

export const TEST_LIVEKIT: LiveKitConfig = {
  serverUrl: "ws://127.0.0.1:7990",
  apiUrl: "http://127.0.0.1:7990",
  apiKey: "devkey",
  apiSecret: "integration-test-livekit-secret-0123456789",
};

const client = { ip: "203.0.113.9", userAgent: "vitest" };
const MINUTE_MS = 60_000;

/**
 * A 30-minute appointment starting `startsInMinutes` from `now` (negative: it
 * began that long ago), in the given status, with its physician and patient,
 * an unrelated physician and patient, a scheduler, and the patient's visit link.
 * The patient has checked in (so they may wait) unless `checkedIn` is false.
 */
export async function createTestVisit(
  db: Database,
  options: { now?: Date; startsInMinutes?: number; status?: AppointmentStatus; checkedIn?: boolean } = {},
) {
  const now = options.now ?? new Date();
  const physician = await createTestPhysician(db, { name: "Lena Fischer" });
  const patient = await createTestPatient(db, { givenName: "Alex", familyName: `Morgan-${randomUUID().slice(0, 6)}`, timeZone: "America/Chicago" });
  const otherPhysician = await createTestPhysician(db);
  const otherPatient = await createTestPatient(db);
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const visitType = await createTestVisitType(db);
  const startsAt = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS + (options.startsInMinutes ?? 0) * MINUTE_MS);
  const appointment = await db.appointment.create({
    data: {
      patientId: patient.patientId,
      physicianId: physician.physicianId,
      visitTypeId: visitType.id,
      bookedById: physician.userId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * MINUTE_MS),
      status: options.status ?? "BOOKED",
      reason: "Video visit test",
    },
    select: { id: true, startsAt: true, endsAt: true },
  });
  if (options.checkedIn !== false) {
    await completeTestCheckIn(db, { appointmentId: appointment.id, patientId: patient.patientId, publishedById: physician.userId }, now);
  }
  const { token: linkToken } = await issueVisitLink(db, appointment.id);
  const resolved = await resolveVisitLink(db, linkToken, now);
  if (!("actor" in resolved)) throw new Error("fresh visit link did not resolve");
  const patientUser = await db.patient.findUniqueOrThrow({ where: { id: patient.patientId }, select: { userId: true } });
  // The patient signed in to the portal: their requests carry their session, which names them in the room.
  const sessionKey = `test-session-${randomUUID()}`;
  return {
    appointmentId: appointment.id,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    physician: { ...physician, identity: physicianIdentity(appointment.id, physician.userId) },
    patient: {
      ...patient,
      context: { ...patient.context, sessionKey } satisfies RequestContext,
      userId: patientUser.userId!,
      /** Their identity in the room through the portal session above. */
      identity: patientSessionIdentity(appointment.id, sessionKey),
    },
    otherPhysician,
    otherPatient,
    scheduler,
    visitLink: { actor: resolved.actor, ...client } satisfies RequestContext,
    /** The patient's identity in the room through their visit link. */
    visitLinkIdentity: patientLinkIdentity(appointment.id, resolved.actor.linkId),
  };
}

export type TestVisit = Awaited<ReturnType<typeof createTestVisit>>;

/** A guest the physician invited to the visit, with their identity in its room. */
export async function createTestGuest(db: Database, visit: TestVisit, displayName: string) {
  const { guest } = await issueVisitGuest(db, { appointmentId: visit.appointmentId, displayName, relationship: "", createdById: visit.physician.userId });
  return { ...guest, identity: guestIdentity(visit.appointmentId, guest.id) };
}

export const anonymousContext: RequestContext = { actor: { kind: "anonymous" }, ...client };

export function contextOf(actor: RequestContext["actor"]): RequestContext {
  return { actor, ...client };
}

/** Audit rows about the appointment's patient, oldest first. */
export function auditRows(db: Database, patientId: string) {
  return db.auditEvent.findMany({
    where: { patientId },
    orderBy: { id: "asc" },
    select: { actorId: true, actorRole: true, action: true, resourceId: true, outcome: true, reason: true },
  });
}

/**
 * An in-memory LiveKit: rooms of participants that tests put in with `join`,
 * and the room operations the visit functions call, recorded in `calls`.
 * `failNext` makes the next operation throw, as an unreachable server would.
 */
export class FakeRooms implements VisitRoomService {
  readonly rooms = new Map<string, Map<string, RoomParticipant>>();
  readonly calls: string[] = [];
  failNext = false;

  async createRoom(room: string) {
    this.record(`create ${room}`);
    if (!this.rooms.has(room)) this.rooms.set(room, new Map());
  }

  /** Puts someone in the room as their token would: the physician named and with media, anyone else nameless and waiting unless admitted. */
  join(room: string, participant: { identity: string; physician?: { name: string }; admitted?: boolean }) {
    const participants = this.rooms.get(room) ?? new Map<string, RoomParticipant>();
    this.rooms.set(room, participants);
    const media = participant.physician !== undefined || participant.admitted === true;
    const name = participant.physician?.name ?? "";
    participants.set(participant.identity, {
      identity: participant.identity,
      name,
      metadata: participant.physician ? JSON.stringify({ role: "physician", name }) : "",
      joinedAt: new Date(),
      canPublish: media,
      canSubscribe: media,
    });
  }

  async listParticipants(room: string) {
    this.record(`list ${room}`);
    return [...(this.rooms.get(room)?.values() ?? [])];
  }

  async admitParticipant(room: string, identity: string) {
    this.record(`admit ${room} ${identity}`);
    const participant = this.rooms.get(room)?.get(identity);
    if (!participant) throw new Error(`${identity} is not in ${room}`);
    participant.canPublish = true;
    participant.canSubscribe = true;
  }

  async removeParticipant(room: string, identity: string) {
    this.record(`remove ${room} ${identity}`);
    this.rooms.get(room)?.delete(identity);
  }

  async deleteRoom(room: string) {
    this.record(`delete ${room}`);
    this.rooms.delete(room);
  }

  private record(call: string) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error(`LiveKit unreachable during: ${call}`);
    }
    this.calls.push(call);
  }
}
