import "server-only";
import { z } from "zod";
import { authorize, authorizeEach, ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import { csvRecord } from "@/lib/audit/search";
import type { Database } from "@/lib/db/prisma";
import { DAY_VISIT_SELECT } from "./calendar";
import { schedulingNow } from "./clock";
import { dayRangeInZone } from "./slots";
import { zoneName } from "./time-format";
import { describeVisitStatus } from "./visit-status";
import { addDays, isIsoDate, isoWeekdayOf, isValidTimeZone, localDateOf } from "./zoned-time";

// What the front desk takes away from the calendar: the printed day sheet (each
// physician's day on a page of its own) and the week as CSV. Both read what the
// scheduler's calendar reads (times, patient, visit type, reason, status: never
// clinical content) under the same check: the clinic-wide appointment read,
// then one audit event per patient listed.

/** One visit on a sheet or in the export. */
export interface FrontDeskVisit {
  id: string;
  startsAt: Date;
  endsAt: Date;
  physicianId: string;
  patientName: string;
  visitTypeName: string;
  reason: string;
  /** The front-desk status in words (lib/scheduling/visit-status.ts), with "late" when it applies. */
  status: string;
}

export interface DaySheetPhysician {
  id: string;
  name: string;
  /** The physician's own zone: the day and its times are theirs, as on their own day page. */
  timeZone: string;
  /** The physician's calendar day shown (YYYY-MM-DD). */
  date: string;
  visits: FrontDeskVisit[];
}

const physicianId = z.string().trim().min(1).max(64).regex(/^[\w-]+$/, "A physician ID contains only letters, digits, - and _.");

/**
 * The day sheet's address (/scheduler/day-sheet?date=YYYY-MM-DD&physicianIds=a,b):
 * a date that is not YYYY-MM-DD, or none, is each physician's today; no
 * physicians (or a malformed list) is every physician.
 */
export const daySheetQuery = z.object({
  date: z.string().refine(isIsoDate).optional().catch(undefined),
  physicianIds: z
    .preprocess(
      (value) => (Array.isArray(value) ? value.join(",") : value),
      z
        .string()
        .transform((list) => list.split(",").filter((id) => id.trim() !== ""))
        .pipe(z.array(physicianId).max(50)),
    )
    .optional()
    .catch(undefined),
});
export type DaySheetQuery = z.output<typeof daySheetQuery>;

/**
 * Each chosen physician's visits on the date (in the physician's own zone),
 * cancelled ones left out: schedulers only, audited as the calendar is. An id
 * that is no physician's is refused (404), so a sheet never silently lacks a page.
 */
export async function schedulerDaySheet(db: Database, context: RequestContext, input: DaySheetQuery): Promise<DaySheetPhysician[]> {
  const { date, physicianIds } = daySheetQuery.parse(input);
  await authorize(db, context, "appointment.read", CLINIC, { detail: `day sheet ${date ?? "today"}` });
  const physicians = await db.physician.findMany({
    where: physicianIds && physicianIds.length > 0 ? { id: { in: physicianIds } } : { user: { disabledAt: null } },
    select: { id: true, timeZone: true, user: { select: { name: true } } },
    orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
  });
  if (physicianIds && physicianIds.some((id) => !physicians.some((physician) => physician.id === id))) {
    throw new ResourceNotFoundError("One of the chosen physicians does not exist.");
  }
  const now = schedulingNow();
  const days = physicians.map((physician) => ({ physician, date: date ?? localDateOf(now, physician.timeZone) }));
  const visits = await readVisits(
    db,
    context,
    days.map(({ physician, date: day }) => ({ physicianId: physician.id, ...dayRangeInZone(day, physician.timeZone) })),
    now,
  );
  return days.map(({ physician, date: day }) => ({
    id: physician.id,
    name: physician.user.name,
    timeZone: physician.timeZone,
    date: day,
    visits: visits.filter((visit) => visit.physicianId === physician.id),
  }));
}

/** GET /api/appointments/export: the week (Monday to Sunday) holding `week`, in `timeZone`, for every physician or one. */
export const weekExportQuery = z.strictObject({
  week: z.string({ error: "Give the week as a date, week=YYYY-MM-DD." }).refine(isIsoDate, "The week must be a date like 2026-12-07."),
  timeZone: z.string({ error: "Name the time zone, timeZone=America/New_York." }).max(64).refine(isValidTimeZone, "That is not a time zone this clinic knows."),
  physicianId: physicianId.optional(),
});
export type WeekExportQuery = z.output<typeof weekExportQuery>;

export const WEEK_CSV_COLUMNS = ["date", "start", "end", "time_zone", "physician", "patient", "visit_type", "reason", "status"] as const;

export interface WeekExport {
  /** UTF-8 CSV with a byte-order mark and a header row, in time order. */
  csv: string;
  rowCount: number;
  fileName: string;
}

/** The week's visits as CSV, cancelled ones left out: schedulers only, audited as the calendar's read of the same week is. */
export async function weekAppointmentsCsv(db: Database, context: RequestContext, input: WeekExportQuery): Promise<WeekExport> {
  const { week, timeZone, physicianId: onePhysician } = weekExportQuery.parse(input);
  const monday = addDays(week, 1 - isoWeekdayOf(week));
  const from = dayRangeInZone(monday, timeZone).from;
  const to = dayRangeInZone(addDays(monday, 6), timeZone).to;
  await authorize(db, context, "appointment.read", CLINIC, {
    detail: `week export ${monday} ${timeZone}${onePhysician ? ` physician ${onePhysician}` : ""}`,
  });
  const physicians = await db.physician.findMany({
    where: onePhysician ? { id: onePhysician } : {},
    select: { id: true, user: { select: { name: true } } },
  });
  if (onePhysician && physicians.length === 0) throw new ResourceNotFoundError("That physician does not exist.");
  const visits = await readVisits(
    db,
    context,
    physicians.map((physician) => ({ physicianId: physician.id, from, to })),
    schedulingNow(),
  );
  const names = new Map(physicians.map((physician) => [physician.id, physician.user.name]));
  const rows = visits.map((visit) => weekCsvRow(visit, names.get(visit.physicianId) ?? "", timeZone));
  return {
    // The byte-order mark makes spreadsheet programs read the file as UTF-8.
    csv: `\uFEFF${csvRecord([...WEEK_CSV_COLUMNS])}${rows.map(csvRecord).join("")}`,
    rowCount: rows.length,
    fileName: `appointments-week-of-${monday}.csv`,
  };
}

/**
 * One visit as the export's columns: local date and times in the chosen zone,
 * and the zone named with its abbreviation at that instant (it changes within
 * a week that crosses a DST change). Cells go through csvRecord, which keeps
 * formulas in names and reasons from running in a spreadsheet.
 */
export function weekCsvRow(visit: FrontDeskVisit, physicianName: string, timeZone: string): string[] {
  return [
    localDateOf(visit.startsAt, timeZone),
    localTime(visit.startsAt, timeZone),
    localTime(visit.endsAt, timeZone),
    `${timeZone} (${zoneName(visit.startsAt, timeZone)})`,
    physicianName,
    visit.patientName,
    visit.visitTypeName,
    visit.reason,
    visit.status,
  ];
}

const CLINIC = { type: "clinic" } as const;

/** 24-hour HH:MM, which spreadsheets read as a time. */
function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/** Visits starting in each physician's range, in time order, with one audit event per patient listed. */
async function readVisits(
  db: Database,
  context: RequestContext,
  ranges: Array<{ physicianId: string; from: Date; to: Date }>,
  now: Date,
): Promise<FrontDeskVisit[]> {
  if (ranges.length === 0) return [];
  const appointments = await db.appointment.findMany({
    where: {
      status: { not: "CANCELLED" },
      OR: ranges.map(({ physicianId: id, from, to }) => ({ physicianId: id, startsAt: { gte: from, lt: to } })),
    },
    select: DAY_VISIT_SELECT,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const patientIds = [...new Set(appointments.map((appointment) => appointment.patient.id))];
  await authorizeEach(db, context, "appointment.read", patientIds.map((patientId) => ({ type: "patient", patientId })));
  return appointments.map((appointment) => ({
    id: appointment.id,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    physicianId: appointment.physicianId,
    patientName: `${appointment.patient.givenName} ${appointment.patient.familyName}`,
    visitTypeName: appointment.visitType.name,
    reason: appointment.reason,
    status: describeVisitStatus({ ...appointment, checkInCompletedAt: appointment.checkIn?.completedAt ?? null }, now),
  }));
}
