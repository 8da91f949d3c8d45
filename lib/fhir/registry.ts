import "server-only";
import type { Action } from "@/lib/auth/policy";
import { allergyIntoleranceSource } from "./resources/allergy-intolerance";
import { appointmentSource } from "./resources/appointment";
import { conditionSource } from "./resources/condition";
import { diagnosticReportSource } from "./resources/diagnostic-report";
import { addendumProvenanceSource, addendumSource, signedNoteSource, signingProvenanceSource } from "./resources/document-reference";
import { encounterSource } from "./resources/encounter";
import { imagingStudySource } from "./resources/imaging-study";
import { importedSource } from "./resources/imported";
import { prescriptionSource, reportedMedicationSource } from "./resources/medication-request";
import { observationSource } from "./resources/observation";
import { clinicOrganizationSource, sourceOrganizationSource } from "./resources/organization";
import { patientSource } from "./resources/patient";
import { practitionerSource, scheduleSource } from "./resources/practitioner";
import { slotSource } from "./resources/slot";
import type { SearchParamSpec } from "./search/params";
import type { Source } from "./search/pager";
import type { ServedType } from "./systems";

// What the API serves for each resource type: where its resources come from
// (the clinic's own records first, then imported outside records), the search
// parameters it supports, and the access policy's action for reading one.

export interface FhirType {
  type: ServedType;
  /** "patient": each resource is part of one patient's record; "physician": about a physician; "directory": neither. */
  compartment: "patient" | "physician" | "directory";
  /** The policy action a read is authorized as. */
  action: Action;
  searchParams: SearchParamSpec;
  /** The parameters naming the patient, which the query narrows by. */
  patientParams: readonly string[];
  sources: readonly Source[];
  /** Whether outside records of this type can be imported (and so are served). */
  importable: boolean;
}

const patientRefs = { patient: "reference", subject: "reference" } as const;

function clinical(type: ServedType, action: Action, searchParams: SearchParamSpec, own: readonly Source[], patientParams: readonly string[] = ["patient", "subject"]): FhirType {
  return { type, compartment: "patient", action, searchParams, patientParams, sources: [...own, importedSource(type)], importable: true };
}

export const FHIR_TYPES: Readonly<Record<ServedType, FhirType>> = {
  Patient: {
    type: "Patient",
    compartment: "patient",
    action: "patient.demographics.read",
    searchParams: { identifier: "token", name: "string", family: "string", given: "string", birthdate: "date", gender: "token" },
    patientParams: [],
    sources: [patientSource],
    importable: true,
  },
  Practitioner: {
    type: "Practitioner",
    compartment: "physician",
    action: "availability.read",
    searchParams: { identifier: "token", name: "string" },
    patientParams: [],
    sources: [practitionerSource, importedSource("Practitioner")],
    importable: true,
  },
  Organization: {
    type: "Organization",
    compartment: "directory",
    action: "availability.read",
    searchParams: { identifier: "token", name: "string" },
    patientParams: [],
    sources: [clinicOrganizationSource, sourceOrganizationSource],
    importable: true,
  },
  Encounter: clinical("Encounter", "chart.read", { ...patientRefs, date: "date", status: "token", class: "token" }, [encounterSource]),
  Condition: clinical("Condition", "chart.read", { ...patientRefs, category: "token", code: "token", "clinical-status": "token", "onset-date": "date" }, [conditionSource]),
  AllergyIntolerance: clinical("AllergyIntolerance", "chart.read", { patient: "reference", "clinical-status": "token", code: "token", date: "date" }, [allergyIntoleranceSource], ["patient"]),
  MedicationRequest: clinical("MedicationRequest", "chart.read", { ...patientRefs, status: "token", intent: "token", code: "token", authoredon: "date" }, [prescriptionSource, reportedMedicationSource]),
  Observation: clinical("Observation", "chart.read", { ...patientRefs, category: "token", code: "token", date: "date", status: "token" }, [observationSource]),
  DiagnosticReport: clinical("DiagnosticReport", "chart.read", { ...patientRefs, category: "token", code: "token", date: "date", status: "token" }, [diagnosticReportSource]),
  // From the DICOM archive; imaging.read, as the chart's Imaging tab.
  ImagingStudy: clinical("ImagingStudy", "imaging.read", { ...patientRefs }, [imagingStudySource]),
  DocumentReference: clinical("DocumentReference", "note.read", { ...patientRefs, category: "token", type: "token", date: "date", status: "token" }, [signedNoteSource, addendumSource]),
  Provenance: clinical("Provenance", "note.read", { patient: "reference", target: "reference" }, [signingProvenanceSource, addendumProvenanceSource], ["patient"]),
  Appointment: clinical("Appointment", "appointment.read", { patient: "reference", practitioner: "reference", actor: "reference", date: "date", status: "token", identifier: "token" }, [appointmentSource], ["patient"]),
  Schedule: { type: "Schedule", compartment: "physician", action: "availability.read", searchParams: { actor: "reference", active: "token" }, patientParams: [], sources: [scheduleSource], importable: false },
  Slot: { type: "Slot", compartment: "physician", action: "availability.read", searchParams: { schedule: "reference", start: "date", status: "token", "service-type": "token" }, patientParams: [], sources: [slotSource()], importable: false },
};
