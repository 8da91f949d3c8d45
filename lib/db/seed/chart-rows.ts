import "server-only";
import { MedicationStatus } from "../generated/enums";
import { ALLERGENS } from "./catalog/allergies";
import type { ClinicalCourse, Encounter } from "./clinical-course";
import { dateOnly } from "./days";
import type { PatientProfile } from "./patients";
import type { Random } from "./random";
import type { SeedRows } from "./rows";
import { minutesAfter } from "../../scheduling/zoned-time";

// The chart lists: problems, allergies, prescriptions and the medication list,
// each row dated by the visit where it was recorded.

export interface VisitRecord {
  visitId: string;
  startedAt: Date;
  endedAt: Date;
}

type ChartRows = Pick<SeedRows, "problems" | "allergies" | "prescriptions" | "medications">;

export function chartRows(
  profile: PatientProfile,
  course: ClinicalCourse,
  visits: ReadonlyMap<Encounter, VisitRecord>,
  ids: Random,
): ChartRows {
  const visitOf = (encounter: Encounter) => {
    const visit = visits.get(encounter);
    if (!visit) throw new Error(`Encounter ${encounter.index} of ${profile.mrn} has no visit`);
    return visit;
  };
  const firstVisit = course.encounters[0] ? visits.get(course.encounters[0]) : undefined;
  const rows: ChartRows = { problems: [], allergies: [], prescriptions: [], medications: [] };

  for (const condition of course.conditions) {
    rows.problems.push({
      id: ids.uuid(),
      patientId: profile.id,
      icd10Code: condition.definition.icd10Code,
      description: condition.definition.description,
      status: condition.status,
      onsetDate: dateOnly(condition.onsetDay),
      resolvedDate: condition.resolvedDay === null ? null : dateOnly(condition.resolvedDay),
      recordedAt: minutesAfter(visitOf(condition.diagnosedAt).startedAt, 5),
    });
  }

  for (const allergy of course.allergies) {
    const allergen = ALLERGENS[allergy.allergen];
    rows.allergies.push({
      id: ids.uuid(),
      patientId: profile.id,
      substance: allergen.substance,
      rxnormCode: allergen.rxnormCode,
      drugClass: allergen.drugClass,
      reaction: allergy.reaction,
      severity: allergy.severity,
      recordedAt: firstVisit ? minutesAfter(firstVisit.startedAt, 3) : profile.registeredAt,
    });
  }

  for (const therapy of course.therapies) {
    const started = visitOf(therapy.startedAt);
    const stopped = therapy.stoppedAt ? visitOf(therapy.stoppedAt) : null;
    const { drug } = therapy;
    let prescriptionId: string | null = null;
    if (!drug.overTheCounter) {
      prescriptionId = ids.uuid();
      rows.prescriptions.push({
        id: prescriptionId,
        patientId: profile.id,
        prescriberId: profile.physician.id,
        visitId: started.visitId,
        rxnormCode: drug.rxnormCode,
        drugName: drug.name,
        dose: drug.dose,
        route: drug.route,
        frequency: drug.frequency,
        quantity: drug.quantity,
        refills: drug.refills,
        instructions: drug.instructions,
        status: therapy.status,
        prescribedAt: minutesAfter(started.endedAt, -2),
        discontinuedAt: stopped && therapy.status === MedicationStatus.DISCONTINUED ? minutesAfter(stopped.endedAt, -1) : null,
        discontinueReason: therapy.stopReason,
        acknowledgedAlerts: [],
      });
    }
    rows.medications.push({
      id: ids.uuid(),
      patientId: profile.id,
      prescriptionId,
      rxnormCode: drug.rxnormCode,
      name: drug.name,
      dose: drug.dose,
      route: drug.route,
      frequency: drug.frequency,
      status: therapy.status,
      startedOn: dateOnly(therapy.startedAt.day),
      endedOn: therapy.endDay === null ? null : dateOnly(therapy.endDay),
    });
  }
  return rows;
}
