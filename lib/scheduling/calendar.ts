import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { AccessDeniedError, auditActor, authorize, authorizeEach, type RequestContext } from "@/lib/auth/access";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { SchedulingError } from "./errors";
import { dayRangeInZone } from "./slots";
import { NO_SHOW_LOOKBACK_DAYS, noShowRisk, type NoShowFacts, type NoShowRisk } from "./no-show-risk";
import { instant } from "./validation";
import { schedulingNow } from "./clock";
import { frontDeskStatus, isLate, type FrontDeskStatus } from "./visit-status";

// What the scheduling screens show: the clinic's week for schedulers, a
// physician's day, and a patient's upcoming visits.

/** Patients can join a visit from this long before it starts. */
export const JOIN_OPENS_MINUTES_BEFORE_START = 15;
/** The longest stretch the scheduler's calendar loads at once. */
export const MAX_CALENDAR_DAYS = 31;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const RUNNING_LATE_LIMIT_MS = 12 * 3_600_000;

export interface CalendarAppointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  patientId: string;
  patientName: string;
  physicianId: string;
  physicianName: string;
  visitTypeId: string;
  visitTypeName: string;
  /** Until when the physician's time is held: the end plus the visit type's buffer. */
  blockedUntil: Date;
  /** Where the visit stands as the front desk sees it (the check-in refines "booked"). */
  visitStatus: FrontDeskStatus;
  reason: string;
  /** A booked visit's no-show risk with what raised it, on the scheduler's calendar; null elsewhere and once the visit is under way. */
  noShowRisk: NoShowRisk | null;
  /** The patient confirmed from the confirm-or-cancel mail (lib/scheduling/appointment-reply.ts). */
  confirmedByPatient: boolean;
}

/** One visit of the physician's day, as the page renders it and its endpoint sends it (times as ISO strings). */
export interface PhysicianDayVisit {
  id: string;
  startsAt: string;
  endsAt: string;
  patientName: string;
  visitTypeName: string;
  reason: string;
  /** Where the visit stands as the front desk sees it (checked in, waiting, in the call…). */
  status: FrontDeskStatus;
  /** Five minutes past the start and the patient not yet in the waiting room. */
  late: boolean;
}

export interface PhysicianDay {
  date: string;
  timeZone: string;
  visits: PhysicianDayVisit[];
}

/** What a day's list shows of each visit (the physician's day, the printed day sheet): status words, never clinical content. */
export const DAY_VISIT_SELECT = {
  id: true,
  startsAt: true,
  endsAt: true,
  status: true,
  reason: true,
  physicianId: true,
  patient: { select: { id: true, givenName: true, familyName: true } },
  visitType: { select: { name: true } },
  checkIn: { select: { completedAt: true } },
} as const;

/** The physician's day as its endpoint's query gives it; physicianDay checks the date. */
export const physicianDayQuery = z.strictObject({ date: z.string().max(10) });

export interface UpcomingVisit {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  physicianName: string;
  visitTypeName: string;
  /** The patient's own zone, which times on their pages are shown in. */
  timeZone: string;
  joinOpensAt: Date;
}

export interface PastVisit {
  appointmentId: string;
  startsAt: Date;
  physicianName: string;
  visitTypeName: string;
  status: AppointmentStatus;
  /** The patient's own zone, which times on their pages are shown in. */
  patientTimeZone: string;
}

const calendarSelect = {
  id: true,
  startsAt: true,
  endsAt: true,
  status: true,
  reason: true,
  patient: { select: { id: true, givenName: true, familyName: true } },
  physician: { select: { id: true, user: { select: { name: true } } } },
  visitType: { select: { id: true, name: true } },
  blockedUntil: true,
  checkIn: { select: { completedAt: true } },
  createdAt: true,
  confirmedAt: true,
} as const;

const weekInput = z.object({ from: instant, to: instant, physicianIds: z.array(z.string()).optional() });

/**
 * Every physician's appointments in [from, to), cancelled ones left out. A
 * clinic-wide check, which only schedulers pass (this view is theirs), then
 * one audit event per patient shown, written together, so each patient's
 * access history says who saw their bookings.
 */
/** The scheduler's calendar range, as the endpoint's query gives it. */
export const appointmentRangeQuery = z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

