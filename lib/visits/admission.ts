import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { licensureClearance, visitLicensure, type LicensureVisit } from "@/lib/licensure/admission";
import type { VisitLicensure } from "@/lib/licensure/types";
import { authorizeAppointment, loadVisitAppointment, type VisitAppointment } from "./appointment";
import { VisitError } from "./errors";
import { liveKitRoomService, type RoomParticipant, type VisitRoomService } from "./livekit";
import { visitMembers, type VisitMember } from "./members";
import type { PatientCredential, VisitRole } from "./participants";

// What the physician does with the room: see who is waiting, let them in or
// turn them away, and end the visit for everyone. Each step is authorized as
// `visit.host` (the appointment's own physician) and audited. LiveKit is called
// inside the database transaction, last, so a failed call records nothing.

export interface LobbyParticipant {
  identity: string;
  name: string;
  role: Exclude<VisitRole, "physician">;
  /** For patients: the portal or the visit link, so the physician can tell two entries of one name apart. */
  via?: PatientCredential;
  /** For interpreters: the language they interpret. */
  language?: string;
}

export interface VisitLobby {
  status: AppointmentStatus;
  waiting: Array<LobbyParticipant & { joinedAt: Date }>;
  admitted: LobbyParticipant[];
  /** Where the patient says they are, against the physician's licences: shown before admitting them. */
  licensure: VisitLicensure;
}

export interface RoomOptions {
  /** The LiveKit room operations; the real server's unless a test passes its own. */
  rooms?: VisitRoomService;
  now?: Date;
}

export interface AdmitOptions extends RoomOptions {
  /** Why the physician admits a patient located where they hold no current licence (WARN mode). */
  licensureReason?: string;
}

const TERMINAL: ReadonlySet<AppointmentStatus> = new Set(["COMPLETED", "CANCELLED", "NO_SHOW"]);

/** Who is in the room besides the physician: waiting (no media yet) or admitted. */
export async function getVisitLobby(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  options: RoomOptions = {},
): Promise<VisitLobby> {
  await authorizeAppointment(db, context, appointmentId, "visit.host");
  const appointment = await loadVisitAppointment(db, appointmentId);
  const lobby: VisitLobby = { status: appointment.status, waiting: [], admitted: [], licensure: await visitLicensure(db, licensureVisit(appointment)) };
  // No room before the first token, and none worth asking about after the visit.
  if (!appointment.visit || TERMINAL.has(appointment.status)) return lobby;
  const [memberOf, participants] = await Promise.all([
    visitMembers(db, appointment.people),
    (options.rooms ?? liveKitRoomService()).listParticipants(appointment.visit.roomName),
  ]);
  for (const participant of participants) {
    const entry = lobbyEntry(memberOf(participant.identity));
    if (!entry) continue;
    if (hasMedia(participant)) lobby.admitted.push(entry);
    else lobby.waiting.push({ ...entry, joinedAt: participant.joinedAt });
  }
  lobby.waiting.sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  return lobby;
}

/**
 * Lets a waiting patient or guest in: records ADMITTED, starts the visit
 * (IN_PROGRESS, startedAt) and grants them media in the live room.
 * Admitting someone already in is harmless. The patient is admitted only once
 * licensure allows it: see lib/licensure/admission.ts.
 */
export async function admitToVisit(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  identity: string,
  options: AdmitOptions = {},
): Promise<{ admitted: string }> {
  await authorizeAppointment(db, context, appointmentId, "visit.host");
  const appointment = await loadVisitAppointment(db, appointmentId);
  refuseIfOver(appointment);
  const { visit, rooms, member } = await requireInRoom(db, appointment, identity, options.rooms);
  const recordOverride = member.role === "patient" ? await licensureClearance(db, context, licensureVisit(appointment), options.licensureReason) : null;
  const now = options.now ?? new Date();
  await db.$transaction(async (tx) => {
    await recordOverride?.(tx);
    await tx.visitParticipantEvent.create({
      data: { visitId: visit.id, type: "ADMITTED", participantIdentity: identity, occurredAt: now },
    });
    await tx.appointment.updateMany({
      where: { id: appointmentId, status: { in: ["BOOKED", "CHECKED_IN"] } },
      data: { status: "IN_PROGRESS" },
    });
    await tx.visit.updateMany({ where: { id: visit.id, startedAt: null }, data: { startedAt: now } });
    await rooms.admitParticipant(visit.roomName, identity);
  });
  return { admitted: identity };
}

