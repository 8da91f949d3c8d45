import "server-only";
import { log } from "@/lib/observability/log";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { AccessDeniedError, actingUserId, auditActor, authorize, refuseMissing, type AuthorizeOptions, type RequestContext } from "@/lib/auth/access";
import { issueVisitLink, revokeVisitLinks, visitLinkUrl } from "@/lib/auth/links/visit-links";
import { Prisma } from "@/lib/db/generated/client";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { enqueueJobs } from "@/lib/jobs/queue";
import { bookedAppointmentMail, cancelledAppointmentMail } from "@/lib/notifications/appointment-mail";
import { confirmOrCancelMail } from "@/lib/notifications/confirm-or-cancel-mail";
import { waitlistOfferMail } from "@/lib/notifications/waitlist-offer-mail";
import { ChangedMeanwhileError, SchedulingError, SlotTakenError, type CurrentVisitState } from "./errors";
import { calendarLockOrder, moveRefusal, slotHeldBy } from "./move-rules";
import {
  checkSearchRange,
  findBookableVisitType,
  findNextFreeSlots,
  findPhysicianFreeSlots,
  loadPhysicianCalendars,
  type BookableVisitType,
  type MovingVisit,
  slotQuery,
  type PhysicianSlots,
} from "./slot-search";
import { computeFreeSlots, workingSpans } from "./slots";
import { instant, reasonText } from "./validation";
import { closeVisitRoom } from "@/lib/visits/rooms";
import { schedulingNow } from "./clock";

// Booking, moving and cancelling appointments.
//
// The application checks the rules it owns (in the future, on the grid,
// inside working hours); the database decides whether the time is still free.
// Its exclusion constraint Appointment_physician_no_overlap refuses any insert
// whose [startsAt, blockedUntil) overlaps another active appointment of the
// physician, so two people booking the same slot at once cannot both win,
// whatever the code around it does.

const MINUTE_MS = 60_000;
const ALTERNATIVES_OFFERED = 3;
const NO_OVERLAP_CONSTRAINT = "Appointment_physician_no_overlap";
const EXCLUSION_VIOLATION = "23P01";
const RESCHEDULED_CANCEL_REASON = "Rescheduled";
/** How many moves of one visit are followed to find where it is now. */
const MAX_MOVES_FOLLOWED = 50;

// What the booking endpoints accept: shape and size; the functions below decide
// whether the time can be booked.
export const bookingRequest = z.strictObject({
  patientId: recordId,
  physicianId: recordId,
  visitTypeId: recordId,
  startsAt: z.iso.datetime({ offset: true }),
  reason: z.string().max(500),
});
/** A move: a new time, and another physician when `physicianId` names one (the same visit type, reason and patient). */
export const rescheduleRequest = z.strictObject({ startsAt: z.iso.datetime({ offset: true }), physicianId: recordId.optional() });
/** Where to look for a time to move a visit to: the endpoint's query (the visit is in the path). */
export const moveTimesQuery = slotQuery.pick({ from: true, to: true });
export const cancelRequest = z.strictObject({ reason: z.string().max(500) });
/** Marking a no-show takes no fields: an empty body or {} (anything else is refused, not ignored). */
export const noShowRequest = z.strictObject({});

export interface AppointmentSummary {
  id: string;
  patientId: string;
  physicianId: string;
  visitTypeId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  sequence: number;
  rescheduledFromId: string | null;
}

export interface BookingResult {
  appointment: AppointmentSummary;
  /** The patient's link to the visit; null if it could not be issued (the booking stands). */
  visitUrl: string | null;
  /** Whether the invitation and reminders were queued. */
  notificationsQueued: boolean;
}

export interface CancellationResult {
  appointment: AppointmentSummary;
  notificationsQueued: boolean;
}

const summarySelect = {
  id: true,
  patientId: true,
  physicianId: true,
  visitTypeId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  sequence: true,
  rescheduledFromId: true,
} as const;

