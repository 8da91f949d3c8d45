import "server-only";
import { AccessToken } from "livekit-server-sdk";
import type { RequestContext } from "@/lib/auth/access";
import { assertReadyForWaitingRoom } from "@/lib/checkin/check-in";
import type { Database } from "@/lib/db/prisma";
import { authorizeAppointment, loadVisitAppointment } from "./appointment";
import { liveKitConfig, liveKitRoomService, type LiveKitConfig, type VisitRoomService } from "./livekit";
import {
  participantFor,
  publicProfile,
  videoGrantFor,
  VISIT_TOKEN_TTL_SECONDS,
  type VisitParticipant,
  type VisitRole,
} from "./participants";
import { admissionOf, ensureVisit } from "./rooms";
import { assertJoinable } from "./window";

export interface VisitToken {
  serverUrl: string;
  token: string;
  identity: string;
  role: VisitRole;
  /** Whether the token lets them publish and subscribe; false means they wait to be admitted. */
  admitted: boolean;
}

/**
 * A LiveKit token for the appointment's room, for whoever may join it (audited),
 * while the visit is open, under the identity of the credential they came with.
 * The room is opened here, and only here: LiveKit creates no room on a join,
 * so once the visit is over no token, however fresh, brings it back. Patients
 * and guests get a waiting-room token until the physician admits their
 * credential; after that every new token (a reconnect) carries the admission.
 * A declined credential asking again is recorded, so it may wait again.
 * The patient waits only once checked in, with a telehealth consent that counts.
 */
export async function issueVisitToken(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  options: { now?: Date; config?: LiveKitConfig; rooms?: VisitRoomService } = {},
): Promise<VisitToken> {
  await authorizeAppointment(db, context, appointmentId, "visit.join");
  const now = options.now ?? new Date();
  const appointment = await loadVisitAppointment(db, appointmentId);
  const participant = participantFor(context, appointment.people);
  const timeZone = participant.role === "physician" ? appointment.physician.timeZone : appointment.patient.timeZone;
  assertJoinable(appointment, timeZone, now);
  if (participant.role === "patient") {
    await assertReadyForWaitingRoom(db, { id: appointmentId, patientId: appointment.patient.id, visitTypeId: appointment.visitTypeId }, now);
  }
  // Read before anything is created, so a server without LiveKit refuses cleanly.
  const config = options.config ?? liveKitConfig();

  const visit = await ensureVisit(db, appointmentId);
  await (options.rooms ?? liveKitRoomService(config)).createRoom(visit.roomName);
  const admission = participant.role === "physician" ? "ADMITTED" : await admissionOf(db, visit.id, participant.identity);
  if (admission === "DECLINED") {
    await db.visitParticipantEvent.create({
      data: { visitId: visit.id, type: "REQUESTED", participantIdentity: participant.identity, occurredAt: now },
    });
  }
  const admitted = admission === "ADMITTED";
  const token = await signVisitToken(config, visit.roomName, participant, admitted);
  return { serverUrl: config.serverUrl, token, identity: participant.identity, role: participant.role, admitted };
}

export function signVisitToken(
  config: Pick<LiveKitConfig, "apiKey" | "apiSecret">,
  roomName: string,
  participant: VisitParticipant,
  admitted: boolean,
): Promise<string> {
  const accessToken = new AccessToken(config.apiKey, config.apiSecret, {
    identity: participant.identity,
    ...publicProfile(participant),
    ttl: VISIT_TOKEN_TTL_SECONDS,
  });
  accessToken.addGrant(videoGrantFor(participant.role, roomName, admitted));
  return accessToken.toJwt();
}
