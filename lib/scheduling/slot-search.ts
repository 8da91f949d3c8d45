import "server-only";
import { z } from "zod";
import { authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { SchedulingError } from "./errors";
import { computeFreeSlots, freeSlotStarts, type DateOverride, type Slot, type WeeklyWindow, type WorkingHours } from "./slots";
import { isoInstant } from "./zoned-time";
import { instant } from "./validation";
import { schedulingNow } from "./clock";

/** The longest range one search may cover: two months of a patient looking ahead. */
export const MAX_SEARCH_DAYS = 62;

/** The free-slot search as the endpoint's query gives it. */
export const slotQuery = z.strictObject({
  /** Leave out for every physician's free slots. */
  physicianId: recordId.optional(),
  visitTypeId: recordId,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});
/** How far past a taken slot to look for alternatives. */
const ALTERNATIVES_HORIZON_DAYS = 14;
const DAY_MS = 86_400_000;

/** A free slot as the endpoint sends it: ISO instants in UTC. */
export interface IsoSlot {
  start: string;
  end: string;
}

export interface PhysicianSlots {
  physicianId: string;
  physicianName: string;
  timeZone: string;
  slots: IsoSlot[];
}

export interface BookableVisitType {
  id: string;
  durationMinutes: number;
  bufferMinutes: number;
}

/** What slot computation needs to know about one physician over a range. */
export interface PhysicianCalendar extends WorkingHours {
  physicianId: string;
  physicianName: string;
  busy: Slot[];
  /** Whether the physician offers the visit type searched for (PhysicianVisitType). */
  offersVisitType: boolean;
}

const searchInput = z.object({
  physicianId: recordId.optional(),
  visitTypeId: recordId,
  from: instant,
  to: instant,
  now: z.date().optional(),
});

/**
 * Free slots of one physician, or of every active physician who offers the
 * visit type, for that type over [from, to); a physician asked for by id who
 * does not offer it has none. One physician's availability is authorized (and
 * audited) as that physician's; every physician's at once as the clinic's.
 */
export async function findFreeSlots(
  db: Database,
  context: RequestContext,
  input: { physicianId?: string; visitTypeId: string; from: Date | string; to: Date | string; now?: Date },
): Promise<PhysicianSlots[]> {
  const { physicianId, visitTypeId, from, to, now = schedulingNow() } = searchInput.parse(input);
  checkSearchRange(from, to);
  // The visit type comes in the same round trip as the calendars: a search is
  // CPU-bound in the app, and every query costs the ORM and driver more than the database.
  const rows = await queryCalendars(db, activeVisitType(visitTypeId), { physicianId, from, to });
  const [first] = rows;
  if (!first) throw unknownVisitType();
  const visitType: BookableVisitType = { id: first.visitTypeId, durationMinutes: first.durationMinutes, bufferMinutes: first.bufferMinutes };
  const calendars = toCalendars(rows).filter((calendar) => calendar.offersVisitType || physicianId !== undefined);
  if (physicianId !== undefined) {
    if (calendars.length === 0) return refuseMissing(db, context, "availability.read", "physician", physicianId);
    await authorize(db, context, "availability.read", { type: "physician", physicianId });
  } else {
    // One decision and one audit event for the whole clinic, which is what was
    // read: no one may read some physicians' availability and not others', and
    // 250 chained audit rows per search held the audit lock for most of it.
    await authorize(db, context, "availability.read", { type: "clinic" }, { detail: `free slots of all ${calendars.length} physicians offering visit type ${visitType.id}` });
  }
  return calendars.map((calendar) => freeSlotsOf(calendar, calendar.offersVisitType, { visitType, from, to, now }));
}

/**
 * One physician's free slots for a visit type over [from, to) (a range
 * checkSearchRange accepted), whether or not they offer it now: a kept visit
 * moves as the type it was booked as. Not audited on its own: callers have
 * authorized the change it prepares. None when the physician's account is
 * disabled.
 */
export async function findPhysicianFreeSlots(
  db: Database,
  options: { physicianId: string; visitType: BookableVisitType; from: Date; to: Date; now: Date; moving?: MovingVisit },
): Promise<PhysicianSlots[]> {
  const { physicianId, visitType, from, to, now, moving } = options;
  const calendars = await loadPhysicianCalendars(db, { physicianId, from, to, visitType, movingId: moving?.id });
  return calendars.map((calendar) => freeSlotsOf(calendar, true, { visitType, from, to, now, moving }));
}

/**
 * A visit being moved: the time it holds is free to it (a 30-minute visit can
 * move half an hour later into its own buffer), except where it already is,
 * which is no move.
 */
export interface MovingVisit {
  id: string;
  physicianId: string;
  startsAt: Date;
}

/** Whether a free start of this physician is where the moving visit already is. */
function isWhereItIs(moving: MovingVisit | undefined, physicianId: string, start: number): boolean {
  return moving !== undefined && moving.physicianId === physicianId && moving.startsAt.getTime() === start;
}

/** Refuses a range that is empty, reversed or longer than one search may cover. */
export function checkSearchRange(from: Date, to: Date): void {
  if (to <= from) throw new SchedulingError("INVALID_RANGE", "The end of the range must be after its start.");
  if (to.getTime() - from.getTime() > MAX_SEARCH_DAYS * DAY_MS) {
    throw new SchedulingError("RANGE_TOO_LONG", `Search at most ${MAX_SEARCH_DAYS} days at a time.`);
  }
}

/** One physician's answer: their free slots for the visit type, or none when they may not be booked for it. */
function freeSlotsOf(
  calendar: PhysicianCalendar,
  bookable: boolean,
  options: { visitType: BookableVisitType; from: Date; to: Date; now: Date; moving?: MovingVisit },
): PhysicianSlots {
  const { visitType, from, to, now, moving } = options;
  const durationMs = visitType.durationMinutes * 60_000;
  const free = bookable ? freeSlotStarts({ ...calendar, ...visitType, from, to, now }) : [];
  // Only a move has a time to leave out; the clinic-wide search's tens of thousands of starts are not copied for it.
  const starts = moving ? free.filter((start) => !isWhereItIs(moving, calendar.physicianId, start)) : free;
  return {
    physicianId: calendar.physicianId,
    physicianName: calendar.physicianName,
    timeZone: calendar.timeZone,
    slots: starts.map((start) => ({ start: isoInstant(start), end: isoInstant(start + durationMs) })),
  };
}

/**
 * The next free slots of a physician starting at or after `after`, for
 * offering instead of a taken one. Not audited on its own: callers have
 * already authorized booking with this physician.
 */
export async function findNextFreeSlots(
  db: Database,
  options: { physicianId: string; visitType: BookableVisitType; after: Date; now: Date; count: number; moving?: MovingVisit },
): Promise<Slot[]> {
  const { physicianId, visitType, moving } = options;
  const from = new Date(Math.max(options.after.getTime(), options.now.getTime()));
  const to = new Date(from.getTime() + ALTERNATIVES_HORIZON_DAYS * DAY_MS);
  const [calendar] = await loadPhysicianCalendars(db, { physicianId, from, to, visitType, movingId: moving?.id });
  if (!calendar) return [];
  return computeFreeSlots({ ...calendar, ...visitType, from, to, now: options.now })
    .filter((slot) => slot.start >= from && !isWhereItIs(moving, physicianId, slot.start.getTime()))
    .slice(0, options.count);
}

/** An active visit type, or a SchedulingError naming the problem. */
export async function findBookableVisitType(db: Database, visitTypeId: string): Promise<BookableVisitType> {
  const visitType = await db.visitType.findFirst({
    where: { id: visitTypeId, isActive: true },
    select: { id: true, durationMinutes: true, bufferMinutes: true },
  });
  if (!visitType) throw unknownVisitType();
  return visitType;
}

function unknownVisitType(): SchedulingError {
  return new SchedulingError("UNKNOWN_VISIT_TYPE", "That visit type does not exist or can no longer be booked.");
}

/**
 * Working hours, date overrides and held time of active physicians (one, or
 * all when physicianId is undefined) around [from, to), in one round trip;
 * without the time of the visit `movingId`, when one is being moved.
 */
export async function loadPhysicianCalendars(
  db: Database,
  options: { physicianId: string | undefined; from: Date; to: Date; visitType: BookableVisitType; movingId?: string },
): Promise<PhysicianCalendar[]> {
  const { visitType } = options;
  const givenVisitType = Prisma.sql`SELECT ${visitType.id}::text AS "id", ${visitType.durationMinutes}::int AS "durationMinutes",
    ${visitType.bufferMinutes}::int AS "bufferMinutes"`;
  return toCalendars(await queryCalendars(db, givenVisitType, options));
}

/** queryCalendars' visit type source when only its id is known: no row if it cannot be booked. */
function activeVisitType(visitTypeId: string): Prisma.Sql {
  return Prisma.sql`SELECT "id", "durationMinutes", "bufferMinutes" FROM "VisitType" WHERE "id" = ${visitTypeId} AND "isActive"`;
}

/**
 * One row per matching physician, each beside the visit type; a single row
 * with null physician columns when no physician matches, and no rows when the
 * visit type source has none. Held time comes as [start, end) pairs of epoch
 * milliseconds in one text: for a whole clinic that is tens of thousands of
 * pairs, and PostgreSQL's json_agg and the driver's JSON parsing of them cost
 * several times what string_agg and a split do.
 */
type CalendarRow = { visitTypeId: string; durationMinutes: number; bufferMinutes: number } & (
  | {
      physicianId: string;
      physicianName: string;
      timeZone: string;
      windows: WeeklyWindow[];
      overrides: DateOverride[];
      /** "start,end,start,end…" in epoch milliseconds, or null when nothing is held. */
      busy: string | null;
      offersVisitType: boolean;
    }
  | { physicianId: null }
);

/**
 * The visit type (`visitTypeSource`: a SELECT of id, durationMinutes and
 * bufferMinutes giving one row or none) and, beside it, the calendars of active
 * physicians (one, or all when physicianId is undefined) around [from, to).
 */
async function queryCalendars(
  db: Database,
  visitTypeSource: Prisma.Sql,
  options: { physicianId: string | undefined; from: Date; to: Date; movingId?: string },
): Promise<CalendarRow[]> {
  const { from, to } = options;
  // Local dates differ from UTC ones by at most a day either way.
  const firstDate = new Date(from.getTime() - DAY_MS).toISOString().slice(0, 10);
  const lastDate = new Date(to.getTime() + DAY_MS).toISOString().slice(0, 10);
  const physicianId = options.physicianId ?? null;
  // A slot that intersects the range can start up to one visit before it and
  // hold time up to one visit and buffer after it. Held time is matched as a
  // range overlap, the form the no-overlap constraint's GiST index answers
  // (bounds on startsAt and blockedUntil separately would read every past booking),
  // in one scan for the clinic rather than one per physician.
  const ofPhysician = physicianId === null ? Prisma.empty : Prisma.sql`AND a."physicianId" = ${physicianId}::text`;
  const notMoving = options.movingId === undefined ? Prisma.empty : Prisma.sql`AND a."id" <> ${options.movingId}::text`;
  return db.$queryRaw<CalendarRow[]>`
    WITH "visitType" AS (${visitTypeSource}),
    "held" AS (
      SELECT a."physicianId",
        string_agg((date_part('epoch', a."startsAt") * 1000)::bigint || ',' || (date_part('epoch', a."blockedUntil") * 1000)::bigint, ',') AS "busy"
      FROM "Appointment" a, "visitType" v
      WHERE a."status" NOT IN ('CANCELLED', 'NO_SHOW') ${ofPhysician} ${notMoving}
        AND tstzrange(a."startsAt", a."blockedUntil", '[)') && tstzrange(
          ${from}::timestamptz - make_interval(mins => v."durationMinutes"),
          ${to}::timestamptz + make_interval(mins => v."durationMinutes" + v."bufferMinutes"), '[)')
      GROUP BY a."physicianId"
    )
    SELECT v."id" AS "visitTypeId", v."durationMinutes", v."bufferMinutes",
      p."id" AS "physicianId", u."name" AS "physicianName", p."timeZone",
      COALESCE((
        SELECT json_agg(json_build_object('weekday', w."weekday", 'startMinute', w."startMinute", 'endMinute', w."endMinute"))
        FROM "AvailabilityWindow" w WHERE w."physicianId" = p."id"
      ), '[]'::json) AS "windows",
      COALESCE((
        SELECT json_agg(json_build_object('date', to_char(o."date", 'YYYY-MM-DD'), 'isAvailable', o."isAvailable",
                                          'startMinute', o."startMinute", 'endMinute', o."endMinute"))
        FROM "AvailabilityOverride" o
        WHERE o."physicianId" = p."id" AND o."date" BETWEEN ${firstDate}::date AND ${lastDate}::date
      ), '[]'::json) AS "overrides",
      h."busy",
      EXISTS (SELECT 1 FROM "PhysicianVisitType" o WHERE o."physicianId" = p."id" AND o."visitTypeId" = v."id") AS "offersVisitType"
    FROM "visitType" v
    LEFT JOIN ("Physician" p JOIN "User" u ON u."id" = p."userId" AND u."disabledAt" IS NULL)
      ON ${physicianId}::text IS NULL OR p."id" = ${physicianId}::text
    LEFT JOIN "held" h ON h."physicianId" = p."id"
    ORDER BY u."name", p."id"`;
}

function toCalendars(rows: CalendarRow[]): PhysicianCalendar[] {
  return rows.flatMap((row) => {
    if (row.physicianId === null) return [];
    const { physicianId, physicianName, timeZone, windows, overrides, busy, offersVisitType } = row;
    const bounds = busy === null ? [] : busy.split(",").map(Number);
    const held: Slot[] = [];
    for (let i = 0; i + 1 < bounds.length; i += 2) held.push({ start: new Date(bounds[i]!), end: new Date(bounds[i + 1]!) });
    return [{ physicianId, physicianName, timeZone, windows, overrides, busy: held, offersVisitType }];
  });
}
