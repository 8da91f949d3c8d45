import "server-only";
import { z } from "zod";
import { authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Action } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { SchedulingError } from "./errors";
import type { DateOverride, WeeklyWindow } from "./slots";
import { noControlCharacters } from "./validation";
import { isIsoDate, localDateOf } from "./zoned-time";
import { schedulingNow } from "./clock";

// A physician's working hours: weekly windows in their own zone, and date
// overrides (a day off, or that date's own hours) that replace them.

export interface AvailabilityOverrideEntry extends DateOverride {
  id: string;
  note: string | null;
}

export interface PhysicianAvailability {
  physicianId: string;
  timeZone: string;
  /** Sorted by weekday, then start. */
  windows: WeeklyWindow[];
  /** From the physician's today on, by date; past dates no longer matter. */
  overrides: AvailabilityOverrideEntry[];
  /** The active visit types the physician offers: only these find their free times and can be booked with them. */
  offeredVisitTypeIds: string[];
}

export interface VisitTypeEntry {
  id: string;
  code: string;
  name: string;
  durationMinutes: number;
  bufferMinutes: number;
}

const minuteOfDay = z
  .number()
  .int()
  .min(0)
  .max(1440, "Hours end at midnight at the latest.")
  .multipleOf(5, "Times go in steps of 5 minutes.");

const endsAfterStart = (hours: { startMinute: number; endMinute: number }) => hours.startMinute < hours.endMinute;
const END_AFTER_START = { message: "The end must be after the start.", path: ["endMinute"] };

const weeklyWindowsInput = z
  .array(
    z
      .object({ weekday: z.number().int().min(1).max(7), startMinute: minuteOfDay, endMinute: minuteOfDay })
      .refine(endsAfterStart, END_AFTER_START),
  )
  .max(70)
  .superRefine((windows, context) => {
    windows.forEach((window, index) => {
      const clash = windows.findIndex(
        (other, otherIndex) =>
          otherIndex !== index &&
          other.weekday === window.weekday &&
          other.startMinute < window.endMinute &&
          window.startMinute < other.endMinute,
      );
      if (clash !== -1 && clash < index) {
        context.addIssue({ code: "custom", path: [index], message: `Overlaps another window on the same day (#${clash + 1}).` });
      }
    });
  });

const overrideInput = z
  .object({
    date: z.string().refine(isIsoDate, "Use a YYYY-MM-DD date."),
    isAvailable: z.boolean(),
    startMinute: minuteOfDay.nullish(),
    endMinute: minuteOfDay.nullish(),
    note: z.string().trim().max(200).refine(noControlCharacters, "Remove control characters.").nullish(),
  })
  .superRefine((override, context) => {
    const hasHours = override.startMinute != null && override.endMinute != null;
    const hasAnyHour = override.startMinute != null || override.endMinute != null;
    if (override.isAvailable && !hasHours) {
      context.addIssue({ code: "custom", path: ["startMinute"], message: "Give the hours for that date." });
    } else if (!override.isAvailable && hasAnyHour) {
      context.addIssue({ code: "custom", path: ["startMinute"], message: "A day off has no hours." });
    } else if (hasHours && !endsAfterStart({ startMinute: override.startMinute!, endMinute: override.endMinute! })) {
      context.addIssue({ code: "custom", ...END_AFTER_START });
    }
  });

export async function getAvailability(
  db: Database,
  context: RequestContext,
  physicianId: string,
  options: { now?: Date } = {},
): Promise<PhysicianAvailability> {
  const physician = await authorizePhysician(db, context, "availability.read", physicianId);
  const today = localDateOf(options.now ?? schedulingNow(), physician.timeZone);
  const [windows, overrides, offered] = await Promise.all([
    db.availabilityWindow.findMany({
      where: { physicianId: physician.id },
      select: { weekday: true, startMinute: true, endMinute: true },
      orderBy: [{ weekday: "asc" }, { startMinute: "asc" }],
    }),
    db.availabilityOverride.findMany({
      where: { physicianId: physician.id, date: { gte: dateColumn(today) } },
      orderBy: [{ date: "asc" }, { startMinute: "asc" }],
    }),
    db.physicianVisitType.findMany({ where: { physicianId: physician.id, visitType: { isActive: true } }, select: { visitTypeId: true } }),
  ]);
  return {
    physicianId: physician.id,
    timeZone: physician.timeZone,
    windows,
    overrides: overrides.map(toOverrideEntry),
    offeredVisitTypeIds: offered.map((entry) => entry.visitTypeId),
  };
}