const bookingInput = z.object({
  patientId: recordId,
  physicianId: recordId,
  visitTypeId: recordId,
  startsAt: instant,
  /** Optional: when the form shows an end time, it must agree with the visit type. */
  endsAt: instant.optional(),
  reason: reasonText,
});

const rescheduleInput = z.object({ appointmentId: recordId, startsAt: instant, endsAt: instant.optional(), physicianId: recordId.optional() });
const moveTimesInput = z.object({ appointmentId: recordId, from: instant, to: instant });
const cancelInput = z.object({ appointmentId: recordId, reason: reasonText });
const appointmentReference = z.object({ appointmentId: recordId });

type Instant = Date | string;

export async function bookAppointment(
  db: Database,
  context: RequestContext,
  input: { patientId: string; physicianId: string; visitTypeId: string; startsAt: Instant; endsAt?: Instant; reason: string },
  options: { now?: Date } = {},
): Promise<BookingResult> {
  const now = options.now ?? schedulingNow();
  const request = bookingInput.parse(input);
  const [patient, physician] = await Promise.all([
    db.patient.findUnique({ where: { id: request.patientId }, select: { id: true } }),
    db.physician.findUnique({ where: { id: request.physicianId }, select: { id: true } }),
  ]);
  if (!patient) return refuseMissing(db, context, "appointment.write", "patient", request.patientId);
  if (!physician) return refuseMissing(db, context, "appointment.write", "physician", request.physicianId);
  // The id is chosen now so that the audit event names the appointment this creates.
  const appointmentId = randomUUID();
  await authorize(db, context, "appointment.write", {
    type: "appointment",
    appointmentId,
    patientId: patient.id,
    physicianId: physician.id,
  });
  const bookedById = actingUserId(context);

  const visitType = await findBookableVisitType(db, request.visitTypeId);
  await requireOffered(db, physician.id, visitType.id);
  const endsAt = await checkBookable(db, { physicianId: physician.id, visitType, startsAt: request.startsAt, endsAt: request.endsAt, now });
  const appointment = await orSlotTaken(db, { physicianId: physician.id, visitType, startsAt: request.startsAt, endsAt, now }, () =>
    withCalendarLocks(db, [physician.id], (tx) =>
      tx.appointment.create({
        data: {
          id: appointmentId,
          patientId: patient.id,
          physicianId: physician.id,
          visitTypeId: visitType.id,
          bookedById,
          startsAt: request.startsAt,
          endsAt,
          blockedUntil: blockedUntil(endsAt, visitType),
          reason: request.reason,
        },
        select: summarySelect,
      }),
    ),
  );
  return { appointment, ...(await sendInvitation(db, appointment, now)) };
}

/**
 * Moves a booked appointment, to another time and, with `physicianId`, to
 * another physician (who must offer its visit type): in one transaction the
 * old one is cancelled ("Rescheduled") and a new one, pointing back at it with
 * the next SEQUENCE, takes the new time. If that time is taken, or someone
 * else moved or cancelled the visit meanwhile, nothing changes.
 */
