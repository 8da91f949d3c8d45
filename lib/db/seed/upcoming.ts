import "server-only";
import { AppointmentStatus } from "../generated/enums";
import { isoFromDay, type Day } from "./days";
import { CLINIC_TIME_ZONE, DEMO_PATIENT_UPCOMING, type VisitTypeCode } from "./demo-clinic";
import type { Random } from "./random";
import type { SeedRows } from "./rows";
import { appointmentTimes, blockMinutes, hoursOn, SLOT_STEP_MINUTES, type PhysicianCalendar } from "./schedule";
import type { ClinicPhysician, VisitTypeInfo } from "./staff";
import { minutesAfter, zonedTimeToUtc } from "../../scheduling/zoned-time";

// Appointments from today through the next three weeks. Each physician has at
// least MIN_TODAY of them today, all inside their hours in their own zone.
// Today's that ended before the seed's instant were held, as in any clinic's
// day so far: they are stored COMPLETED with their visit (the physician's notes
// for them are still to write), never left BOOKED, which the desk's calendar
// and the physician's day would rightly mark late. Only statuses and those
// visits depend on the time of day: every other row is the calendar day's.

const UPCOMING_DAYS = 21;
export const MIN_TODAY = 4;

const FILL_SHARE = { today: 0.75, later: 0.55 } as const;
const CANCELLED_SHARE = 0.04;
const REASONS = [
  "Follow-up visit",
  "Medication review",
  "Review recent lab results",
  "Annual check-up",
  "Medication refill",
  "Discuss new symptoms",
  "Check-in after a treatment change",
] as const;
const CANCEL_REASONS = ["Patient request: work conflict", "Patient will be travelling", "Booked in error; patient will rebook"] as const;

export interface UpcomingContext {
  seedDay: Day;
  /** The seed's instant: today's visits that ended before it were held. */
  now: Date;
  patientCount: number;
  physicians: readonly ClinicPhysician[];
  calendars: readonly PhysicianCalendar[];
  visitTypes: Record<VisitTypeCode, VisitTypeInfo>;
  schedulerUserId: string;
  patientId: (index: number) => string;
}

interface Booking {
  physician: ClinicPhysician;
  patientIndex: number;
  day: Day;
  startMinute: number;
  visitTypeCode: VisitTypeCode;
  reason: string;
  cancellable: boolean;
}

export function buildUpcomingAppointments(random: Random, context: UpcomingContext): Pick<SeedRows, "appointments" | "visits"> {
  const bookings = [...demoPatientBookings(context), ...context.physicians.flatMap((physician) => fillSchedule(physician, random, context))];
  const appointments = bookings.map((booking) => appointmentRow(booking, random, context));
  const visits = appointments.filter((appointment) => appointment.status === AppointmentStatus.COMPLETED).map((appointment) => heldVisitRow(appointment, random));
  return { appointments, visits };
}

function demoPatientBookings(context: UpcomingContext): Booking[] {
  return DEMO_PATIENT_UPCOMING.flatMap((planned) => {
    const physician = context.physicians[planned.physicianIndex];
    if (!physician) return [];
    const calendar = context.calendars[physician.index] as PhysicianCalendar;
    const minutes = blockMinutes(context.visitTypes[planned.visitTypeCode]);
    for (let day = context.seedDay + planned.daysAhead; day < context.seedDay + UPCOMING_DAYS; day++) {
      const [startMinute] = calendar.openStarts(day, minutes);
      if (startMinute === undefined) continue;
      calendar.book(day, startMinute, minutes);
      return [{ physician, patientIndex: 0, day, startMinute, visitTypeCode: planned.visitTypeCode, reason: planned.reason, cancellable: false }];
    }
    return [];
  });
}

