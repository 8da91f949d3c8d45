import "server-only";
import { z } from "zod";
import { authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { checkCalendarRange, schedulerWeek, type CalendarAppointment } from "./calendar";
import { schedulingNow } from "./clock";
import { findBookableVisitType, loadPhysicianCalendars } from "./slot-search";
import { computeFreeSlots, workingSpans, type Slot } from "./slots";
import { instant } from "./validation";
import { isLateWith } from "./visit-status";

// The scheduler's time grid in one read: per physician, when they work, their
// free times for the chosen visit type, and their visits with where each
// stands. Names, times, reasons and status only: nothing clinical.

/** The most physicians one grid shows side by side. */
export const MAX_GRID_PHYSICIANS = 40;

/** The grid's query as GET /api/calendar gives it: physicianIds comma-separated, all active physicians when left out. */
export const calendarGridQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  visitTypeId: recordId,
  physicianIds: z
    .string()
    .transform((value) => value.split(","))
    .pipe(z.array(recordId).min(1).max(MAX_GRID_PHYSICIANS))
    .optional(),
});

const gridInput = z.object({
  from: instant,
  to: instant,
  visitTypeId: recordId,
  physicianIds: z.array(recordId).min(1).max(MAX_GRID_PHYSICIANS).optional(),
});

export interface GridAppointment extends CalendarAppointment {
  /** Five minutes past the start and the patient not yet in the waiting room. */
  late: boolean;
}

export interface GridPhysician {
  physicianId: string;
  physicianName: string;
  timeZone: string;
  /** When they work in the range (their weekly hours with date overrides); the rest is off-hours. */
  workingSpans: Slot[];
  /** Their free times for the chosen visit type. */
  freeSlots: Slot[];
  appointments: GridAppointment[];
}

export interface CalendarGrid {
  /** The server's clock, which "late", the past and the "now" line go by. */
  now: Date;
  visitType: { id: string; durationMinutes: number; bufferMinutes: number };
  physicians: GridPhysician[];
}

/**
 * The chosen physicians' (or every active physician's) hours, free times and
 * visits in [from, to), as the scheduler's calendar polls it. Authorized and
 * audited as the scheduler's week is (the clinic's calendar, then each patient
 * shown), and each physician's hours as availability reads.
 */
export async function calendarGrid(
  db: Database,
  context: RequestContext,
  input: { from: Date | string; to: Date | string; visitTypeId: string; physicianIds?: string[] },
  options: { now?: Date } = {},
): Promise<CalendarGrid> {
  const { from, to, visitTypeId, physicianIds } = gridInput.parse(input);
  const now = options.now ?? schedulingNow();
  checkCalendarRange(from, to);
  const appointments = await schedulerWeek(db, context, { from, to, physicianIds });
  const visitType = await findBookableVisitType(db, visitTypeId);
  const calendars = (await loadPhysicianCalendars(db, { physicianId: undefined, from, to, visitType })).filter(
    (calendar) => !physicianIds || physicianIds.includes(calendar.physicianId),
  );
  const missing = physicianIds?.find((id) => !calendars.some((calendar) => calendar.physicianId === id));
  if (missing !== undefined) return refuseMissing(db, context, "availability.read", "physician", missing);
  for (const calendar of calendars) {
    await authorize(db, context, "availability.read", { type: "physician", physicianId: calendar.physicianId });
  }
  return {
    now,
    visitType,
    physicians: calendars.map((calendar) => ({
      physicianId: calendar.physicianId,
      physicianName: calendar.physicianName,
      timeZone: calendar.timeZone,
      // Whole local days are expanded; only what lies in the range is shown.
      workingSpans: workingSpans(calendar, from, to).filter((span) => span.start < to && span.end > from),
      // Only a physician who offers the visit type has free times for it, as the booking would refuse any other.
      freeSlots: calendar.offersVisitType ? computeFreeSlots({ ...calendar, ...visitType, from, to, now }) : [],
      appointments: appointments
        .filter((appointment) => appointment.physicianId === calendar.physicianId)
        .map((appointment) => ({ ...appointment, late: isLateWith(appointment.visitStatus, appointment.startsAt, now) })),
    })),
  };
}