export async function rescheduleAppointment(
  db: Database,
  context: RequestContext,
  input: { appointmentId: string; startsAt: Instant; endsAt?: Instant; physicianId?: string },
  options: { now?: Date } = {},
): Promise<BookingResult> {
  const now = options.now ?? schedulingNow();
  const request = rescheduleInput.parse(input);
  const current = await movableVisit(db, context, request.appointmentId);
  // The id is chosen now so that a move to another physician is authorized (and audited) as the appointment it creates.
  const appointmentId = randomUUID();
  const physicianId = request.physicianId ?? current.physicianId;
  if (physicianId !== current.physicianId) {
    const target = await db.physician.findUnique({ where: { id: physicianId }, select: { id: true } });
    if (!target) return refuseMissing(db, context, "appointment.write", "physician", physicianId);
    await authorize(db, context, "appointment.write", { type: "appointment", appointmentId, patientId: current.patientId, physicianId: target.id });
    // The same physician keeps a visit of a type they no longer offer; another one takes it only if they offer it.
    await requireOffered(db, target.id, current.visitTypeId);
  }
  const bookedById = actingUserId(context);
  const { visitType } = current;
  const endsAt = await checkBookable(db, { physicianId, visitType, startsAt: request.startsAt, endsAt: request.endsAt, now });

  const slot = { physicianId, visitType, startsAt: request.startsAt, endsAt, now, moving: { id: current.id, physicianId: current.physicianId, startsAt: current.startsAt } };
  const appointment = await orSlotTaken(db, slot, () =>
    withCalendarLocks(db, [current.physicianId, physicianId], async (tx) => {
      // Guarded by status and sequence, so two concurrent moves cannot both succeed.
      const released = await tx.appointment.updateMany({
        where: { id: current.id, status: "BOOKED", sequence: current.sequence },
        data: { status: "CANCELLED", cancelledAt: now, cancelReason: RESCHEDULED_CANCEL_REASON },
      });
      // The other change has committed (its row lock held this update until then), so this reads where the visit is now.
      if (released.count !== 1) throw new ChangedMeanwhileError(await currentStateOf(tx, current.id));
      return tx.appointment.create({
        data: {
          id: appointmentId,
          patientId: current.patientId,
          physicianId,
          visitTypeId: visitType.id,
          bookedById,
          startsAt: request.startsAt,
          endsAt,
          blockedUntil: blockedUntil(endsAt, visitType),
          reason: current.reason,
          rescheduledFromId: current.id,
          sequence: current.sequence + 1,
        },
        select: summarySelect,
      });
    }),
  );
  return { appointment, ...(await sendInvitation(db, appointment, now, current.id)) };
}

/**
 * The free times a booked visit can move to: its physician's, for the visit
 * type it was booked as, even when the physician no longer offers that type or
 * the clinic no longer books it, since a move keeps both. Authorized (and
 * audited) as the change it prepares, and refused as it would be.
 */
export async function findFreeTimesToMove(
  db: Database,
  context: RequestContext,
  input: { appointmentId: string; from: Instant; to: Instant },
  options: { now?: Date } = {},
): Promise<PhysicianSlots[]> {
  const { appointmentId, from, to } = moveTimesInput.parse(input);
  checkSearchRange(from, to);
  const { id, startsAt, physicianId, visitType } = await movableVisit(db, context, appointmentId, { detail: "free times to move the visit to" });
  return findPhysicianFreeSlots(db, { physicianId, visitType, from, to, now: options.now ?? schedulingNow(), moving: { id, physicianId, startsAt } });
}

/** A booked visit the actor may move, with the visit type it was booked as (even if no longer offered for new bookings). */
async function movableVisit(db: Database, context: RequestContext, appointmentId: string, audit: AuthorizeOptions = {}) {
  const current = await authorizeAppointmentChange(db, context, appointmentId, audit);
  const refusal = moveRefusal({ status: current.status, movedToId: current.rescheduledTo?.id ?? null });
  if (refusal === "changed-meanwhile") throw new ChangedMeanwhileError(await currentStateOf(db, current.id));
  if (refusal === "not-changeable") {
    throw new SchedulingError("NOT_CHANGEABLE", `Only a booked appointment can be moved; this one is ${describeStatus(current.status)}.`);
  }
  const visitType = await db.visitType.findUniqueOrThrow({
    where: { id: current.visitTypeId },
    select: { id: true, durationMinutes: true, bufferMinutes: true },
  });
  return { ...current, visitType };
}

