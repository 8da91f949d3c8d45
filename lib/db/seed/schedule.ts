import "server-only";
import { isoFromDay, isoWeekday, type Day } from "./days";
import type { MinuteRange } from "./demo-clinic";
import type { ClinicPhysician, VisitTypeInfo } from "./staff";
import { minutesAfter, zonedTimeToUtc } from "../../scheduling/zoned-time";

// Booking physicians' days without overlaps. Each booking holds its visit's
// duration plus the visit type's buffer, so the next visit can start no
// earlier than the buffer after the previous one ends: the database's
// exclusion constraint then never fires and the buffer stays free.

/** Appointments start on the quarter hour, as a clinic's booking grid does. */
export const SLOT_STEP_MINUTES = 15;

/** The hours a physician works on a local date: the date's override if there is one, else the weekly hours. */
export function hoursOn(physician: ClinicPhysician, day: Day): readonly MinuteRange[] {
  const override = physician.overrides.get(day);
  if (override) return override.hours ? [override.hours] : [];
  return physician.weeklyHours[isoWeekday(day)] ?? [];
}

export function blockMinutes(visitType: VisitTypeInfo): number {
  return visitType.durationMinutes + visitType.bufferMinutes;
}

export class PhysicianCalendar {
  private readonly booked = new Map<Day, MinuteRange[]>();

  constructor(readonly physician: ClinicPhysician) {}

  /** Slot starts on `day` where a block of `minutes` fits inside working hours and clear of every booking. */
  openStarts(day: Day, minutes: number): number[] {
    const starts: number[] = [];
    for (const range of hoursOn(this.physician, day)) {
      for (let start = range.start; start + minutes <= range.end; start += SLOT_STEP_MINUTES) {
        if (this.isFree(day, start, start + minutes)) starts.push(start);
      }
    }
    return starts;
  }

  /** Whether a block of `minutes` starting at `start` lies inside working hours and clear of every booking. */
  fits(day: Day, start: number, minutes: number): boolean {
    const end = start + minutes;
    return hoursOn(this.physician, day).some((range) => range.start <= start && end <= range.end) && this.isFree(day, start, end);
  }

  book(day: Day, start: number, minutes: number): void {
    if (!this.fits(day, start, minutes)) {
      throw new Error(`${this.physician.name} cannot take minutes ${start}–${start + minutes} on ${isoFromDay(day)}`);
    }
    const bookings = this.booked.get(day) ?? [];
    bookings.push({ start, end: start + minutes });
    this.booked.set(day, bookings);
  }

  private isFree(day: Day, start: number, end: number): boolean {
    return (this.booked.get(day) ?? []).every((booking) => end <= booking.start || start >= booking.end);
  }
}

export interface AppointmentTimes {
  startsAt: Date;
  endsAt: Date;
}

/** Local wall time in the physician's zone → the appointment's UTC instants. */
export function appointmentTimes(physician: ClinicPhysician, day: Day, startMinute: number, visitType: VisitTypeInfo): AppointmentTimes {
  const startsAt = zonedTimeToUtc(isoFromDay(day), startMinute, physician.timeZone);
  return { startsAt, endsAt: minutesAfter(startsAt, visitType.durationMinutes) };
}
