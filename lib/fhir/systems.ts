// The code systems, identifier systems and fixed values the FHIR API speaks.
// Pure (no server-only): the mappers, the importer and their unit tests share it.

export const FHIR_JSON = "application/fhir+json";
export const FHIR_VERSION = "4.0.1";

export const SYSTEMS = {
  loinc: "http://loinc.org",
  icd10cm: "http://hl7.org/fhir/sid/icd-10-cm",
  rxnorm: "http://www.nlm.nih.gov/research/umls/rxnorm",
  snomed: "http://snomed.info/sct",
  ucum: "http://unitsofmeasure.org",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  conditionCategory: "http://terminology.hl7.org/CodeSystem/condition-category",
  conditionClinical: "http://terminology.hl7.org/CodeSystem/condition-clinical",
  conditionVerification: "http://terminology.hl7.org/CodeSystem/condition-ver-status",
  allergyClinical: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
  allergyVerification: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
  interpretation: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
  identifierType: "http://terminology.hl7.org/CodeSystem/v2-0203",
  participationType: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
  provenanceParticipant: "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
  diagnosticServiceSection: "http://terminology.hl7.org/CodeSystem/v2-0074",
  usCoreDocumentCategory: "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
} as const;

/** Names people read for the code systems the chart shows; anything else is shown as its URI. */
export const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  [SYSTEMS.loinc]: "LOINC",
  [SYSTEMS.icd10cm]: "ICD-10-CM",
  [SYSTEMS.rxnorm]: "RxNorm",
  [SYSTEMS.snomed]: "SNOMED CT",
  [SYSTEMS.ucum]: "UCUM",
};

/** The base every identifier and meta.source of this clinic hangs off: the app's public address. */
export function clinicBaseUrl(): string {
  return (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

/** The clinic's own identifier systems: its medical record numbers, its physicians' licences, itself. */
export function clinicSystems() {
  const base = clinicBaseUrl();
  return {
    mrn: `${base}/fhir/sid/mrn`,
    license: `${base}/fhir/sid/license`,
    organization: `${base}/fhir/sid/organization`,
    appointment: `${base}/fhir/sid/appointment`,
    /** meta.source of every resource the clinic itself records. */
    source: `${base}/fhir/R4`,
  };
}

/** The clinic as a FHIR Organization: it has no row of its own. */
export const CLINIC_ORGANIZATION_ID = "clinic";
export const CLINIC_NAME = process.env.CLINIC_NAME ?? "Telemedicine Clinic";

/** The FHIR resource types the API serves, in the order the CapabilityStatement lists them. */
export const SERVED_TYPES = [
  "Patient",
  "Practitioner",
  "Organization",
  "Encounter",
  "Condition",
  "AllergyIntolerance",
  "MedicationRequest",
  "Observation",
  "DiagnosticReport",
  "ImagingStudy",
  "DocumentReference",
  "Provenance",
  "Appointment",
  "Schedule",
  "Slot",
] as const;

export type ServedType = (typeof SERVED_TYPES)[number];

export function isServedType(type: string): type is ServedType {
  return (SERVED_TYPES as readonly string[]).includes(type);
}

/** A FHIR id: 1–64 of letters, digits, "-" and ".". */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
