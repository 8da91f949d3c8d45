import "server-only";
import type { MedicationRequest } from "@medplum/fhirtypes";
import type { MedicationStatus, PrescriptionStatus } from "@/lib/db/generated/enums";
import type { Candidate, Source } from "../search/pager";
import { SYSTEMS } from "../systems";
import { concept, fhirDate, idConditions, idOrder, latest, ownMeta, patientCondition, reference } from "./common";

// MedicationRequest (US Core): each prescription the clinic wrote (an order,
// with its discontinue reason), and each medication on the list that no
// prescription of ours stands for (a plan the patient reported).

const STATUS: Record<PrescriptionStatus | MedicationStatus, "active" | "completed" | "stopped"> = {
  ACTIVE: "active",
  COMPLETED: "completed",
  DISCONTINUED: "stopped",
};

const PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-medicationrequest";

export function prescriptionToMedicationRequest(row: {
  id: string;
  patientId: string;
  prescriberId: string;
  visitId: string | null;
  rxnormCode: string;
  drugName: string;
  dose: string;
  route: string;
  frequency: string;
  quantity: number;
  refills: number;
  instructions: string | null;
  status: PrescriptionStatus;
  prescribedAt: Date;
  discontinuedAt: Date | null;
  discontinueReason: string | null;
}): MedicationRequest {
  return {
    resourceType: "MedicationRequest",
    id: row.id,
    meta: ownMeta(latest(row.prescribedAt, row.discontinuedAt), PROFILE),
    status: STATUS[row.status],
    ...(row.discontinueReason ? { statusReason: { text: row.discontinueReason } } : {}),
    intent: "order",
    category: [concept("http://terminology.hl7.org/CodeSystem/medicationrequest-category", "outpatient", "Outpatient")],
    reportedBoolean: false,
    medicationCodeableConcept: concept(SYSTEMS.rxnorm, row.rxnormCode, row.drugName),
    subject: reference("Patient", row.patientId),
    ...(row.visitId ? { encounter: reference("Encounter", row.visitId) } : {}),
    authoredOn: row.prescribedAt.toISOString(),
    requester: reference("Practitioner", row.prescriberId),
    dosageInstruction: [{ text: [`${row.dose} ${row.route} ${row.frequency}`, row.instructions].filter(Boolean).join(". "), route: { text: row.route } }],
    dispenseRequest: { quantity: { value: row.quantity }, numberOfRepeatsAllowed: row.refills },
  };
}

export function medicationToMedicationRequest(row: {
  id: string;
  patientId: string;
  rxnormCode: string;
  name: string;
  dose: string;
  route: string;
  frequency: string;
  status: MedicationStatus;
  startedOn: Date;
  endedOn: Date | null;
}): MedicationRequest {
  return {
    resourceType: "MedicationRequest",
    id: row.id,
    meta: ownMeta(latest(row.startedOn, row.endedOn), PROFILE),
    status: STATUS[row.status],
    intent: "plan",
    reportedBoolean: true,
    medicationCodeableConcept: concept(SYSTEMS.rxnorm, row.rxnormCode, row.name),
    subject: reference("Patient", row.patientId),
    authoredOn: fhirDate(row.startedOn),
    dosageInstruction: [
      {
        text: `${row.dose} ${row.route} ${row.frequency}`,
        route: { text: row.route },
        timing: { repeat: { boundsPeriod: { start: fhirDate(row.startedOn), ...(row.endedOn ? { end: fhirDate(row.endedOn) } : {}) } } },
      },
    ],
  };
}

export const prescriptionSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.prescription.findMany({ where: { ...patientCondition(scope), AND: idConditions(scope, range) }, orderBy: idOrder(range), take: range.limit });
    return rows.map((row) => ({ id: row.id, resource: prescriptionToMedicationRequest(row), patientId: row.patientId }));
  },
};

export const reportedMedicationSource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const rows = await db.medication.findMany({
      where: { prescriptionId: null, importedResourceId: null, ...patientCondition(scope), AND: idConditions(scope, range) },
      orderBy: idOrder(range),
      take: range.limit,
    });
    return rows.map((row) => ({ id: row.id, resource: medicationToMedicationRequest(row), patientId: row.patientId }));
  },
};
