import "server-only";
import type { Organization } from "@medplum/fhirtypes";
import type { Database } from "@/lib/db/prisma";
import type { Candidate, ScanRange, Scope, Source } from "../search/pager";
import { CLINIC_NAME, CLINIC_ORGANIZATION_ID, clinicSystems } from "../systems";
import { idConditions, idOrder, ownMeta } from "./common";

// Organization: the clinic itself (no row; id "clinic"), then the sources of
// imported records (hospitals, laboratories, other clinics), each a row.

/** When the clinic's own details last changed: they come from the deployment, so its start. */
const CLINIC_SINCE = new Date("2026-01-01T00:00:00Z");

export function clinicOrganization(): Organization {
  return {
    resourceType: "Organization",
    id: CLINIC_ORGANIZATION_ID,
    meta: ownMeta(CLINIC_SINCE, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-organization"),
    identifier: [{ system: clinicSystems().organization, value: CLINIC_ORGANIZATION_ID }],
    active: true,
    type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/organization-type", code: "prov", display: "Healthcare Provider" }] }],
    name: CLINIC_NAME,
  };
}

export function toOrganization(row: { id: string; name: string; identifierSystem: string | null; identifierValue: string | null; createdAt: Date }): Organization {
  return {
    resourceType: "Organization",
    id: row.id,
    meta: ownMeta(row.createdAt),
    ...(row.identifierSystem && row.identifierValue ? { identifier: [{ system: row.identifierSystem, value: row.identifierValue }] } : {}),
    active: true,
    name: row.name,
  };
}

/** The clinic: a source of one resource, whose id sorts before every cuid. */
export const clinicOrganizationSource: Source = {
  async scan(_db: Database, scope: Scope, range: ScanRange): Promise<Candidate[]> {
    const wanted = scope.ids === null || scope.ids.includes(CLINIC_ORGANIZATION_ID);
    const inRange = range.from === null || (range.descending ? CLINIC_ORGANIZATION_ID < range.from : CLINIC_ORGANIZATION_ID > range.from);
    return wanted && inRange ? [{ id: CLINIC_ORGANIZATION_ID, resource: clinicOrganization(), patientId: null }] : [];
  },
};

export const sourceOrganizationSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.organization.findMany({ where: { AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit });
    return rows.map((row) => ({ id: row.id, resource: toOrganization(row), patientId: null }));
  },
};
