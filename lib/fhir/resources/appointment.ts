import "server-only";
import type { Appointment } from "@medplum/fhirtypes";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Candidate, Source } from "../search/pager";
import { clinicSystems } from "../systems";
import { idConditions, idOrder, ownMeta, patientCondition, reference } from "./common";

// Appointment: every booking, with its patient and physician as participants;
// a reschedule points back to the booking it replaced.

const STATUS: Record<AppointmentStatus, Appointment["status"]> = {
  BOOKED: "booked",
  CHECKED_IN: "checked-in",
  IN_PROGRESS: "arrived",
  COMPLETED: "fulfilled",
  CANCELLED: "cancelled",
  NO_SHOW: "noshow",
};

const APPOINTMENT_SELECT = {
  id: true,
  patientId: true,
  physicianId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  reason: true,
  cancelReason: true,
  createdAt: true,
  updatedAt: true,
  rescheduledFromId: true,
  visitType: { select: { code: true, name: true } },
  patient: { select: { givenName: true, familyName: true } },
  physician: { select: { user: { select: { name: true } } } },
} as const;

type AppointmentRow = {
  id: string;
  patientId: string;
  physicianId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  reason: string;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  rescheduledFromId: string | null;
  visitType: { code: string; name: string };
  patient: { givenName: string; familyName: string };
  physician: { user: { name: string } };
};

export function toAppointment(row: AppointmentRow): Appointment {
  return {
    resourceType: "Appointment",
    id: row.id,
    meta: ownMeta(row.updatedAt),
    identifier: [{ system: clinicSystems().appointment, value: row.id }],
    status: STATUS[row.status],
    ...(row.cancelReason ? { cancelationReason: { text: row.cancelReason } } : {}),
    serviceType: [{ coding: [{ system: `${clinicSystems().source}/CodeSystem/visit-type`, code: row.visitType.code, display: row.visitType.name }], text: row.visitType.name }],
    appointmentType: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0276", code: "ROUTINE", display: "Routine appointment - default if not valued" }] },
    description: row.reason,
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    minutesDuration: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
    created: row.createdAt.toISOString(),
    comment: "Video visit",
    ...(row.rescheduledFromId ? { supportingInformation: [reference("Appointment", row.rescheduledFromId)] } : {}),
    participant: [
      { actor: reference("Patient", row.patientId, `${row.patient.givenName} ${row.patient.familyName}`), required: "required", status: "accepted" },
      { actor: reference("Practitioner", row.physicianId, row.physician.user.name), required: "required", status: "accepted" },
    ],
  };
}

export const appointmentSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.appointment.findMany({ where: { ...patientCondition(scope), AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit, select: APPOINTMENT_SELECT });
    return rows.map((row) => ({ id: row.id, resource: toAppointment(row), patientId: row.patientId, physicianId: row.physicianId }));
  },
};
