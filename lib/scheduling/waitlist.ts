import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { AccessDeniedError, auditActor, authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import { MAX_OFFER_TOKEN_LENGTH, parseWaitlistOfferToken } from "@/lib/auth/links/waitlist-offer-links";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { bookAppointment, type BookingResult } from "./booking";
import { schedulingNow } from "./clock";
import { ReplyLinkError } from "./errors";
import { findNextFreeSlots } from "./slot-search";
import type { Slot } from "./slots";

// A physician's waitlist: patients join it from their portal; a cancelled
// future time is offered to every active entry by mail
// (lib/notifications/waitlist-offer-mail.ts), and the first claim books it
// through the ordinary booking, whose exclusion constraint decides a race. A
// claimed entry is spent.

const WAITLIST_REASON = "Booked from the waitlist";
const NEXT_SLOTS_OFFERED = 3;

export const joinWaitlistRequest = z.strictObject({ physicianId: recordId });
export const claimWaitlistOfferRequest = z.strictObject({ token: z.string().min(1).max(MAX_OFFER_TOKEN_LENGTH) });

/** Puts the signed-in patient on the physician's waitlist (once: joining again keeps the first place). */
export async function joinWaitlist(db: Database, context: RequestContext, input: { physicianId: string }): Promise<{ entryId: string }> {
  const { physicianId } = joinWaitlistRequest.parse(input);
  const { actor } = context;
  if (actor.kind !== "user" || actor.patientId === null) {
    const reason = "Only patients can join a waitlist.";
    await recordAudit(db, { ...auditActor(context), action: "appointment.write", patientId: null, resourceType: "physician", resourceId: physicianId, outcome: "DENIED", reason });
    throw new AccessDeniedError(reason, actor.kind === "user" ? 403 : 401);
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
  /** The waiting patient's zone, which the page shows times in. */
  timeZone: string;
  /** Set when the offer can no longer be claimed: spent, begun, or someone claimed the time first. */
  problem: "used" | "expired" | "taken" | null;
  /** For a time taken: the physician's next free times of the same visit type. */
  nextSlots: Slot[];
}

/** What the offer's page shows (null: not one of our links); reading it changes nothing. */
export async function describeWaitlistOffer(db: Database, token: string, now = schedulingNow()): Promise<WaitlistOffer | null> {
  const offer = await loadOffer(db, token);
  if (!offer) return null;
  const { appointment } = offer;
  const problem = offerProblem(offer, now) ?? ((await isTaken(db, appointment)) ? "taken" : null);
  const nextSlots =
    problem === "taken"
      ? await findNextFreeSlots(db, { physicianId: appointment.physicianId, visitType: appointment.visitType, after: appointment.startsAt, now, count: NEXT_SLOTS_OFFERED })
      : [];
  return { physicianName: appointment.physician.user.name, startsAt: appointment.startsAt, timeZone: offer.entry.patient.timeZone, problem, nextSlots };
}

/** Whether another active booking now holds part of the offered time. */
async function isTaken(db: Database, appointment: Offer["appointment"]): Promise<boolean> {
  const holder = await db.appointment.findFirst({
    where: {
      physicianId: appointment.physicianId,
      status: { in: ["BOOKED", "CHECKED_IN", "IN_PROGRESS"] },
      startsAt: { lt: appointment.endsAt },
      blockedUntil: { gt: appointment.startsAt },
    },
    select: { id: true },
  });
  return holder !== null;
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

function offerProblem({ entry, appointment }: Offer, now: Date): "used" | "expired" | null {
  if (!entry.active) return "used";
  if (appointment.startsAt <= now) return "expired";
  return null;
}

async function loadOffer(db: Database, token: string) {
  const ids = parseWaitlistOfferToken(token);
  if (!ids) return null;
  const [entry, appointment] = await Promise.all([
    db.waitlistEntry.findUnique({
      where: { id: ids.entryId },
      select: { id: true, patientId: true, physicianId: true, active: true, patient: { select: { timeZone: true } } },
    }),
    db.appointment.findUnique({
      where: { id: ids.appointmentId },
      select: {
        physicianId: true,
        visitTypeId: true,
        startsAt: true,
        endsAt: true,
        visitType: { select: { id: true, durationMinutes: true, bufferMinutes: true } },
        physician: { select: { user: { select: { name: true } } } },
      },
    }),
  ]);
  if (!entry || !appointment || entry.physicianId !== appointment.physicianId) return null;
  return { entry, appointment };
}

export interface WaitlistPlace {
  physicianId: string;
  physicianName: string;
}

/** The physicians whose waitlists the signed-in patient is on, for their portal. */
export async function patientWaitlist(db: Database, context: RequestContext): Promise<WaitlistPlace[]> {
  const { actor } = context;
  if (actor.kind !== "user" || actor.patientId === null) return [];
  await authorize(db, context, "appointment.read", { type: "patient", patientId: actor.patientId });
  const entries = await db.waitlistEntry.findMany({
    where: { patientId: actor.patientId, active: true },
    select: { physicianId: true, physician: { select: { user: { select: { name: true } } } } },
    orderBy: { createdAt: "asc" },
  });
  return entries.map((entry) => ({ physicianId: entry.physicianId, physicianName: entry.physician.user.name }));
}
