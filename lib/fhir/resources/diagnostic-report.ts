import "server-only";
import type { DiagnosticReport } from "@medplum/fhirtypes";
import { Prisma } from "@/lib/db/generated/client";
import type { Candidate, Source } from "../search/pager";
import { SYSTEMS } from "../systems";
import { clinicReference, concept, ownMeta, reference } from "./common";
import { VITALS_PANEL } from "./observation";

// DiagnosticReport (US Core Laboratory Result Report): each lab panel as drawn
// (a patient's results of one panel at one instant), referencing its results.
// A panel has no row of its own: the report takes the id of its first result.

const PANEL_CODES: Readonly<Record<string, { code: string; display: string }>> = {
  CBC: { code: "58410-2", display: "CBC panel - Blood by Automated count" },
  BMP: { code: "51990-0", display: "Basic metabolic panel - Blood" },
  "Lipid panel": { code: "57698-3", display: "Lipid panel with direct LDL - Serum or Plasma" },
  HbA1c: { code: "4548-4", display: "Hemoglobin A1c/Hemoglobin.total in Blood" },
  TSH: { code: "3016-3", display: "Thyrotropin [Units/volume] in Serum or Plasma" },
};

export function toDiagnosticReport(group: { id: string; patientId: string; panel: string; effectiveAt: Date; results: string[] }): DiagnosticReport {
  const coded = PANEL_CODES[group.panel];
  return {
    resourceType: "DiagnosticReport",
    id: group.id,
    meta: ownMeta(group.effectiveAt, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-lab"),
    status: "final",
    category: [concept(SYSTEMS.diagnosticServiceSection, "LAB", "Laboratory")],
    code: coded ? concept(SYSTEMS.loinc, coded.code, coded.display, group.panel) : { text: group.panel },
    subject: reference("Patient", group.patientId),
    effectiveDateTime: group.effectiveAt.toISOString(),
    issued: group.effectiveAt.toISOString(),
    performer: [clinicReference()],
    result: group.results.map((id) => reference("Observation", id)),
  };
}

export const diagnosticReportSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const patients = scope.patientIds ? Prisma.sql`AND "patientId" = ANY(${scope.patientIds}::text[])` : Prisma.empty;
    const ids = scope.ids ? Prisma.sql`AND min(id) = ANY(${scope.ids}::text[])` : Prisma.empty;
    const bound = range.from === null ? Prisma.empty : range.descending ? Prisma.sql`AND min(id) < ${range.from}` : Prisma.sql`AND min(id) > ${range.from}`;
    const groups = await db.$queryRaw<Array<{ id: string; patientId: string; panel: string; effectiveAt: Date; results: string[] }>>`
      SELECT min(id) AS id, "patientId", panel, "effectiveAt", array_agg(id ORDER BY analyte, id) AS results
      FROM "LabResult"
      WHERE "importedResourceId" IS NULL AND panel <> ${VITALS_PANEL} ${patients}
      GROUP BY "patientId", panel, "effectiveAt"
      HAVING true ${ids} ${bound}
      ORDER BY min(id) ${range.descending ? Prisma.sql`DESC` : Prisma.sql`ASC`}
      LIMIT ${range.limit}`;
    return groups.map((group) => ({ id: group.id, resource: toDiagnosticReport(group), patientId: group.patientId }));
  },
};
