import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { auditActor, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { authorizeAppointment, loadVisitAppointment } from "./appointment";
import { VisitError } from "./errors";
import { liveKitRoomService, type VisitRoomService } from "./livekit";
import {
  guestIdentity,
  participantFor,
  patientLinkIdentity,
  patientName,
  physicianIdentity,
  type PatientCredential,
  type VisitPeople,
  type VisitRole,
} from "./participants";
import { admissionOf } from "./rooms";

// Who is who in a visit's room. LiveKit knows only opaque identities (and the
// physician's name); the server tells them apart by working out the identity
// of each of the visit's credentials, and tells admitted people, not waiting
// ones, the names of the others in the call.

export type MemberCredential =
  | { kind: "physician" }
  | { kind: "portal" }
  | { kind: "visit-link"; linkId: string; revoked: boolean }
  | { kind: "guest"; guestId: string; revoked: boolean };

export interface VisitMember {
  identity: string;
  role: VisitRole;
  name: string;
  /** For patients: the portal or the visit link. */
  via?: PatientCredential;
  /** For interpreters: the language they interpret (BCP 47). */
  language?: string;
  credential: MemberCredential;
}

/**
 * Whose each identity in the visit's room is. Only tokens the app signed can
 * join, so an identity that is not the physician's, a guest's or a visit
 * link's is one of the patient's portal sessions (which are not listed: their
 * keys are not kept).
 */
export async function visitMembers(db: Pick<Database, "visitGuest" | "visitLink">, people: VisitPeople): Promise<(identity: string) => VisitMember> {
  const { appointmentId } = people;
  const [guests, links] = await Promise.all([
    db.visitGuest.findMany({ where: { appointmentId }, select: { id: true, displayName: true, revokedAt: true, role: true, language: true } }),
    db.visitLink.findMany({ where: { appointmentId }, select: { id: true, revokedAt: true } }),
  ]);
  const patient = patientName(people.patient);
  const known = new Map<string, Omit<VisitMember, "identity">>([
    [physicianIdentity(appointmentId, people.physician.userId), { role: "physician", name: people.physician.name, credential: { kind: "physician" } }],
    ...guests.map((guest) => [
      guestIdentity(appointmentId, guest.id),
      {
        name: guest.displayName,
        credential: { kind: "guest", guestId: guest.id, revoked: guest.revokedAt !== null },
        ...(guest.role === "INTERPRETER" ? { role: "interpreter" as const, language: guest.language ?? "und" } : { role: "guest" as const }),
      },
    ] as const),
    ...links.map((link) => [
      patientLinkIdentity(appointmentId, link.id),
      { role: "patient", name: patient, via: "visit-link", credential: { kind: "visit-link", linkId: link.id, revoked: link.revokedAt !== null } },
    ] as const),
  ]);
  return (identity) => ({ identity, ...(known.get(identity) ?? { role: "patient", name: patient, via: "portal", credential: { kind: "portal" } }) });
}

export interface RosterEntry {
  identity: string;
  role: VisitRole;
  name: string;
  /** For interpreters: the language they interpret. */
  language?: string;
}

/**
 * The viewer (authorized as `visit.join`) and their visit, when they are in
 * the call: its physician, or admitted. Anyone else (still waiting, declined,
 * or before the room exists) is refused 403 NOT_ADMITTED with `refusal`'s
 * message, audited as its action: the policy let them ask about their visit,
 * the answer is still a refusal, and the trail shows it.
 */
export async function viewerInCall(db: Database, context: RequestContext, appointmentId: string, refusal: { action: string; message: string }) {
  await authorizeAppointment(db, context, appointmentId, "visit.join");
  const appointment = await loadVisitAppointment(db, appointmentId);
  const viewer = participantFor(context, appointment.people);
  const { visit } = appointment;
  const admitted = viewer.role === "physician" || (visit !== null && (await admissionOf(db, visit.id, viewer.identity)) === "ADMITTED");
  if (!visit || !admitted) {
    await recordAudit(db, {
      ...auditActor(context),
      action: refusal.action,
      patientId: appointment.patient.id,
      resourceType: "appointment",
      resourceId: appointmentId,
      outcome: "DENIED",
      reason: "Not admitted to the call.",
    });
    throw new VisitError("NOT_ADMITTED", refusal.message);
  }
  return { appointment, viewer, visit };
}

/**
 * Who is in the call with the viewer, for their tiles and chat: the physician
 * and the admitted, never those still waiting. Only someone in the call may
 * ask (viewerInCall), so the waiting room learns no more from the app than it
 * does from LiveKit.
 */
export async function getVisitRoster(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  options: { rooms?: VisitRoomService } = {},
): Promise<RosterEntry[]> {
  const { appointment, visit } = await viewerInCall(db, context, appointmentId, {
    action: "visit.roster.read",
    message: "Only people in the call see who else is in it.",
  });
  const [memberOf, participants] = await Promise.all([
    visitMembers(db, appointment.people),
    (options.rooms ?? liveKitRoomService()).listParticipants(visit.roomName),
  ]);
  return participants
    .filter((participant) => participant.canPublish || participant.canSubscribe)
    .map((participant) => {
      const { identity, role, name, language } = memberOf(participant.identity);
      return { identity, role, name, ...(language ? { language } : {}) };
    });
}
