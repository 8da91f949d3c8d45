import type { Database } from "@/lib/db/prisma";
import { DEMO_INTAKE_QUESTIONS } from "@/lib/db/seed/intake-questionnaire";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { createTestVisit } from "@/lib/visits/testing/visits";

// For intake integration tests: a video visit whose visit type asks the demo
// clinic's questions, and whose patient takes one medication.

export async function createIntakeVisit(db: Database, options: Parameters<typeof createTestVisit>[1] = {}) {
  // Not checked in: the intake is part of the check-in, answered before it is complete.
  const visit = await createTestVisit(db, { checkedIn: false, ...options });
  const admin = await createTestStaff(db, "ADMIN");
  const { visitTypeId } = await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId }, select: { visitTypeId: true } });
  const publishedById = admin.actor.kind === "user" ? admin.actor.userId : "";
  const questionnaire = await db.intakeQuestionnaire.create({
    data: { visitTypeId, version: 1, questions: DEMO_INTAKE_QUESTIONS, publishedById },
  });
  const medication = await db.medication.create({
    data: {
      patientId: visit.patient.patientId,
      rxnormCode: "860975",
      name: "Metformin",
      dose: "500 mg",
      route: "oral",
      frequency: "twice daily",
      startedOn: new Date("2025-01-10"),
    },
  });
  return { ...visit, admin, visitTypeId, questionnaireId: questionnaire.id, medicationId: medication.id };
}
