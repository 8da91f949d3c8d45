import "server-only";
import type { Practitioner, Schedule } from "@medplum/fhirtypes";
import type { Database } from "@/lib/db/prisma";
import type { Candidate, ScanRange, Scope, Source } from "../search/pager";
import { clinicSystems } from "../systems";
import { humanName, idConditions, idOrder, ownMeta, reference } from "./common";

// Practitioner (US Core Practitioner) for each physician, and the Schedule of
// their bookable time (one per physician; its free Slots are computed by the
// scheduling module, see slot.ts).

const PHYSICIAN_SELECT = {
  id: true,
  specialty: true,
  licenseNumber: true,
  timeZone: true,
  updatedAt: true,
  user: { select: { name: true, disabledAt: true } },
} as const;

type PhysicianRow = { id: string; specialty: string; licenseNumber: string; timeZone: string; updatedAt: Date; user: { name: string; disabledAt: Date | null } };

export function toPractitioner(row: PhysicianRow): Practitioner {
  return {
    resourceType: "Practitioner",
    id: row.id,
    meta: ownMeta(row.updatedAt, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-practitioner"),
    identifier: [{ system: clinicSystems().license, value: row.licenseNumber, type: { text: "Medical license number" } }],
    active: row.user.disabledAt === null,
    name: [humanName(row.user.name)],
    qualification: [{ code: { text: row.specialty } }],
  };
}

export function toSchedule(row: PhysicianRow, visitTypes: readonly { code: string; name: string }[]): Schedule {
  return {
    resourceType: "Schedule",
    id: row.id,
    meta: ownMeta(row.updatedAt),
    active: row.user.disabledAt === null,
    serviceType: visitTypes.map((visitType) => ({ coding: [{ system: `${clinicSystems().source}/CodeSystem/visit-type`, code: visitType.code, display: visitType.name }], text: visitType.name })),
    specialty: [{ text: row.specialty }],
    actor: [reference("Practitioner", row.id, row.user.name)],
    comment: `Video visits; hours kept in ${row.timeZone}.`,
  };
}

async function scanPhysicians(db: Database, scope: Scope, range: ScanRange) {
  return db.physician.findMany({ where: { AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit, select: PHYSICIAN_SELECT });
}

export const practitionerSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    return (await scanPhysicians(db, scope, range)).map((row) => ({ id: row.id, resource: toPractitioner(row), patientId: null, physicianId: row.id }));
  },
};

export const scheduleSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const [rows, visitTypes] = await Promise.all([
      scanPhysicians(db, scope, range),
      db.visitType.findMany({ where: { isActive: true }, orderBy: { durationMinutes: "asc" }, select: { code: true, name: true } }),
    ]);
    return rows.map((row) => ({ id: row.id, resource: toSchedule(row, visitTypes), patientId: null, physicianId: row.id }));
  },
};
