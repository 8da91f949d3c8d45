import "server-only";
import type { WebhookEvent, WebhookReceiver } from "livekit-server-sdk";
import type { ParticipantEventType } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { VisitError } from "./errors";
import { liveKitRoomService, liveKitWebhookReceiver, type VisitRoomService } from "./livekit";
import { loadVisitAppointment } from "./appointment";
import { visitMembers, type VisitMember } from "./members";
import { admissionOf } from "./rooms";

// LiveKit tells us who joins and leaves a visit's room, and when the room
// closes. Each event is stored once (its id is unique, so LiveKit's retries and
// a replayed request record nothing twice) and moves the appointment along:
// the patient in the waiting room (by any of their credentials) is CHECKED_IN,
// gone again BOOKED, and a room that closes during the visit completes it. A
// credential that may no longer be there (declined, a revoked guest or visit
// link) but joins with a token it still holds is removed from the room.

/** LiveKit's bodies are a few kilobytes; anything far larger is not from it. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

const EVENT_TYPES: Partial<Record<string, ParticipantEventType>> = {
  participant_joined: "JOINED",
  participant_left: "LEFT",
  // A participant whose connection failed while joining is gone all the same.
  participant_connection_aborted: "LEFT",
  room_finished: "ROOM_FINISHED",
};

/** livekit.DisconnectReason.DUPLICATE_IDENTITY: the same person reconnected, so they have not left. */
const DUPLICATE_IDENTITY = 2;

/**
 * Verifies the body against the `Authorization` header LiveKit signs (a JWT
 * with the body's SHA-256) and records the event. A body the signature does
 * not cover is refused with a 401 VisitError and records nothing.
 */
export async function receiveLiveKitWebhook(
  db: Database,
  request: { body: string; authorization: string | null },
  options: { receiver?: WebhookReceiver; rooms?: VisitRoomService } = {},
): Promise<{ recorded: boolean }> {
  const refusal = new VisitError("BAD_SIGNATURE", "The webhook is not signed by our LiveKit server.");
  // Unsigned is refused before the configuration is needed, so it is a 401 on any server.
  if (!request.authorization) throw refusal;
  const receiver = options.receiver ?? liveKitWebhookReceiver();
  let event: WebhookEvent;
  try {
    event = await receiver.receive(request.body, request.authorization);
  } catch {
    throw refusal;
  }
  return recordWebhookEvent(db, event, options);
}

/** Stores one verified event against its visit and applies its status change; false when there is nothing new. */
export async function recordWebhookEvent(
  db: Database,
  event: WebhookEvent,
  options: { rooms?: VisitRoomService } = {},
): Promise<{ recorded: boolean }> {
  const type = EVENT_TYPES[event.event];
  const roomName = event.room?.name;
  // Events about other rooms (none of ours), or kinds a visit does not track.
  if (!type || !roomName || !event.id) return { recorded: false };
  const visit = await db.visit.findUnique({
    where: { roomName },
    select: { id: true, appointment: { select: { id: true } } },
  });
  if (!visit) return { recorded: false };

  const participantIdentity = type === "ROOM_FINISHED" ? null : (event.participant?.identity ?? null);
  const occurredAt = event.createdAt > 0n ? new Date(Number(event.createdAt) * 1000) : new Date();
  const appointmentId = visit.appointment.id;
  const member =
    participantIdentity === null ? null : (await visitMembers(db, (await loadVisitAppointment(db, appointmentId)).people))(participantIdentity);
  const isPatient = member?.role === "patient";

  const recorded = await db.$transaction(async (tx) => {
    const { count } = await tx.visitParticipantEvent.createMany({
      data: [{ visitId: visit.id, type, participantIdentity, externalEventId: event.id, occurredAt }],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    if (type === "JOINED" && isPatient) {
      await tx.appointment.updateMany({ where: { id: appointmentId, status: "BOOKED" }, data: { status: "CHECKED_IN" } });
    } else if (type === "LEFT" && isPatient && event.participant?.disconnectReason !== DUPLICATE_IDENTITY) {
      await tx.appointment.updateMany({ where: { id: appointmentId, status: "CHECKED_IN" }, data: { status: "BOOKED" } });
    } else if (type === "ROOM_FINISHED") {
      const { count: completed } = await tx.appointment.updateMany({
        where: { id: appointmentId, status: "IN_PROGRESS" },
        data: { status: "COMPLETED" },
      });
      if (completed > 0) await tx.visit.updateMany({ where: { id: visit.id, endedAt: null }, data: { endedAt: occurredAt } });
    }
    return true;
  });
  if (recorded && type === "JOINED" && member !== null && (await turnedAway(db, visit.id, member))) {
    await (options.rooms ?? liveKitRoomService()).removeParticipant(roomName, member.identity);
  }
  return { recorded };
}

/**
 * Whether this credential may not be in the room although it joined: the
 * physician declined it and it has not asked again since (its token is from
 * before the decline), or it is a guest or visit link that was revoked.
 */
async function turnedAway(db: Database, visitId: string, member: VisitMember): Promise<boolean> {
  if ((await admissionOf(db, visitId, member.identity)) === "DECLINED") return true;
  const { credential } = member;
  return (credential.kind === "guest" || credential.kind === "visit-link") && credential.revoked;
}
