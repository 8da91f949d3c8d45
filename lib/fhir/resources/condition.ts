import "server-only";
import type { Condition } from "@medplum/fhirtypes";
import type { ProblemStatus } from "@/lib/db/generated/enums";
import type { Candidate, Source } from "../search/pager";
import { SYSTEMS } from "../systems";
import { concept, fhirDate, idConditions, idOrder, ownMeta, patientCondition, reference } from "./common";

// Condition (US Core Condition Problems and Health Concerns): each problem on
// the problem list, coded in ICD-10-CM.

const CLINICAL_STATUS: Record<ProblemStatus, string> = { ACTIVE: "active", RESOLVED: "resolved", INACTIVE: "inactive" };

export function toCondition(row: {
  id: string;
  patientId: string;
  icd10Code: string;
  description: string;
  status: ProblemStatus;
  onsetDate: Date | null;
  resolvedDate: Date | null;
  recordedAt: Date;
}): Condition {
  return {
    resourceType: "Condition",
    id: row.id,
    meta: ownMeta(row.recordedAt, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition-problems-health-concerns"),
    clinicalStatus: concept(SYSTEMS.conditionClinical, CLINICAL_STATUS[row.status]),
    verificationStatus: concept(SYSTEMS.conditionVerification, "confirmed"),
    category: [concept(SYSTEMS.conditionCategory, "problem-list-item", "Problem List Item")],
    code: concept(SYSTEMS.icd10cm, row.icd10Code, row.description),
    subject: reference("Patient", row.patientId),
    ...(row.onsetDate ? { onsetDateTime: fhirDate(row.onsetDate) } : {}),
    ...(row.resolvedDate ? { abatementDateTime: fhirDate(row.resolvedDate) } : {}),
    recordedDate: row.recordedAt.toISOString(),
  };
}

export const conditionSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.problem.findMany({
      where: { importedResourceId: null, ...patientCondition(scope), AND: idConditions(scope, range) },
      orderBy: idOrder(range),
      take: range.limit,
    });
    return rows.map((row) => ({ id: row.id, resource: toCondition(row), patientId: row.patientId }));
  },
};