export async function schedulerWeek(
  db: Database,
  context: RequestContext,
  /** physicianIds: only these physicians' appointments; all when left out. */
  input: { from: Date | string; to: Date | string; physicianIds?: string[] },
): Promise<CalendarAppointment[]> {
  const { from, to, physicianIds } = weekInput.parse(input);
  checkCalendarRange(from, to);
  await authorize(db, context, "appointment.read", { type: "clinic" });
  const appointments = await db.appointment.findMany({
    where: { startsAt: { lt: to }, endsAt: { gt: from }, status: { not: "CANCELLED" }, ...(physicianIds ? { physicianId: { in: physicianIds } } : {}) },
    select: calendarSelect,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const patientIds = new Set(appointments.map((appointment) => appointment.patient.id));
  await authorizeEach(db, context, "appointment.read", [...patientIds].map((patientId) => ({ type: "patient", patientId })));
  const history = await attendanceHistory(db, [...patientIds], new Date(from.getTime() - NO_SHOW_LOOKBACK_DAYS * DAY_MS), to);
  return appointments.map((appointment) => ({
    ...toCalendarAppointment(appointment),
    noShowRisk: appointment.status === "BOOKED" ? noShowRisk(noShowFacts(appointment, history.get(appointment.patient.id))) : null,
  }));
}

/** Refuses a calendar range that ends before it starts or is longer than MAX_CALENDAR_DAYS. */
export function checkCalendarRange(from: Date, to: Date): void {
  if (to <= from) throw new SchedulingError("INVALID_RANGE", "The end of the range must be after its start.");
  if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * DAY_MS) {
    throw new SchedulingError("RANGE_TOO_LONG", `Show at most ${MAX_CALENDAR_DAYS} days at a time.`);
  }
}

/** One booked visit's no-show risk, as the scheduler's week shows it (the confirm-or-cancel mail goes to the high ones). */
export async function bookedVisitNoShowRisk(db: Database, appointment: { patientId: string; startsAt: Date; createdAt: Date }): Promise<NoShowRisk> {
  const since = new Date(appointment.startsAt.getTime() - NO_SHOW_LOOKBACK_DAYS * DAY_MS);
  const history = await attendanceHistory(db, [appointment.patientId], since, appointment.startsAt);
  return noShowRisk(noShowFacts(appointment, history.get(appointment.patientId)));
}

interface Attendance {
  noShows: Date[];
  firstCompleted: Date | null;
}

/** The patients' no-shows since `since`, and their first completed visit: what the no-show risk reads. */
async function attendanceHistory(db: Database, patientIds: string[], since: Date, until: Date): Promise<Map<string, Attendance>> {
  const [noShows, firstCompleted] = await Promise.all([
    db.appointment.findMany({
      where: { patientId: { in: patientIds }, status: "NO_SHOW", startsAt: { gte: since, lt: until } },
      select: { patientId: true, startsAt: true },
    }),
    db.appointment.groupBy({ by: ["patientId"], where: { patientId: { in: patientIds }, status: "COMPLETED" }, _min: { startsAt: true } }),
  ]);
  const history = new Map<string, Attendance>(patientIds.map((id) => [id, { noShows: [], firstCompleted: null }]));
  for (const noShow of noShows) history.get(noShow.patientId)!.noShows.push(noShow.startsAt);
  for (const row of firstCompleted) history.get(row.patientId)!.firstCompleted = row._min.startsAt;
  return history;
}

/** What the risk of one booked visit reads: no-shows in the year before it, how far ahead it was booked, whether any visit was completed before it. */
function noShowFacts(appointment: { startsAt: Date; createdAt: Date }, attendance: Attendance | undefined): NoShowFacts {
  const start = appointment.startsAt.getTime();
  return {
    priorNoShows: (attendance?.noShows ?? []).filter((at) => at.getTime() < start && at.getTime() >= start - NO_SHOW_LOOKBACK_DAYS * DAY_MS).length,
    leadTimeDays: (start - appointment.createdAt.getTime()) / DAY_MS,
    firstVisit: !attendance?.firstCompleted || attendance.firstCompleted.getTime() >= start,
  };
}

/**
 * The signed-in physician's visits on a local date (YYYY-MM-DD) in their own
 * zone, each authorized (and audited), with where each patient is now and
 * whether they are late. Read from the database on every call, never from
 * memory, so the page's poll gives the same answer from any app instance.
 */
export async function physicianDay(db: Database, context: RequestContext, input: { date: string }, options: { now?: Date } = {}): Promise<PhysicianDay> {
  const { actor } = context;
  if (actor.kind !== "user" || actor.physicianId === null) {
    const reason = "This is the physician's own day.";
    await recordAudit(db, { ...auditActor(context), action: "appointment.read", patientId: null, resourceType: "physician", resourceId: null, outcome: "DENIED", reason });
    throw new AccessDeniedError(reason, actor.kind === "anonymous" ? 401 : 403);
  }
  const now = options.now ?? schedulingNow();
  const physician = await db.physician.findUniqueOrThrow({ where: { id: actor.physicianId }, select: { id: true, timeZone: true } });
  const { from, to } = dayRangeInZone(input.date, physician.timeZone);
  const appointments = await db.appointment.findMany({
    where: { physicianId: physician.id, startsAt: { gte: from, lt: to }, status: { not: "CANCELLED" } },
    select: DAY_VISIT_SELECT,
    orderBy: { startsAt: "asc" },
  });
  await authorizeEach(
    db,
    context,
    "appointment.read",
    appointments.map((appointment) => ({
      type: "appointment",
      appointmentId: appointment.id,
      patientId: appointment.patient.id,
      physicianId: physician.id,
    })),
  );
  return {
    date: input.date,
    timeZone: physician.timeZone,
    visits: appointments.map((appointment) => {
      const facts = { status: appointment.status, startsAt: appointment.startsAt, checkInCompletedAt: appointment.checkIn?.completedAt ?? null };
      return {
        id: appointment.id,
        startsAt: appointment.startsAt.toISOString(),
        endsAt: appointment.endsAt.toISOString(),
        patientName: `${appointment.patient.givenName} ${appointment.patient.familyName}`,
        visitTypeName: appointment.visitType.name,
        reason: appointment.reason,
        status: frontDeskStatus(facts),
        late: isLate(facts, now),
      };
    }),
  };
}

/**
 * The signed-in patient's visits still ahead or under way, soonest first, each
 * authorized: booked ones until their end, and ones they are waiting for or in
 * until the physician finishes them.
 */
export async function patientUpcoming(
  db: Database,
  context: RequestContext,
  options: { now?: Date } = {},
): Promise<UpcomingVisit[]> {
  const { actor } = context;
  if (actor.kind !== "user" || actor.patientId === null) {
    throw new AccessDeniedError("This is the patient's own list.", actor.kind === "anonymous" ? 401 : 403);
  }
  const now = options.now ?? schedulingNow();
  const appointments = await db.appointment.findMany({
    where: {
      patientId: actor.patientId,
      OR: [
        { status: "BOOKED", endsAt: { gt: now } },
        // A visit running late stays listed while the patient waits or talks, but not forever.
        { status: { in: ["CHECKED_IN", "IN_PROGRESS"] }, startsAt: { gt: new Date(now.getTime() - RUNNING_LATE_LIMIT_MS) } },
      ],
    },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      status: true,
      // Each visit is authorized with its physician.
      physicianId: true,
      physician: { select: { user: { select: { name: true } } } },
      visitType: { select: { name: true } },
      patient: { select: { timeZone: true } },
    },
    orderBy: { startsAt: "asc" },
  });
  await authorizeOwnAppointments(db, context, actor.patientId, appointments);
  return appointments.map((appointment) => ({
    id: appointment.id,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    status: appointment.status,
    physicianName: appointment.physician.user.name,
    visitTypeName: appointment.visitType.name,
    timeZone: appointment.patient.timeZone,
    joinOpensAt: new Date(appointment.startsAt.getTime() - JOIN_OPENS_MINUTES_BEFORE_START * MINUTE_MS),
  }));
}

