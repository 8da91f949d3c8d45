import type { Participant } from "livekit-client";
import { interpreterLabel } from "@/lib/visits/interpreter-languages";
import type { VisitRole } from "./visitApi";

/**
 * Who is who in the call, as the app tells people in it (GET …/roster): the
 * room itself names nobody but the physician, so a waiting patient learns
 * nothing from it.
 */
export type Roster = ReadonlyMap<string, { name: string; role: VisitRole; language?: string }>;

/** What the room says openly: the physician's role, and an interpreter's with their language, in their token's metadata. */
function publicProfile(participant: Participant): { role: VisitRole; language?: string } | null {
  try {
    const metadata = JSON.parse(participant.metadata || "{}") as { role?: unknown; language?: unknown };
    if (metadata.role === "physician") return { role: "physician" };
    if (metadata.role === "interpreter") return { role: "interpreter", language: typeof metadata.language === "string" ? metadata.language : undefined };
    return null;
  } catch {
    return null;
  }
}

function publicRole(participant: Participant): VisitRole | null {
  return publicProfile(participant)?.role ?? null;
}

/** Their role in the call (with the language an interpreter interprets), what the tile says after the name; null when nobody has said. */
export function participantRole(participant: Participant, roster: Roster): { role: VisitRole; language?: string } | null {
  const known = roster.get(participant.identity) ?? publicProfile(participant);
  return known ? { role: known.role, language: known.language } : null;
}

/** How a role is shown beside a name in the call and the physician's lists. */
export function roleLabel(role: VisitRole, language?: string): string {
  return role === "interpreter" ? interpreterLabel(language) : role;
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
