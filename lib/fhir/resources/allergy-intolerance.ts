import "server-only";
import type { AllergyIntolerance } from "@medplum/fhirtypes";
import type { AllergySeverity } from "@/lib/db/generated/enums";
import type { Candidate, Source } from "../search/pager";
import { SYSTEMS } from "../systems";
import { concept, idConditions, idOrder, ownMeta, patientCondition, reference } from "./common";

// AllergyIntolerance (US Core): the substance (RxNorm-coded for drugs), the
// reaction and its severity; severe and life-threatening ones are high criticality.

const REACTION_SEVERITY: Record<AllergySeverity, "mild" | "moderate" | "severe"> = {
  MILD: "mild",
  MODERATE: "moderate",
  SEVERE: "severe",
  LIFE_THREATENING: "severe",
};

export function toAllergyIntolerance(row: {
  id: string;
  patientId: string;
  substance: string;
  rxnormCode: string | null;
  reaction: string;
  severity: AllergySeverity;
  recordedAt: Date;
  /** Set when a physician resolved it in the chart. */
  resolvedAt?: Date | null;
}): AllergyIntolerance {
  return {
    resourceType: "AllergyIntolerance",
    id: row.id,
    meta: ownMeta(row.recordedAt, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-allergyintolerance"),
    clinicalStatus: concept(SYSTEMS.allergyClinical, row.resolvedAt ? "resolved" : "active"),
    verificationStatus: concept(SYSTEMS.allergyVerification, "confirmed"),
    type: "allergy",
    ...(row.rxnormCode ? { category: ["medication" as const] } : {}),
    criticality: row.severity === "SEVERE" || row.severity === "LIFE_THREATENING" ? "high" : "low",
    code: row.rxnormCode ? concept(SYSTEMS.rxnorm, row.rxnormCode, row.substance) : { text: row.substance },
    patient: reference("Patient", row.patientId),
    recordedDate: row.recordedAt.toISOString(),
    reaction: [{ manifestation: [{ text: row.reaction }], severity: REACTION_SEVERITY[row.severity], ...(row.severity === "LIFE_THREATENING" ? { description: "Life-threatening" } : {}) }],
  };
}

export const allergyIntoleranceSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.allergy.findMany({
      where: { importedResourceId: null, ...patientCondition(scope), AND: idConditions(scope, range) },
      orderBy: idOrder(range),
      take: range.limit,
    });
    return rows.map((row) => ({ id: row.id, resource: toAllergyIntolerance(row), patientId: row.patientId }));
  },
};
