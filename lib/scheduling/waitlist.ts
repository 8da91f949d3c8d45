import "server-only";
import { z } from "zod";
import { AccessDeniedError, authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import { MAX_OFFER_TOKEN_LENGTH, parseWaitlistOfferToken } from "@/lib/auth/links/waitlist-offer-links";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { bookAppointment, type BookingResult } from "./booking";
import { schedulingNow } from "./clock";
import { ReplyLinkError } from "./errors";

// A physician's waitlist: patients join it from their portal; a cancelled
// future time is offered to every active entry by mail
// (lib/notifications/waitlist-offer-mail.ts), and the first claim books it
// through the ordinary booking, whose exclusion constraint decides a race. A
// claimed entry is spent.

const WAITLIST_REASON = "Booked from the waitlist";

export const joinWaitlistRequest = z.strictObject({ physicianId: recordId });
export const claimWaitlistOfferRequest = z.strictObject({ token: z.string().min(1).max(MAX_OFFER_TOKEN_LENGTH) });

/** Puts the signed-in patient on the physician's waitlist (once: joining again keeps the first place). */
export async function joinWaitlist(db: Database, context: RequestContext, input: { physicianId: string }): Promise<{ entryId: string }> {
  const { physicianId } = joinWaitlistRequest.parse(input);
  const { actor } = context;
  if (actor.kind !== "user" || actor.patientId === null) {
    throw new AccessDeniedError("Only patients can join a waitlist.", actor.kind === "anonymous" ? 401 : 403);
  }
  const physician = await db.physician.findUnique({ where: { id: physicianId }, select: { id: true } });
  if (!physician) return refuseMissing(db, context, "appointment.write", "physician", physicianId);
  await authorize(db, context, "appointment.write", { type: "patient", patientId: actor.patientId });
  const existing = await db.waitlistEntry.findFirst({ where: { patientId: actor.patientId, physicianId, active: true }, select: { id: true } });
  const entry = existing ?? (await db.waitlistEntry.create({ data: { patientId: actor.patientId, physicianId }, select: { id: true } }));
  return { entryId: entry.id };
}

export interface WaitlistOffer {
  physicianName: string;
  startsAt: Date;
  /** Set when the offer can no longer be claimed. */
  problem: "used" | "expired" | null;
}

/** What the offer's page shows (null: not one of our links); reading it changes nothing. */
export async function describeWaitlistOffer(db: Database, token: string, now = schedulingNow()): Promise<WaitlistOffer | null> {
  const offer = await loadOffer(db, token);
  if (!offer) return null;
  return { physicianName: offer.appointment.physician.user.name, startsAt: offer.appointment.startsAt, problem: offerProblem(offer, now) };
}

/**
 * Books the offered time for the entry's patient, who must be the one signed
 * in. A time someone claimed first is a SlotTakenError with the next free times.
 */
export async function claimWaitlistOffer(
  db: Database,
  context: RequestContext,
  input: { token: string },
  options: { now?: Date } = {},
): Promise<BookingResult> {
  const now = options.now ?? schedulingNow();
  const { token } = claimWaitlistOfferRequest.parse(input);
  const offer = await loadOffer(db, token);
  if (!offer) throw new ReplyLinkError("invalid");
  const problem = offerProblem(offer, now);
  if (problem) throw new ReplyLinkError(problem);
  const { appointment, entry } = offer;
  const booking = await bookAppointment(
    db,
    context,
    { patientId: entry.patientId, physicianId: appointment.physicianId, visitTypeId: appointment.visitTypeId, startsAt: appointment.startsAt, reason: WAITLIST_REASON },
    { now },
  );
  await db.waitlistEntry.update({ where: { id: entry.id }, data: { active: false, claimedAppointmentId: booking.appointment.id } });
  return booking;
}

type Offer = NonNullable<Awaited<ReturnType<typeof loadOffer>>>;

function offerProblem({ entry, appointment }: Offer, now: Date): WaitlistOffer["problem"] {
  if (!entry.active) return "used";
  if (appointment.startsAt <= now) return "expired";
  return null;
}

async function loadOffer(db: Database, token: string) {
  const ids = parseWaitlistOfferToken(token);
  if (!ids) return null;
  const [entry, appointment] = await Promise.all([
    db.waitlistEntry.findUnique({ where: { id: ids.entryId }, select: { id: true, patientId: true, physicianId: true, active: true } }),
    db.appointment.findUnique({
      where: { id: ids.appointmentId },
      select: { physicianId: true, visitTypeId: true, startsAt: true, physician: { select: { user: { select: { name: true } } } } },
    }),
  ]);
  if (!entry || !appointment || entry.physicianId !== appointment.physicianId) return null;
  return { entry, appointment };
}
