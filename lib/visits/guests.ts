import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import { issueVisitGuest, listVisitGuestRecords, revokeVisitGuest, type VisitGuestRecord } from "@/lib/auth/links/visit-guests";
import type { GuestRole } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { authorizeAppointment, loadVisitAppointment } from "./appointment";
import { VisitError } from "./errors";
import { liveKitRoomService, type VisitRoomService } from "./livekit";
import { guestInvitationInput, type GuestInvitationInput } from "./inputs";
import { guestIdentity } from "./participants";
import { joinWindow } from "./window";

// The physician invites guests (a relative, an interpreter) into their visit
// with a link of its own, and can take the invitation back. Authorized as
// `visit.host`, or `visit.interpreter.invite` for an interpreter (which a
// scheduler may also arrange); the link opens that one visit and nothing else.

export interface VisitGuestView {
  id: string;
  displayName: string;
  relationship: string;
  role: GuestRole;
  language: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export async function listVisitGuests(db: Database, context: RequestContext, appointmentId: string): Promise<VisitGuestView[]> {
  await authorizeAppointment(db, context, appointmentId, "visit.host");
  return (await listVisitGuestRecords(db, appointmentId)).map(toView);
}

/** A new guest and their link, which is shown this once: only a hash of its token is kept. */
export async function inviteVisitGuest(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  input: GuestInvitationInput,
  options: { now?: Date } = {},
): Promise<{ guest: VisitGuestView; link: string }> {
  const { role, language, ...guestInput } = guestInvitationInput.parse(input);
  // Schedulers arrange interpreters with the booking; other guests are the physician's to invite.
  await authorizeAppointment(db, context, appointmentId, role === "INTERPRETER" ? "visit.interpreter.invite" : "visit.host");
  const appointment = await loadVisitAppointment(db, appointmentId);
  const window = joinWindow(appointment, options.now ?? new Date());
  if (window.state === "cancelled") throw new VisitError("CANCELLED", "This visit was cancelled.");
  if (window.state === "ended") throw new VisitError("ENDED", "This visit has ended, so a guest could not join it.");
  // Only signed-in staff are allowed to invite.
  const createdById = context.actor.kind === "user" ? context.actor.userId : appointment.people.physician.userId;
  const { guest, token } = await issueVisitGuest(db, { appointmentId, ...guestInput, role, language: language ?? null, createdById });
  return { guest: toView(guest), link: visitGuestUrl(token) };
}

/** Revokes the guest's link and, if they are in the room, disconnects them. */
export async function revokeVisitGuestAccess(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  guestId: string,
  options: { rooms?: VisitRoomService; now?: Date } = {},
): Promise<{ revoked: string }> {
  await authorizeAppointment(db, context, appointmentId, "visit.host");
  const guest = await revokeVisitGuest(db, appointmentId, guestId, options.now);
  if (!guest) throw new VisitError("GUEST_NOT_FOUND", "This visit has no such guest.");
  const appointment = await loadVisitAppointment(db, appointmentId);
  if (appointment.visit && joinWindow(appointment, options.now ?? new Date()).state === "open") {
    await (options.rooms ?? liveKitRoomService()).removeParticipant(appointment.visit.roomName, guestIdentity(appointmentId, guest.id));
  }
  return { revoked: guest.id };
}

export function visitGuestUrl(token: string): string {
  return new URL(`/visit/guest/${token}`, process.env.APP_URL ?? "http://localhost:3000").toString();
}

function toView(guest: VisitGuestRecord): VisitGuestView {
  return {
    id: guest.id,
    displayName: guest.displayName,
    relationship: guest.relationship,
    role: guest.role,
    language: guest.language,
    createdAt: guest.createdAt,
    revokedAt: guest.revokedAt,
  };
}
