import "server-only";
import { dayFromIso, isoFromDay, type Day } from "./days";
import { CLINIC_TIME_ZONE, SEED_KEY } from "./demo-clinic";
import { historyDensity } from "./density";
import { buildPatientRecord, type RecordContext } from "./patient-record";
import { buildPatientProfile } from "./patients";
import { createRandom, type Random } from "./random";
import { appendRows, emptyRows, type SeedRows } from "./rows";
import { PhysicianCalendar } from "./schedule";
import { buildStaff } from "./staff";
import { localDateOf, zonedTimeToUtc } from "../../scheduling/zoned-time";
import { buildUpcomingAppointments } from "./upcoming";

// The whole clinic as a stream of row batches, so a clinic of any size is
// generated and written with bounded memory. Everything is derived from
// SEED_KEY, the patient count and the calendar day of `now` (and, for which of
// today's visits were already held, `now` itself).

export interface ClinicOptions {
  patients: number;
  now: Date;
}

export interface ClinicBatch {
  description: string;
  rows: SeedRows;
}

/** Patients generated (and inserted) together. */
const PATIENTS_PER_BATCH = 250;

export const MAX_PATIENTS = 100_000;

/** The seed's "today": the calendar day of `now` in the clinic's home zone. */
export function seedDayOf(now: Date): Day {
  return dayFromIso(localDateOf(now, CLINIC_TIME_ZONE));
}

export function* generateClinic(options: ClinicOptions): Generator<ClinicBatch> {
  assertPatientCount(options.patients);
  const seedDay = seedDayOf(options.now);
  const random = createRandom(SEED_KEY);
  const staff = buildStaff(random.fork("staff"), options.patients, seedDay);
  yield { description: `${staff.physicians.length} physicians, scheduler, admin and visit types`, rows: staff.rows };

  const calendars = staff.physicians.map((physician) => new PhysicianCalendar(physician));
  const patientRandom = (index: number): Random => random.fork(`patient/${index}`);
  const context: RecordContext = {
    seedDay,
    historyEnd: zonedTimeToUtc(isoFromDay(seedDay), 0, CLINIC_TIME_ZONE),
    density: historyDensity(options.patients),
    physicians: staff.physicians,
    calendars,
    visitTypes: staff.visitTypes,
    schedulerUserId: staff.schedulerUserId,
  };

  for (let first = 0; first < options.patients; first += PATIENTS_PER_BATCH) {
    const last = Math.min(options.patients, first + PATIENTS_PER_BATCH);
    const rows = emptyRows();
    for (let index = first; index < last; index++) appendRows(rows, buildPatientRecord(index, patientRandom(index), context));
    yield { description: `patients ${first + 1}–${last} of ${options.patients}`, rows };
  }

  const upcoming = buildUpcomingAppointments(random.fork("upcoming"), {
    seedDay,
    now: options.now,
    patientCount: options.patients,
    physicians: staff.physicians,
    calendars,
    visitTypes: staff.visitTypes,
    schedulerUserId: staff.schedulerUserId,
    patientId: (index) => buildPatientProfile(index, patientRandom(index).fork("profile"), staff.physicians, seedDay).id,
  });
  yield { description: "appointments for today and the next three weeks", rows: { ...emptyRows(), ...upcoming } };
}

function assertPatientCount(patients: number): void {
  if (!Number.isInteger(patients) || patients < 1 || patients > MAX_PATIENTS) {
    throw new RangeError(`The clinic needs a whole number of patients from 1 to ${MAX_PATIENTS}; got ${patients}.`);
  }
}
