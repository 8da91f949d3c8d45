import type { Participant } from "livekit-client";
import type { VisitRole } from "./visitApi";

/**
 * Who is who in the call, as the app tells people in it (GET …/roster): the
 * room itself names nobody but the physician, so a waiting patient learns
 * nothing from it.
 */
export type Roster = ReadonlyMap<string, { name: string; role: VisitRole }>;

/** What the room says openly: the physician's role and name, in their token's metadata. */
function publicRole(participant: Participant): VisitRole | null {
  try {
    return (JSON.parse(participant.metadata || "{}") as { role?: unknown }).role === "physician" ? "physician" : null;
  } catch {
    return null;
  }
}

export function participantRole(participant: Participant, roster: Roster): VisitRole | null {
  return roster.get(participant.identity)?.role ?? publicRole(participant);
}

/** Their name from the roster, or the room's (the physician's); null until the roster has them (the page then says "someone"). */
export function participantName(participant: Participant, roster: Roster): string | null {
  return roster.get(participant.identity)?.name || participant.name || null;
}

/**
 * Whether someone is in the call proper. Patients and guests sit in the same
 * LiveKit room while they wait, without permission to publish; they belong in
 * the physician's waiting list, not on the call's stage.
 */
export function isInCall(participant: Participant): boolean {
  return publicRole(participant) === "physician" || participant.permissions?.canPublish === true || participant.trackPublications.size > 0;
}
