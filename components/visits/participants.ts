import type { Participant } from "livekit-client";
import type { VisitRole } from "./visitApi";

/**
 * Who a participant is, from what the server put in their token: `name` is
 * the display name, metadata `{ role, name }` says patient, physician or guest.
 */
export function participantRole(participant: Participant): VisitRole | null {
  try {
    const role = (JSON.parse(participant.metadata ?? "{}") as { role?: unknown }).role;
    return role === "patient" || role === "physician" || role === "guest" ? role : null;
  } catch {
    return null;
  }
}

export function participantName(participant: Participant): string {
  if (participant.name) return participant.name;
  try {
    const name = (JSON.parse(participant.metadata ?? "{}") as { name?: unknown }).name;
    if (typeof name === "string" && name) return name;
  } catch {
    // Fall through to the identity.
  }
  return participant.identity;
}

/**
 * Whether someone is in the call proper. Patients and guests sit in the same
 * LiveKit room while they wait, without permission to publish; they belong in
 * the physician's waiting list, not on the call's stage.
 */
export function isInCall(participant: Participant): boolean {
  return (
    participantRole(participant) === "physician" ||
    participant.permissions?.canPublish === true ||
    participant.trackPublications.size > 0
  );
}
