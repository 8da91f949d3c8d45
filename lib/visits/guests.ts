import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import { issueVisitGuest, listVisitGuestRecords, revokeVisitGuest, visitGuestUrl, type VisitGuestRecord } from "@/lib/auth/links/visit-guests";
import type { GuestRole } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { enqueueJob } from "@/lib/jobs/queue";
import { interpreterInvitationMailJob } from "@/lib/notifications/interpreter-mail";
import { authorizeAppointment, loadVisitAppointment } from "./appointment";
import { VisitError } from "./errors";
import { liveKitRoomService, type VisitRoomService } from "./livekit";
import { guestInvitationInput, interpreterInvitationInput, type GuestInvitationInput, type InterpreterInvitationInput } from "./inputs";
import { guestIdentity } from "./participants";
import { joinWindow } from "./window";

// The physician invites guests (a relative, an interpreter) into their visit
// with a link of its own, and can take the invitation back. Authorized as
// `visit.host`, or `visit.interpreter.invite` for an interpreter (which a
// scheduler may also arrange, by email); the link opens that one visit and
// nothing else.

export interface VisitGuestView {
  id: string;
  displayName: string;
  relationship: string;
  role: GuestRole;
  language: string | null;
  /** Where an interpreter's link was mailed; null when it was handed over in the call. */
  email: string | null;
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
  const createdById = await inviterOfJoinableVisit(db, context, appointmentId, options.now ?? new Date());
  const { guest, token } = await issueVisitGuest(db, { appointmentId, ...guestInput, role, language: language ?? null, createdById });
  return { guest: toView(guest), link: visitGuestUrl(token) };
}

/**
 * An interpreter invited by email, as the scheduler does from the calendar:
 * the link goes to the interpreter from the job queue (lib/notifications/
 * interpreter-mail.ts), never to the person inviting, who gets the guest only.
 */
export async function inviteInterpreterByMail(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  input: InterpreterInvitationInput,
  options: { now?: Date } = {},
): Promise<{ guest: VisitGuestView }> {
  const { displayName, language, email, timeZone } = interpreterInvitationInput.parse(input);
  await authorizeAppointment(db, context, appointmentId, "visit.interpreter.invite", { detail: `interpreter (${language}) invited by email` });
  const now = options.now ?? new Date();
  const createdById = await inviterOfJoinableVisit(db, context, appointmentId, now);
  const guest = await db.$transaction(async (tx) => {
    // The token issued here reaches nobody: the mail mints the one it sends.
    const { guest: issued } = await issueVisitGuest(tx, { appointmentId, displayName, relationship: "", role: "INTERPRETER", language, email, timeZone, createdById });
    await enqueueJob(tx, interpreterInvitationMailJob(issued.id, now));
    return issued;
  });
  return { guest: toView(guest) };
}

/** Who is recorded as inviting a guest into the visit, which must not be cancelled or over. */
async function inviterOfJoinableVisit(db: Database, context: RequestContext, appointmentId: string, now: Date): Promise<string> {
  const appointment = await loadVisitAppointment(db, appointmentId);
  const window = joinWindow(appointment, now);
  if (window.state === "cancelled") throw new VisitError("CANCELLED", "This visit was cancelled.");
  if (window.state === "ended") throw new VisitError("ENDED", "This visit has ended, so a guest could not join it.");
  // Only signed-in staff are allowed to invite.
  return context.actor.kind === "user" ? context.actor.userId : appointment.people.physician.userId;
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

function toView(guest: VisitGuestRecord): VisitGuestView {
  return {
    id: guest.id,
    displayName: guest.displayName,
    relationship: guest.relationship,
    role: guest.role,
    language: guest.language,
    email: guest.email,
    createdAt: guest.createdAt,
    revokedAt: guest.revokedAt,
  };
}
