import "server-only";
import type { ContactPoint, Patient } from "@medplum/fhirtypes";
import type { AdministrativeSex } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import type { Candidate, ScanRange, Scope, Source } from "../search/pager";
import { clinicSystems, SYSTEMS } from "../systems";
import { clinicReference, fhirDate, idConditions, idOrder, ownMeta } from "./common";

// Patient (US Core Patient): the clinic's MRN and any outside identifiers kept
// for matching, the legal name, administrative gender, birth date, and the
// contact details the clinic holds.

export const GENDER: Record<AdministrativeSex, NonNullable<Patient["gender"]>> = { FEMALE: "female", MALE: "male", OTHER: "other", UNKNOWN: "unknown" };

const PATIENT_SELECT = {
  id: true,
  mrn: true,
  givenName: true,
  familyName: true,
  dateOfBirth: true,
  sex: true,
  email: true,
  phone: true,
  updatedAt: true,
  identifiers: { select: { system: true, value: true }, orderBy: { id: "asc" } },
} as const;

type PatientRow = {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: Date;
  sex: AdministrativeSex;
  email: string | null;
  phone: string | null;
  updatedAt: Date;
  identifiers: { system: string; value: string }[];
};

export function toPatient(row: PatientRow): Patient {
  const telecom: ContactPoint[] = [
    ...(row.phone ? [{ system: "phone" as const, value: row.phone, use: "mobile" as const }] : []),
    ...(row.email ? [{ system: "email" as const, value: row.email }] : []),
  ];
  return {
    resourceType: "Patient",
    id: row.id,
    meta: ownMeta(row.updatedAt, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"),
    identifier: [
      {
        use: "usual",
        type: { coding: [{ system: SYSTEMS.identifierType, code: "MR", display: "Medical record number" }], text: "Medical record number" },
        system: clinicSystems().mrn,
        value: row.mrn,
        assigner: clinicReference(),
      },
      ...row.identifiers.map((identifier) => ({ system: identifier.system, value: identifier.value })),
    ],
    active: true,
    name: [{ use: "official", family: row.familyName, given: [row.givenName], text: `${row.givenName} ${row.familyName}` }],
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: GENDER[row.sex],
    birthDate: fhirDate(row.dateOfBirth),
    managingOrganization: clinicReference(),
  };
}

export const patientSource: Source = {
  async scan(db: Database, scope: Scope, range: ScanRange): Promise<Candidate[]> {
    const rows = await db.patient.findMany({
      where: { AND: [...idConditions(scope, range), ...(scope.patientIds ? [{ id: { in: scope.patientIds } }] : [])] },
      orderBy: idOrder(range),
      take: range.limit,
      select: PATIENT_SELECT,
    });
    return rows.map((row) => ({ id: row.id, resource: toPatient(row), patientId: row.id }));
  },
};