/** Walks each working range slot by slot, booking most of them; today always gets at least MIN_TODAY. */
function fillSchedule(physician: ClinicPhysician, random: Random, context: UpcomingContext): Booking[] {
  const calendar = context.calendars[physician.index] as PhysicianCalendar;
  const panel = panelOf(physician, context);
  const bookings: Booking[] = [];
  for (let day = context.seedDay; day < context.seedDay + UPCOMING_DAYS; day++) {
    const today = day === context.seedDay;
    let bookedToday = 0;
    for (const range of hoursOn(physician, day)) {
      for (let start = range.start; start < range.end; ) {
        const visitTypeCode: VisitTypeCode = random.chance(0.4) ? "FOLLOW_UP_15" : "STANDARD_30";
        const minutes = blockMinutes(context.visitTypes[visitTypeCode]);
        const wanted = (today && bookedToday < MIN_TODAY) || random.chance(today ? FILL_SHARE.today : FILL_SHARE.later);
        if (wanted && calendar.fits(day, start, minutes)) {
          calendar.book(day, start, minutes);
          bookings.push({
            physician,
            patientIndex: random.pick(panel),
            day,
            startMinute: start,
            visitTypeCode,
            reason: random.pick(REASONS),
            cancellable: !today,
          });
          if (today) bookedToday++;
          start += Math.ceil(minutes / SLOT_STEP_MINUTES) * SLOT_STEP_MINUTES;
        } else {
          start += SLOT_STEP_MINUTES;
        }
      }
    }
  }
  return bookings;
}

/** The physician's own patients; in a clinic too small to give everyone a panel, anyone. */
function panelOf(physician: ClinicPhysician, context: UpcomingContext): number[] {
  const panel: number[] = [];
  for (let index = physician.index; index < context.patientCount; index += context.physicians.length) panel.push(index);
  return panel.length > 0 ? panel : Array.from({ length: context.patientCount }, (_, index) => index);
}

function appointmentRow(booking: Booking, random: Random, context: UpcomingContext): SeedRows["appointments"][number] {
  const visitType = context.visitTypes[booking.visitTypeCode];
  const { startsAt, endsAt } = appointmentTimes(booking.physician, booking.day, booking.startMinute, visitType);
  // Booked at least two days ago and cancelled within a day of booking, so both lie before the seed day.
  const bookedAt = zonedTimeToUtc(isoFromDay(context.seedDay - random.int(2, 30)), random.int(9 * 60, 17 * 60), CLINIC_TIME_ZONE);
  const cancelled = booking.cancellable && random.chance(CANCELLED_SHARE);
  const cancelledAt = cancelled ? minutesAfter(bookedAt, random.int(60, 24 * 60)) : null;
  const held = !cancelled && endsAt <= context.now;
  return {
    id: random.uuid(),
    patientId: context.patientId(booking.patientIndex),
    physicianId: booking.physician.id,
    visitTypeId: visitType.id,
    startsAt,
    endsAt,
    status: cancelled ? AppointmentStatus.CANCELLED : held ? AppointmentStatus.COMPLETED : AppointmentStatus.BOOKED,
    reason: booking.reason,
    bookedById: context.schedulerUserId,
    sequence: cancelled ? 1 : 0,
    cancelReason: cancelled ? random.pick(CANCEL_REASONS) : null,
    cancelledAt,
    rescheduledFromId: null,
    createdAt: bookedAt,
    updatedAt: cancelledAt ?? (held ? endsAt : bookedAt),
  };
}

/**
 * The video visit of a held appointment, on time. Its ids come from the
 * appointment's own stream, so whether a visit was held yet takes no numbers
 * from the ones every other row is drawn from.
 */
function heldVisitRow(appointment: SeedRows["appointments"][number], random: Random): SeedRows["visits"][number] {
  const ids = random.fork(`held/${appointment.id}`);
  return {
    id: ids.uuid(),
    appointmentId: appointment.id!,
    roomName: `visit-${ids.hex(24)}`,
    startedAt: appointment.startsAt,
    endedAt: appointment.endsAt,
    createdAt: minutesAfter(new Date(appointment.startsAt), -10),
  };
}