/** The visit types a physician offers, as the endpoint accepts them: the ids of active visit types, at least one. */
export const offeredVisitTypesRequest = z.strictObject({
  visitTypeIds: z.array(recordId).min(1, "Choose at least one visit type.").max(50),
});

export interface OfferedVisitTypesChange {
  visitTypeIds: string[];
  /** Booked visits from now on of the types no longer offered: they stay on the calendar. */
  keptBookedVisits: number;
}

/**
 * Replaces the visit types the physician offers. From now on searches and
 * bookings (moves from another physician too) find the physician only for
 * these. Removing a type that still has booked visits ahead is allowed and
 * those visits are kept, not refused or cancelled: a clinic stops offering a
 * type going forward while the patients already booked are still seen (a
 * refusal would force the desk to move or cancel them first just to stop new
 * bookings). The answer says how many were kept, so the desk can decide about
 * them. Audited with the types chosen and that count.
 */
export async function replaceOfferedVisitTypes(
  db: Database,
  context: RequestContext,
  physicianId: string,
  input: unknown,
  options: { now?: Date } = {},
): Promise<OfferedVisitTypesChange> {
  const visitTypeIds = [...new Set(offeredVisitTypesRequest.parse(input).visitTypeIds)];
  const visitTypes = await db.visitType.findMany({ where: { id: { in: visitTypeIds }, isActive: true }, select: { id: true, code: true } });
  if (visitTypes.length !== visitTypeIds.length) {
    throw new SchedulingError("UNKNOWN_VISIT_TYPE", "One of these visit types does not exist or can no longer be booked.");
  }
  const id = recordId.parse(physicianId);
  const keptBookedVisits = await db.appointment.count({
    where: { physicianId: id, status: "BOOKED", startsAt: { gte: options.now ?? schedulingNow() }, visitTypeId: { notIn: visitTypeIds } },
  });
  const offers = `offers ${visitTypes.map((type) => type.code).sort().join(", ")}`;
  const detail = keptBookedVisits > 0 ? `${offers}; keeps ${keptBookedVisits} booked visits of types no longer offered` : offers;
  const physician = await authorizePhysician(db, context, "visitTypes.offer", id, detail);
  await db.$transaction([
    db.physicianVisitType.deleteMany({ where: { physicianId: physician.id } }),
    db.physicianVisitType.createMany({ data: visitTypeIds.map((visitTypeId) => ({ physicianId: physician.id, visitTypeId })) }),
  ]);
  return { visitTypeIds, keptBookedVisits };
}

/** Replaces the physician's whole week with these windows. */
export async function replaceWeeklyWindows(
  db: Database,
  context: RequestContext,
  physicianId: string,
  windows: unknown,
): Promise<WeeklyWindow[]> {
  const parsed = weeklyWindowsInput.parse(windows);
  const physician = await authorizePhysician(db, context, "availability.write", physicianId);
  await db.$transaction([
    db.availabilityWindow.deleteMany({ where: { physicianId: physician.id } }),
    db.availabilityWindow.createMany({ data: parsed.map((window) => ({ ...window, physicianId: physician.id })) }),
  ]);
  return [...parsed].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
}

/**
 * Adds an override for one date. A day off replaces whatever that date had;
 * hours replace a day off and may sit beside other hours that date (a split
 * day), but not overlap them.
 */
