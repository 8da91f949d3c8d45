import "server-only";
import { z } from "zod";
import { authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { SchedulingError } from "./errors";
import { computeFreeSlots, type DateOverride, type Slot, type WeeklyWindow, type WorkingHours } from "./slots";
import { instant } from "./validation";

/** The longest range one search may cover: two months of a patient looking ahead. */
export const MAX_SEARCH_DAYS = 62;
/** How far past a taken slot to look for alternatives. */
const ALTERNATIVES_HORIZON_DAYS = 14;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface PhysicianSlots {
  physicianId: string;
  physicianName: string;
  timeZone: string;
  slots: Slot[];
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
}

const searchInput = z.object({
  physicianId: recordId.optional(),
  visitTypeId: recordId,
  from: instant,
  to: instant,
  now: z.date().optional(),
});

/**
 * Free slots of one physician, or of every active physician, for a visit type
 * over [from, to). Each physician's availability is authorized (and audited).
 */
export async function findFreeSlots(
  db: Database,
  context: RequestContext,
  input: { physicianId?: string; visitTypeId: string; from: Date | string; to: Date | string; now?: Date },
): Promise<PhysicianSlots[]> {
  const { physicianId, visitTypeId, from, to, now = new Date() } = searchInput.parse(input);
  if (to <= from) throw new SchedulingError("INVALID_RANGE", "The end of the range must be after its start.");
  if (to.getTime() - from.getTime() > MAX_SEARCH_DAYS * DAY_MS) {
    throw new SchedulingError("RANGE_TOO_LONG", `Search at most ${MAX_SEARCH_DAYS} days at a time.`);
  }
  const visitType = await findBookableVisitType(db, visitTypeId);
  const calendars = await loadPhysicianCalendars(db, { physicianId, from, to, visitType });
  if (physicianId !== undefined && calendars.length === 0) {
    return refuseMissing(db, context, "availability.read", "physician", physicianId);
  }
  for (const calendar of calendars) {
    await authorize(db, context, "availability.read", { type: "physician", physicianId: calendar.physicianId });
  }
  return calendars.map((calendar) => ({
    physicianId: calendar.physicianId,
    physicianName: calendar.physicianName,
    timeZone: calendar.timeZone,
    slots: computeFreeSlots({ ...calendar, ...visitType, from, to, now }),
  }));
}

/**
 * The next free slots of a physician starting at or after `after`, for
 * offering instead of a taken one. Not audited on its own: callers have
 * already authorized booking with this physician.
 */
export async function findNextFreeSlots(
  db: Database,
  options: { physicianId: string; visitType: BookableVisitType; after: Date; now: Date; count: number },
): Promise<Slot[]> {
  const from = new Date(Math.max(options.after.getTime(), options.now.getTime()));
  const to = new Date(from.getTime() + ALTERNATIVES_HORIZON_DAYS * DAY_MS);
  const [calendar] = await loadPhysicianCalendars(db, { physicianId: options.physicianId, from, to, visitType: options.visitType });
  if (!calendar) return [];
  return computeFreeSlots({ ...calendar, ...options.visitType, from, to, now: options.now })
    .filter((slot) => slot.start >= from)
    .slice(0, options.count);
}

/** An active visit type, or a SchedulingError naming the problem. */
export async function findBookableVisitType(db: Database, visitTypeId: string): Promise<BookableVisitType> {
  const visitType = await db.visitType.findFirst({
    where: { id: visitTypeId, isActive: true },
    select: { id: true, durationMinutes: true, bufferMinutes: true },
  });
  if (!visitType) throw new SchedulingError("UNKNOWN_VISIT_TYPE", "That visit type does not exist or can no longer be booked.");
  return visitType;
}

interface CalendarRow {
  physicianId: string;
  physicianName: string;
  timeZone: string;
  windows: WeeklyWindow[];
  overrides: DateOverride[];
  busy: Array<{ start: string; end: string }>;
}

/**
 * Working hours, date overrides and held time of active physicians (one, or
 * all when physicianId is undefined) around [from, to), in one round trip.
 */
export async function loadPhysicianCalendars(
  db: Database,
  options: { physicianId: string | undefined; from: Date; to: Date; visitType: BookableVisitType },
): Promise<PhysicianCalendar[]> {
  const { from, to, visitType } = options;
  // Local dates differ from UTC ones by at most a day either way.
  const firstDate = new Date(from.getTime() - DAY_MS).toISOString().slice(0, 10);
  const lastDate = new Date(to.getTime() + DAY_MS).toISOString().slice(0, 10);
  // A slot that intersects the range can start up to one visit before it and
  // hold time up to one visit and buffer after it.
  const heldFrom = new Date(from.getTime() - visitType.durationMinutes * MINUTE_MS);
  const heldTo = new Date(to.getTime() + (visitType.durationMinutes + visitType.bufferMinutes) * MINUTE_MS);
  const physicianId = options.physicianId ?? null;
  const rows = await db.$queryRaw<CalendarRow[]>`
    SELECT p."id" AS "physicianId", u."name" AS "physicianName", p."timeZone",
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
      COALESCE((
        SELECT json_agg(json_build_object('start', a."startsAt", 'end', a."blockedUntil"))
        FROM "Appointment" a
        WHERE a."physicianId" = p."id" AND a."status" NOT IN ('CANCELLED', 'NO_SHOW')
          AND a."startsAt" < ${heldTo} AND a."blockedUntil" > ${heldFrom}
      ), '[]'::json) AS "busy"
    FROM "Physician" p JOIN "User" u ON u."id" = p."userId"
    WHERE u."disabledAt" IS NULL AND (${physicianId}::text IS NULL OR p."id" = ${physicianId}::text)
    ORDER BY u."name", p."id"`;
  return rows.map((row) => ({
    ...row,
    busy: row.busy.map((held) => ({ start: new Date(held.start), end: new Date(held.end) })),
  }));
}
