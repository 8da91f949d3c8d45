import { createHash } from "node:crypto";
import type { VideoGrant } from "livekit-server-sdk";
import type { Actor } from "@/lib/auth/policy";

// Who someone is in a visit's LiveKit room, and what their token lets them do.
// Pure, so the rules are unit-tested apart from the database and LiveKit.

export type VisitRole = "patient" | "physician" | "guest";

/** How a patient came in: signed in to the portal, or with the visit link from their email. */
export type PatientCredential = "portal" | "visit-link";

export interface VisitParticipant {
  role: VisitRole;
  /**
   * The LiveKit identity, one per credential (a portal session, a visit link,
   * a guest link): stable across that credential's reconnects, so a reconnect
   * replaces rather than duplicates them, and different for every other
   * credential, so a forwarded visit link is someone else who waits to be admitted.
   */
  identity: string;
  /** Shown to the others in the room. */
  name: string;
  /** For patients: how they came, which the physician's waiting list shows. */
  via?: PatientCredential;
}

/**
 * A token is fetched right before each (re)connection and LiveKit hands the
 * connected client refreshed tokens of its own, so ours only has to last until
 * the connection is made: a leaked one is worth a minute.
 */
export const VISIT_TOKEN_TTL_SECONDS = 60;

export interface VisitPeople {
  appointmentId: string;
  patient: { id: string; userId: string | null; givenName: string; familyName: string };
  physician: { id: string; userId: string; name: string };
}

/** Every patient credential's identity starts so (a portal session's, a visit link's). */
export const PATIENT_IDENTITY_PREFIX = "patient-";
const PATIENT_SESSION_PREFIX = `${PATIENT_IDENTITY_PREFIX}session-`;
const PATIENT_LINK_PREFIX = `${PATIENT_IDENTITY_PREFIX}link-`;
const GUEST_PREFIX = "guest-";

/**
 * A portal session's identity: a digest of the session's key (itself a hash of
 * the cookie), so the identity, which the physician's browser and LiveKit's
 * logs see, says nothing about the session.
 */
export function patientSessionIdentity(sessionKey: string): string {
  return `${PATIENT_SESSION_PREFIX}${createHash("sha256").update(`livekit-identity:${sessionKey}`).digest("hex").slice(0, 24)}`;
}

export function patientLinkIdentity(linkId: string): string {
  return `${PATIENT_LINK_PREFIX}${linkId}`;
}

export function guestIdentity(guestId: string): string {
  return `${GUEST_PREFIX}${guestId}`;
}

/** Which credential an identity of ours stands for; null for the physician's and strangers'. */
export function credentialOf(identity: string): { kind: "portal" } | { kind: "visit-link"; linkId: string } | { kind: "guest"; guestId: string } | null {
  if (identity.startsWith(PATIENT_SESSION_PREFIX)) return { kind: "portal" };
  if (identity.startsWith(PATIENT_LINK_PREFIX)) return { kind: "visit-link", linkId: identity.slice(PATIENT_LINK_PREFIX.length) };
  if (identity.startsWith(GUEST_PREFIX)) return { kind: "guest", guestId: identity.slice(GUEST_PREFIX.length) };
  return null;
}

export function isPatientIdentity(identity: string): boolean {
  const credential = credentialOf(identity);
  return credential?.kind === "portal" || credential?.kind === "visit-link";
}

export function patientName(patient: { givenName: string; familyName: string }): string {
  return `${patient.givenName} ${patient.familyName}`;
}

/**
 * Who the (already authorized) actor is in this visit, under the identity of
 * the credential they came with. The physician is checked first, so a
 * clinician who is also the patient of their own visit hosts it.
 */
export function participantFor(context: { actor: Actor; sessionKey?: string }, people: VisitPeople): VisitParticipant {
  const { actor } = context;
  if (actor.kind === "user" && actor.physicianId === people.physician.id) {
    return { role: "physician", identity: people.physician.userId, name: people.physician.name };
  }
  if (actor.kind === "user" && actor.patientId === people.patient.id) {
    // Every signed-in request carries its session; one without is a bug, not a patient to let in under a shared name.
    if (!context.sessionKey) throw new Error("A portal patient's request came without its session");
    return { role: "patient", identity: patientSessionIdentity(context.sessionKey), name: patientName(people.patient), via: "portal" };
  }
  if (actor.kind === "visitLink" && actor.appointmentId === people.appointmentId) {
    return { role: "patient", identity: patientLinkIdentity(actor.linkId), name: patientName(people.patient), via: "visit-link" };
  }
  if (actor.kind === "visitGuest" && actor.appointmentId === people.appointmentId) {
    return { role: "guest", identity: guestIdentity(actor.guestId), name: actor.displayName };
  }
  // authorize() lets no one else join; reaching this is a bug, not a refusal to word nicely.
  throw new Error(`The ${actor.kind} actor has no part in visit ${people.appointmentId}`);
}

/** Participant metadata, which the other side reads to tell patients, guests and the physician apart. */
export function participantMetadata(participant: VisitParticipant): string {
  return JSON.stringify({ role: participant.role, name: participant.name, ...(participant.via ? { via: participant.via } : {}) });
}

/** The role, name and (for patients) credential in a participant's metadata; null when it is not one of ours. */
export function parseParticipantMetadata(metadata: string): { role: VisitRole; name: string; via?: PatientCredential } | null {
  try {
    const value: unknown = JSON.parse(metadata);
    if (typeof value !== "object" || value === null) return null;
    const { role, name, via } = value as Record<string, unknown>;
    if (!(role === "patient" || role === "physician" || role === "guest") || typeof name !== "string") return null;
    return via === "portal" || via === "visit-link" ? { role, name, via } : { role, name };
  } catch {
    return null;
  }
}

/**
 * The physician runs the room. Everyone else joins muted, deaf and hidden (the
 * waiting room: nobody else in the room is told they are there) until the
 * physician admits them; they never get admin rights. Every permission is
 * spelled out, because LiveKit grants both publishing and subscribing when
 * neither is set; and no token may create the room, which the app creates.
 */
export function videoGrantFor(role: VisitRole, room: string, admitted: boolean): VideoGrant {
  if (role === "physician") {
    return { room, roomJoin: true, roomCreate: false, canPublish: true, canSubscribe: true, canPublishData: true, roomAdmin: true };
  }
  return {
    room,
    roomJoin: true,
    roomCreate: false,
    canPublish: admitted,
    canSubscribe: admitted,
    canPublishData: admitted,
    hidden: !admitted,
    roomAdmin: false,
  };
}
