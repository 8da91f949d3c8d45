import type { VideoGrant } from "livekit-server-sdk";
import type { Actor } from "@/lib/auth/policy";

// Who someone is in a visit's LiveKit room, and what their token lets them do.
// Pure, so the rules are unit-tested apart from the database and LiveKit.

export type VisitRole = "patient" | "physician" | "guest";

export interface VisitParticipant {
  role: VisitRole;
  /** The LiveKit identity: stable per person, so a reconnect replaces rather than duplicates them. */
  identity: string;
  /** Shown to the others in the room. */
  name: string;
}

/** A fresh token is fetched to reconnect, so a short life limits what a leaked one is worth. */
export const VISIT_TOKEN_TTL_SECONDS = 10 * 60;

export interface VisitPeople {
  appointmentId: string;
  patient: { id: string; userId: string | null; givenName: string; familyName: string };
  physician: { id: string; userId: string; name: string };
}

/** The patient's identity is the same whether they come through the portal or their visit link. */
export function patientIdentity(patient: { id: string; userId: string | null }): string {
  return patient.userId ?? `patient-${patient.id}`;
}

export function guestIdentity(guestId: string): string {
  return `guest-${guestId}`;
}

export function patientName(patient: { givenName: string; familyName: string }): string {
  return `${patient.givenName} ${patient.familyName}`;
}

/**
 * Who the (already authorized) actor is in this visit. The physician is checked
 * first, so a clinician who is also the patient of their own visit hosts it.
 */
export function participantFor(actor: Actor, people: VisitPeople): VisitParticipant {
  if (actor.kind === "user" && actor.physicianId === people.physician.id) {
    return { role: "physician", identity: people.physician.userId, name: people.physician.name };
  }
  const linkedPatient = actor.kind === "visitLink" && actor.appointmentId === people.appointmentId;
  if ((actor.kind === "user" && actor.patientId === people.patient.id) || linkedPatient) {
    return { role: "patient", identity: patientIdentity(people.patient), name: patientName(people.patient) };
  }
  if (actor.kind === "visitGuest" && actor.appointmentId === people.appointmentId) {
    return { role: "guest", identity: guestIdentity(actor.guestId), name: actor.displayName };
  }
  // authorize() lets no one else join; reaching this is a bug, not a refusal to word nicely.
  throw new Error(`The ${actor.kind} actor has no part in visit ${people.appointmentId}`);
}

/** Participant metadata, which the other side reads to tell patients, guests and the physician apart. */
export function participantMetadata(participant: VisitParticipant): string {
  return JSON.stringify({ role: participant.role, name: participant.name });
}

/** The role and name in a participant's metadata; null when it is not one of ours. */
export function parseParticipantMetadata(metadata: string): { role: VisitRole; name: string } | null {
  try {
    const value: unknown = JSON.parse(metadata);
    if (typeof value !== "object" || value === null) return null;
    const { role, name } = value as Record<string, unknown>;
    if ((role === "patient" || role === "physician" || role === "guest") && typeof name === "string") return { role, name };
    return null;
  } catch {
    return null;
  }
}

/**
 * The physician runs the room. Everyone else joins muted and deaf (the waiting
 * room) until the physician admits them; they never get admin rights. Every
 * permission is spelled out, because LiveKit grants both publishing and
 * subscribing when neither is set.
 */
export function videoGrantFor(role: VisitRole, room: string, admitted: boolean): VideoGrant {
  if (role === "physician") {
    return { room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true, roomAdmin: true };
  }
  return { room, roomJoin: true, canPublish: admitted, canSubscribe: admitted, canPublishData: admitted, roomAdmin: false };
}