/** Authorizes (and audits) the patient's read of each of their appointments listed. */
async function authorizeOwnAppointments(
  db: Database,
  context: RequestContext,
  patientId: string,
  appointments: ReadonlyArray<{ id: string; physicianId: string }>,
): Promise<void> {
  await authorizeEach(
    db,
    context,
    "appointment.read",
    appointments.map((appointment) => ({ type: "appointment", appointmentId: appointment.id, patientId, physicianId: appointment.physicianId })),
  );
}

/** The signed-in patient's visits that started before now, newest first, each authorized. */
export async function patientPastVisits(
  db: Database,
  context: RequestContext,
  options: { now?: Date; limit?: number } = {},
): Promise<PastVisit[]> {
  const { actor } = context;
  if (actor.kind !== "user" || actor.patientId === null) {
    throw new AccessDeniedError("This is the patient's own list.", actor.kind === "anonymous" ? 401 : 403);
  }
  const now = options.now ?? schedulingNow();
  const limit = options.limit ?? 20;
  const appointments = await db.appointment.findMany({
    where: { patientId: actor.patientId, startsAt: { lt: now } },
    select: {
      id: true,
      startsAt: true,
      status: true,
      physicianId: true,
      physician: { select: { user: { select: { name: true } } } },
      visitType: { select: { name: true } },
      patient: { select: { timeZone: true } },
    },
    orderBy: [{ startsAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  await authorizeOwnAppointments(db, context, actor.patientId, appointments);
  return appointments.map((appointment) => ({
    appointmentId: appointment.id,
    startsAt: appointment.startsAt,
    physicianName: appointment.physician.user.name,
    visitTypeName: appointment.visitType.name,
    status: appointment.status,
    patientTimeZone: appointment.patient.timeZone,
  }));
}

function toCalendarAppointment(appointment: {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  reason: string;
  patient: { id: string; givenName: string; familyName: string };
  physician: { id: string; user: { name: string } };
  visitType: { id: string; name: string };
  blockedUntil: Date | null;
  checkIn: { completedAt: Date | null } | null;
  confirmedAt: Date | null;
}): CalendarAppointment {
  return {
    id: appointment.id,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    status: appointment.status,
    patientId: appointment.patient.id,
    patientName: `${appointment.patient.givenName} ${appointment.patient.familyName}`,
    physicianId: appointment.physician.id,
    physicianName: appointment.physician.user.name,
    visitTypeId: appointment.visitType.id,
    visitTypeName: appointment.visitType.name,
    blockedUntil: appointment.blockedUntil ?? appointment.endsAt,
    visitStatus: frontDeskStatus({ ...appointment, checkInCompletedAt: appointment.checkIn?.completedAt ?? null }),
    reason: appointment.reason,
    noShowRisk: null,
    confirmedByPatient: appointment.confirmedAt !== null,
  };
}
