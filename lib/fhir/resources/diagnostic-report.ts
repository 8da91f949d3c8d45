import "server-only";
import type { DiagnosticReport } from "@medplum/fhirtypes";
import { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
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

type PanelGroup = { id: string; patientId: string; panel: string; effectiveAt: Date; results: string[] };

/** Lab results grouped into panels as drawn, `where` choosing the results and `having` the groups. */
async function panelGroups(db: Database, where: Prisma.Sql, having: Prisma.Sql, orderAndLimit: Prisma.Sql): Promise<Candidate[]> {
  const groups = await db.$queryRaw<PanelGroup[]>`
    SELECT min(id) AS id, "patientId", panel, "effectiveAt", array_agg(id ORDER BY analyte, id) AS results
    FROM "LabResult"
    WHERE "importedResourceId" IS NULL AND panel <> ${VITALS_PANEL} ${where}
    GROUP BY "patientId", panel, "effectiveAt"
    HAVING true ${having}
    ${orderAndLimit}`;
  return groups.map((group) => ({ id: group.id, resource: toDiagnosticReport(group), patientId: group.patientId }));
}

/** Patients whose panels one export batch reads: each batch's query then stays on the patient index. */
const PATIENTS_PER_BATCH = 100;

export const diagnosticReportSource: Source = {
  // Search pages by report id (the first result's), which only the grouping
  // of every result in scope can give: fine for a patient, not for a clinic.
  async scan(db, scope, range): Promise<Candidate[]> {
    const patients = scope.patientIds ? Prisma.sql`AND "patientId" = ANY(${scope.patientIds}::text[])` : Prisma.empty;
    const ids = scope.ids ? Prisma.sql`AND min(id) = ANY(${scope.ids}::text[])` : Prisma.empty;
    const bound = range.from === null ? Prisma.empty : range.descending ? Prisma.sql`AND min(id) < ${range.from}` : Prisma.sql`AND min(id) > ${range.from}`;
    return panelGroups(db, patients, Prisma.sql`${ids} ${bound}`, Prisma.sql`ORDER BY min(id) ${range.descending ? Prisma.sql`DESC` : Prisma.sql`ASC`} LIMIT ${range.limit}`);
  },
  // Export reads the clinic a few patients at a time, so each batch costs
  // what its own patients' results cost and the whole export grows linearly.
  async *stream(db, scope) {
    let after = "";
    for (;;) {
      const patients = scope.patientIds
        ? [...scope.patientIds].sort().filter((id) => id > after).slice(0, PATIENTS_PER_BATCH)
        : (await db.patient.findMany({ where: { id: { gt: after } }, select: { id: true }, orderBy: { id: "asc" }, take: PATIENTS_PER_BATCH })).map((patient) => patient.id);
      if (patients.length === 0) return;
      yield await panelGroups(db, Prisma.sql`AND "patientId" = ANY(${patients}::text[])`, Prisma.empty, Prisma.sql`ORDER BY "patientId", min(id)`);
      after = patients[patients.length - 1]!;
    }
  },
};
