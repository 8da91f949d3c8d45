import type { VideoGrant } from "livekit-server-sdk";
import { keyedDigest } from "@/lib/auth/mfa/secret-box";
import type { Actor } from "@/lib/auth/policy";

// Who someone is in a visit's LiveKit room, and what their token lets them do.
// Apart from the database and LiveKit, so the rules are unit-tested.

export type VisitRole = "patient" | "physician" | "guest" | "interpreter";

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
  /** Shown to the admitted others (the physician's to everyone). */
  name: string;
  /** For patients: how they came, which the physician's waiting list shows. */
  via?: PatientCredential;
  /** For interpreters: the language they interpret (BCP 47). */
  language?: string;
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

const IDENTITY_PURPOSE = "visit-identity";

/**
 * The LiveKit identity of one credential in one visit: a keyed digest, so
 * everyone in the room (a waiting patient's outside client included) sees an
 * id that says nothing of who holds it, whether patient, guest or physician,
 * and the same credential is someone else in another visit. Only the server,
 * which knows the visit's credentials, can tell whose it is (./members.ts).
 */
function visitIdentity(appointmentId: string, credential: string): string {
  return `v-${keyedDigest(`${appointmentId}:${credential}`, IDENTITY_PURPOSE).slice(0, 32)}`;
}

export function physicianIdentity(appointmentId: string, userId: string): string {
  return visitIdentity(appointmentId, `physician:${userId}`);
}

/** A portal session's identity, from the session's key (itself a hash of the cookie). */
export function patientSessionIdentity(appointmentId: string, sessionKey: string): string {
  return visitIdentity(appointmentId, `session:${sessionKey}`);
}

export function patientLinkIdentity(appointmentId: string, linkId: string): string {
  return visitIdentity(appointmentId, `link:${linkId}`);
}

export function guestIdentity(appointmentId: string, guestId: string): string {
  return visitIdentity(appointmentId, `guest:${guestId}`);
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
    return { role: "physician", identity: physicianIdentity(people.appointmentId, people.physician.userId), name: people.physician.name };
  }
  if (actor.kind === "user" && actor.patientId === people.patient.id) {
    // Every signed-in request carries its session; one without is a bug, not a patient to let in under a shared name.
    if (!context.sessionKey) throw new Error("A portal patient's request came without its session");
    return { role: "patient", identity: patientSessionIdentity(people.appointmentId, context.sessionKey), name: patientName(people.patient), via: "portal" };
  }
  if (actor.kind === "visitLink" && actor.appointmentId === people.appointmentId) {
    return { role: "patient", identity: patientLinkIdentity(people.appointmentId, actor.linkId), name: patientName(people.patient), via: "visit-link" };
  }
  if (actor.kind === "visitGuest" && actor.appointmentId === people.appointmentId) {
    const identity = guestIdentity(people.appointmentId, actor.guestId);
    return actor.interpreterLanguage
      ? { role: "interpreter", identity, name: actor.displayName, language: actor.interpreterLanguage }
      : { role: "guest", identity, name: actor.displayName };
  }
  // authorize() lets no one else join; reaching this is a bug, not a refusal to word nicely.
  throw new Error(`The ${actor.kind} actor has no part in visit ${people.appointmentId}`);
}

/**
 * What LiveKit tells everyone in the room about the participant, waiting
 * patients included: the physician's name and role, which the waiting room
 * shows anyway; of an interpreter that they interpret and which language, so
 * every side can label them (language access is no secret); nothing at all of
 * a patient or guest. Admitted people learn names from the app (./members.ts),
 * which tells only them.
 */
export function publicProfile(participant: VisitParticipant): { name: string; metadata: string } {
  if (participant.role === "interpreter") return { name: "", metadata: JSON.stringify({ role: "interpreter", language: participant.language }) };
  if (participant.role !== "physician") return { name: "", metadata: "" };
  return { name: participant.name, metadata: JSON.stringify({ role: "physician", name: participant.name }) };
}

/**
 * The physician runs the room. Everyone else joins muted, deaf and hidden (the
 * waiting room: nobody else in the room is told they are there) until the
 * physician admits them; they never get admin rights. Every permission is
 * spelled out, because LiveKit grants both publishing and subscribing when
 * neither is set; and no token may create the room, which the app creates.
 * Hidden hides the participant, not their media: LiveKit (1.13.5) subscribes
 * everyone else to a hidden participant's tracks and forwards the packets
 * (the SDKs only fail to show them), so someone waiting may not publish.
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