/**
 * Turns a patient or guest away (or out): records DECLINED, so a new token
 * carries no media, and disconnects them (the client is told it was removed).
 */
export async function declineFromVisit(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  identity: string,
  options: RoomOptions = {},
): Promise<{ declined: string }> {
  await authorizeAppointment(db, context, appointmentId, "visit.host");
  const appointment = await loadVisitAppointment(db, appointmentId);
  // Once the visit is over its room is gone, and there is nobody left to turn away.
  refuseIfOver(appointment);
  const { visit, rooms } = await requireInRoom(db, appointment, identity, options.rooms);
  const now = options.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.visitParticipantEvent.create({
      data: { visitId: visit.id, type: "DECLINED", participantIdentity: identity, occurredAt: now },
    });
    await rooms.removeParticipant(visit.roomName, identity);
  });
  return { declined: identity };
}

/**
 * Ends the visit for everyone: closes the room (everyone is disconnected) and
 * completes the appointment. Ending a completed visit again changes nothing.
 */
export async function endVisit(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  options: RoomOptions = {},
): Promise<{ status: "COMPLETED"; durationSeconds: number | null }> {
  await authorizeAppointment(db, context, appointmentId, "visit.host");
  const appointment = await loadVisitAppointment(db, appointmentId);
  const { visit } = appointment;
  if (appointment.status === "COMPLETED") return { status: "COMPLETED", durationSeconds: durationSeconds(visit) };
  refuseIfOver(appointment);
  if (!visit) throw new VisitError("NOT_STARTED", "This visit has not started, so there is nothing to end.");

  const now = options.now ?? new Date();
  const rooms = options.rooms ?? liveKitRoomService();
  const ended = await db.$transaction(async (tx) => {
    await tx.appointment.updateMany({
      where: { id: appointmentId, status: { in: ["BOOKED", "CHECKED_IN", "IN_PROGRESS"] } },
      data: { status: "COMPLETED" },
    });
    await tx.visit.updateMany({ where: { id: visit.id, endedAt: null }, data: { endedAt: now } });
    await rooms.deleteRoom(visit.roomName);
    return tx.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { startedAt: true, endedAt: true } });
  });
  return { status: "COMPLETED", durationSeconds: durationSeconds(ended) };
}

function durationSeconds(visit: { startedAt: Date | null; endedAt: Date | null } | null): number | null {
  if (!visit?.startedAt || !visit.endedAt) return null;
  return Math.max(0, Math.round((visit.endedAt.getTime() - visit.startedAt.getTime()) / 1000));
}

function refuseIfOver(appointment: VisitAppointment): void {
  if (appointment.status === "CANCELLED") throw new VisitError("CANCELLED", "This visit was cancelled.");
  if (appointment.status === "COMPLETED" || appointment.status === "NO_SHOW") throw new VisitError("ENDED", "This visit has ended.");
}

/** The visit's room and the patient or guest with that identity in it, or a 404 saying they are not there. */
async function requireInRoom(db: Database, appointment: VisitAppointment, identity: string, rooms = appointment.visit ? liveKitRoomService() : null) {
  const notThere = new VisitError("NOT_IN_ROOM", "That person is not in the visit's waiting room or call.");
  if (!appointment.visit || !rooms) throw notThere;
  // Asked together: admission waits on both, and the LiveKit call is the slower.
  const [participants, memberOf] = await Promise.all([rooms.listParticipants(appointment.visit.roomName), visitMembers(db, appointment.people)]);
  const participant = participants.find((candidate) => candidate.identity === identity);
  const member = participant && memberOf(identity);
  if (!participant || !member || !lobbyEntry(member)) throw notThere;
  return { visit: appointment.visit, rooms, participant, member };
}

function licensureVisit(appointment: VisitAppointment): LicensureVisit {
  return { appointmentId: appointment.id, patientId: appointment.patient.id, physicianId: appointment.physician.id, startsAt: appointment.startsAt };
}

/** Patients and guests as the physician's lists show them; the physician is left out. */
function lobbyEntry(member: VisitMember): LobbyParticipant | null {
  if (member.role === "physician") return null;
  return {
    identity: member.identity,
    name: member.name,
    role: member.role,
    ...(member.via ? { via: member.via } : {}),
    ...(member.language ? { language: member.language } : {}),
  };
}

function hasMedia(participant: RoomParticipant): boolean {
  return participant.canPublish || participant.canSubscribe;
}