/** Where a visit is now: the last appointment of its chain of moves. */
async function currentStateOf(db: Pick<Transaction, "appointment">, appointmentId: string): Promise<CurrentVisitState> {
  const select = { id: true, status: true, startsAt: true, physicianId: true, rescheduledTo: { select: { id: true } } } as const;
  let visit = await db.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select });
  for (let moves = 0; visit.rescheduledTo && moves < MAX_MOVES_FOLLOWED; moves++) {
    visit = await db.appointment.findUniqueOrThrow({ where: { id: visit.rescheduledTo.id }, select });
  }
  const { id, status, startsAt, physicianId } = visit;
  return { id, status, startsAt, physicianId };
}

/** Refuses (422) a visit type the physician does not offer, naming both. */
async function requireOffered(db: Database, physicianId: string, visitTypeId: string): Promise<void> {
  const [physician, visitType] = await Promise.all([
    db.physician.findUniqueOrThrow({
      where: { id: physicianId },
      select: { user: { select: { name: true } }, offeredVisitTypes: { where: { visitTypeId }, select: { visitTypeId: true } } },
    }),
    db.visitType.findUniqueOrThrow({ where: { id: visitTypeId }, select: { name: true } }),
  ]);
  if (physician.offeredVisitTypes.length > 0) return;
  throw new SchedulingError(
    "VISIT_TYPE_NOT_OFFERED",
    `${physician.user.name} does not offer the ${visitType.name.toLowerCase()}. Choose a physician who does, or another visit type.`,
  );
}

/** Cancels a booked or checked-in appointment, revokes its visit links and tells the patient. */
export async function cancelAppointment(
  db: Database,
  context: RequestContext,
  input: { appointmentId: string; reason: string },
  options: { now?: Date } = {},
): Promise<CancellationResult> {
  const now = options.now ?? schedulingNow();
  const request = cancelInput.parse(input);
  const current = await authorizeAppointmentChange(db, context, request.appointmentId);
  const appointment = await changeStatus(db, current, ["BOOKED", "CHECKED_IN"], {
    status: "CANCELLED",
    cancelledAt: now,
    cancelReason: request.reason,
    // The patient's calendar takes the cancellation only with a higher SEQUENCE.
    sequence: current.sequence + 1,
  });
  await closeRoomOf(db, appointment.id);
  try {
    await revokeVisitLinks(db, appointment.id, now);
    // A future time set free is offered to the physician's waitlist.
    await enqueueJobs(db, [cancelledAppointmentMail(appointment, now), ...waitlistOfferMail(appointment, now)]);
    return { appointment, notificationsQueued: true };
  } catch (error) {
    log.error({ err: error, appointmentId: appointment.id }, "the appointment is cancelled, but revoking its links or queueing the mail failed");
    return { appointment, notificationsQueued: false };
  }
}

/** Records that the patient did not come; frees the time. Staff only, once the visit was due to start. */
export async function markNoShow(
  db: Database,
  context: RequestContext,
  input: { appointmentId: string },
  options: { now?: Date } = {},
): Promise<AppointmentSummary> {
  const now = options.now ?? schedulingNow();
  const { appointmentId } = appointmentReference.parse(input);
  const { actor } = context;
  if (actor.kind === "user" && actor.role === "PATIENT") {
    // The policy lets patients change their own appointments; this change is the clinic's to record.
    await recordAudit(db, {
      ...auditActor(context),
      action: "appointment.write",
      patientId: actor.patientId,
      resourceType: "appointment",
      resourceId: appointmentId,
      outcome: "DENIED",
      reason: "Only clinic staff can mark a no-show.",
    });
    throw new AccessDeniedError("Only clinic staff can mark a no-show.", 403);
  }
  const current = await authorizeAppointmentChange(db, context, appointmentId);
  if (current.startsAt > now) throw new SchedulingError("NOT_CHANGEABLE", "A visit can be marked a no-show only once it was due to start.");
  const appointment = await changeStatus(db, current, ["BOOKED", "CHECKED_IN"], { status: "NO_SHOW" });
  await closeRoomOf(db, appointment.id);
  return appointment;
}

