import "server-only";
import type { Encounter } from "@medplum/fhirtypes";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Candidate, Source } from "../search/pager";
import { SYSTEMS } from "../systems";
import { clinicReference, concept, idConditions, idOrder, latest, ownMeta, reference } from "./common";

// Encounter (US Core Encounter): each video visit that took place, class VR
// (virtual), linked to its Appointment, with the physician as participant and
// the period from the call's start to its end.

const ENCOUNTER_SELECT = {
  id: true,
  startedAt: true,
  endedAt: true,
  createdAt: true,
  appointment: {
    select: {
      id: true,
      patientId: true,
      physicianId: true,
      startsAt: true,
      endsAt: true,
      status: true,
      reason: true,
      visitType: { select: { code: true, name: true } },
      physician: { select: { user: { select: { name: true } } } },
    },
  },
} as const;

type VisitRow = {
  id: string;
  startedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  appointment: {
    id: string;
    patientId: string;
    physicianId: string;
    startsAt: Date;
    endsAt: Date;
    status: AppointmentStatus;
    reason: string;
    visitType: { code: string; name: string };
    physician: { user: { name: string } };
  };
};

function status(row: VisitRow): Encounter["status"] {
  if (row.endedAt || row.appointment.status === "COMPLETED") return "finished";
  if (row.appointment.status === "CANCELLED" || row.appointment.status === "NO_SHOW") return "cancelled";
  return row.startedAt ? "in-progress" : "arrived";
}

export function toEncounter(row: VisitRow): Encounter {
  const { appointment } = row;
  const start = row.startedAt ?? appointment.startsAt;
  const end = row.endedAt ?? (status(row) === "finished" ? appointment.endsAt : undefined);
  return {
    resourceType: "Encounter",
    id: row.id,
    meta: ownMeta(latest(row.createdAt, row.startedAt, row.endedAt), "http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter"),
    status: status(row),
    class: { system: SYSTEMS.actCode, code: "VR", display: "virtual" },
    type: [{ text: appointment.visitType.name, coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "99213", display: "Office or other outpatient visit" }] }],
    subject: reference("Patient", appointment.patientId),
    participant: [
      {
        type: [concept(SYSTEMS.participationType, "PPRF", "primary performer")],
        period: { start: start.toISOString(), ...(end ? { end: end.toISOString() } : {}) },
        individual: reference("Practitioner", appointment.physicianId, appointment.physician.user.name),
      },
    ],
    appointment: [reference("Appointment", appointment.id)],
    period: { start: start.toISOString(), ...(end ? { end: end.toISOString() } : {}) },
    reasonCode: [{ text: appointment.reason }],
    serviceProvider: clinicReference(),
  };
}

export const encounterSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.visit.findMany({
      where: { ...(scope.patientIds ? { appointment: { patientId: { in: scope.patientIds } } } : {}), AND: idConditions(scope, range) },
      orderBy: idOrder(range),
      take: range.limit,
      select: ENCOUNTER_SELECT,
    });
    return rows.map((row) => ({ id: row.id, resource: toEncounter(row), patientId: row.appointment.patientId }));
  },
};