/** The week's hours as the endpoint accepts them: the shape only; replaceWeeklyWindows checks 5-minute steps, overlaps and that each ends after it starts. */
export const weeklyHoursRequest = z.strictObject({
  windows: z
    .array(z.strictObject({ weekday: z.number().int(), startMinute: z.number().int(), endMinute: z.number().int() }))
    .max(70),
});

/** A date override as the endpoint accepts it: the shape only; addOverride checks the date, the hours and that a day off has none. */
export const overrideRequest = z.strictObject({
  date: z.string().max(10),
  isAvailable: z.boolean(),
  startMinute: z.number().int().nullish(),
  endMinute: z.number().int().nullish(),
  note: z.string().max(200).nullish(),
});

export async function addOverride(
  db: Database,
  context: RequestContext,
  physicianId: string,
  input: unknown,
): Promise<AvailabilityOverrideEntry> {
  const override = overrideInput.parse(input);
  const physician = await authorizePhysician(db, context, "availability.write", physicianId);
  const date = dateColumn(override.date);
  const created = await db.$transaction(async (tx) => {
    const sameDate = await tx.availabilityOverride.findMany({ where: { physicianId: physician.id, date } });
    const replaced = override.isAvailable ? sameDate.filter((existing) => !existing.isAvailable) : sameDate;
    const clash = sameDate.find(
      (existing) =>
        existing.isAvailable &&
        override.isAvailable &&
        existing.startMinute! < override.endMinute! &&
        override.startMinute! < existing.endMinute!,
    );
    if (clash) {
      throw new SchedulingError("OVERLAPPING_HOURS", `${override.date} already has hours that overlap these. Remove them first.`);
    }
    await tx.availabilityOverride.deleteMany({ where: { id: { in: replaced.map((existing) => existing.id) } } });
    return tx.availabilityOverride.create({
      data: {
        physicianId: physician.id,
        date,
        isAvailable: override.isAvailable,
        startMinute: override.startMinute ?? null,
        endMinute: override.endMinute ?? null,
        note: override.note || null,
      },
    });
  });
  return toOverrideEntry(created);
}

export async function removeOverride(db: Database, context: RequestContext, overrideId: string): Promise<void> {
  const id = recordId.parse(overrideId);
  const override = await db.availabilityOverride.findUnique({ where: { id }, select: { physicianId: true } });
  // The override's physician is the resource: without it there is nothing to authorize against.
  if (!override) return refuseMissing(db, context, "availability.write", "physician", id);
  await authorizePhysician(db, context, "availability.write", override.physicianId);
  await db.availabilityOverride.delete({ where: { id } });
}

/** The visit types that can be booked, shortest first. Public clinic facts, so not audited. */
export async function listVisitTypes(db: Database): Promise<VisitTypeEntry[]> {
  return db.visitType.findMany({
    where: { isActive: true },
    select: { id: true, code: true, name: true, durationMinutes: true, bufferMinutes: true },
    orderBy: [{ durationMinutes: "asc" }, { name: "asc" }],
  });
}

async function authorizePhysician(db: Database, context: RequestContext, action: Action, physicianId: string, detail?: string) {
  const id = recordId.parse(physicianId);
  const physician = await db.physician.findUnique({ where: { id }, select: { id: true, timeZone: true } });
  if (!physician) return refuseMissing(db, context, action, "physician", id);
  await authorize(db, context, action, { type: "physician", physicianId: physician.id }, { detail });
  return physician;
}

/** How Prisma reads and writes @db.Date: midnight UTC of the date. */
function dateColumn(dateISO: string): Date {
  return new Date(`${dateISO}T00:00:00.000Z`);
}

function toOverrideEntry(override: {
  id: string;
  date: Date;
  isAvailable: boolean;
  startMinute: number | null;
  endMinute: number | null;
  note: string | null;
}): AvailabilityOverrideEntry {
  const { id, date, isAvailable, startMinute, endMinute, note } = override;
  return { id, date: date.toISOString().slice(0, 10), isAvailable, startMinute, endMinute, note };
}