/** Nobody stays in the waiting room of a visit that will not happen; the change stands if the video service cannot be reached. */
async function closeRoomOf(db: Database, appointmentId: string): Promise<void> {
  try {
    await closeVisitRoom(db, appointmentId);
  } catch (error) {
    log.error({ err: error, appointmentId }, "the appointment will not take place, but closing its video room failed");
  }
}

async function authorizeAppointmentChange(db: Database, context: RequestContext, appointmentId: string, audit: AuthorizeOptions = {}) {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { ...summarySelect, reason: true, rescheduledTo: { select: { id: true } } },
  });
  if (!appointment) return refuseMissing(db, context, "appointment.write", "appointment", appointmentId);
  await authorize(db, context, "appointment.write", {
    type: "appointment",
    appointmentId: appointment.id,
    patientId: appointment.patientId,
    physicianId: appointment.physicianId,
  }, audit);
  return appointment;
}

/** Applies the change only if the appointment is still as it was read. */
async function changeStatus(
  db: Database,
  current: AppointmentSummary,
  from: AppointmentStatus[],
  data: Prisma.AppointmentUpdateManyMutationInput,
): Promise<AppointmentSummary> {
  if (!from.includes(current.status)) {
    throw new SchedulingError("NOT_CHANGEABLE", `This appointment is ${describeStatus(current.status)} and can no longer be changed.`);
  }
  const { count } = await db.appointment.updateMany({
    where: { id: current.id, status: current.status, sequence: current.sequence },
    data,
  });
  if (count !== 1) throw new SchedulingError("NOT_CHANGEABLE", "This appointment was changed by someone else. Reload it and try again.");
  return db.appointment.findUniqueOrThrow({ where: { id: current.id }, select: summarySelect });
}

/**
 * The rules a requested time must meet before the database is asked for it;
 * returns the visit's end.
 */
async function checkBookable(
  db: Database,
  request: { physicianId: string; visitType: BookableVisitType; startsAt: Date; endsAt: Date | undefined; now: Date },
): Promise<Date> {
  const { visitType, startsAt, now } = request;
  const endsAt = new Date(startsAt.getTime() + visitType.durationMinutes * MINUTE_MS);
  if (request.endsAt && request.endsAt.getTime() !== endsAt.getTime()) {
    throw new SchedulingError(
      "VISIT_TYPE_MISMATCH",
      `This visit type lasts ${visitType.durationMinutes} minutes, so it would end at ${endsAt.toISOString()}, not ${request.endsAt.toISOString()}.`,
    );
  }
  if (startsAt <= now) throw new SchedulingError("IN_THE_PAST", "That time has already passed. Choose a time in the future.");

  const [calendar] = await loadPhysicianCalendars(db, { physicianId: request.physicianId, from: startsAt, to: endsAt, visitType });
  if (!calendar) throw new SchedulingError("PHYSICIAN_UNAVAILABLE", "This physician no longer takes appointments.");
  // Taken or not is the database's call, so held time is left out here.
  const slots = computeFreeSlots({ ...calendar, ...visitType, busy: [], from: startsAt, to: endsAt, now });
  if (slots.some((slot) => slot.start.getTime() === startsAt.getTime())) return endsAt;
  const withinHours = workingSpans(calendar, startsAt, endsAt).some((span) => span.start <= startsAt && endsAt <= span.end);
  throw withinHours
    ? new SchedulingError("OFF_GRID", `Appointments of this type start every ${visitType.durationMinutes} minutes from the start of the physician's hours.`)
    : new SchedulingError("OUTSIDE_AVAILABILITY", "The physician is not available at that time.");
}

/**
 * Runs the insert; if the database says the time is held, throws SlotTakenError
 * with alternatives, saying whether another visit or only the buffer after one
 * holds it (`moving`: the visit being moved, whose own time does not count).
 */
async function orSlotTaken<T>(
  db: Database,
  request: { physicianId: string; visitType: BookableVisitType; startsAt: Date; endsAt: Date; now: Date; moving?: MovingVisit },
  insert: () => Promise<T>,
): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (!isNoOverlapViolation(error)) throw error;
    const { physicianId, visitType, startsAt, endsAt, now, moving } = request;
    const [nextSlots, holders] = await Promise.all([
      findNextFreeSlots(db, { physicianId, visitType, after: startsAt, now, count: ALTERNATIVES_OFFERED, moving }),
      db.appointment.findMany({
        where: {
          physicianId,
          status: { notIn: ["CANCELLED", "NO_SHOW"] },
          id: moving === undefined ? undefined : { not: moving.id },
          startsAt: { lt: blockedUntil(endsAt, visitType) },
          blockedUntil: { gt: startsAt },
        },
        select: { startsAt: true, endsAt: true, blockedUntil: true },
      }),
    ]);
    const held = holders.flatMap(({ blockedUntil, ...visit }) => (blockedUntil ? [{ ...visit, blockedUntil }] : []));
    throw new SlotTakenError(nextSlots, slotHeldBy({ start: startsAt, end: endsAt }, held));
  }
}

type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

/**
 * Runs a booking's insert holding transaction-scoped advisory locks on the
 * physicians' calendars (a move across physicians holds both, taken in
 * calendarLockOrder so two opposite moves cannot deadlock). Racing inserts checked by the no-overlap exclusion
 * constraint otherwise wait on each other's uncommitted rows, and with buffers
 * (each slot's held time overlaps its neighbour's) those waits form cycles that
 * PostgreSQL breaks by aborting one as a deadlock: an HTTP 500 in the
 * benchmark's booking race. Taking turns per physician, each insert sees the
 * others' committed rows, so the constraint answers at once with a plain
 * overlap (the 409). The constraint still decides; the lock only orders.
 */
function withCalendarLocks<T>(db: Database, physicianIds: readonly string[], insert: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    for (const physicianId of calendarLockOrder(physicianIds)) {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`calendar:${physicianId}`}))) AS calendar_lock`;
    }
    return insert(tx);
  });
}

/** Prisma passes the driver's PostgreSQL error on as meta.driverAdapterError.cause. */
function isNoOverlapViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: string; originalMessage?: string } } | undefined)?.cause;
  return cause?.originalCode === EXCLUSION_VIOLATION && (cause.originalMessage ?? "").includes(NO_OVERLAP_CONSTRAINT);
}

function blockedUntil(endsAt: Date, visitType: BookableVisitType): Date {
  return new Date(endsAt.getTime() + visitType.bufferMinutes * MINUTE_MS);
}

/**
 * After the commit: the visit link (its token exists only now), then the
 * invitation and reminders. A failure here leaves the booking in place, which
 * staff and the patient's portal still show.
 */
async function sendInvitation(
  db: Database,
  appointment: AppointmentSummary,
  now: Date,
  replacedAppointmentId?: string,
): Promise<Pick<BookingResult, "visitUrl" | "notificationsQueued">> {
  try {
    if (replacedAppointmentId) await revokeVisitLinks(db, replacedAppointmentId, now);
    const { linkId } = await issueVisitLink(db, appointment.id);
    await enqueueJobs(db, [...bookedAppointmentMail(appointment, linkId, now), ...confirmOrCancelMail(appointment, now)]);
    return { visitUrl: visitLinkUrl(linkId), notificationsQueued: true };
  } catch (error) {
    log.error({ err: error, appointmentId: appointment.id }, "the appointment is booked, but issuing its visit link or queueing its mail failed");
    return { visitUrl: null, notificationsQueued: false };
  }
}

function describeStatus(status: AppointmentStatus): string {
  return status.toLowerCase().replace("_", " ");
}
