import "server-only";
import type { Prisma } from "../generated/client";

// The rows a seed step produces, table by table, in an order that satisfies
// every foreign key when inserted front to back.

export interface SeedRows {
  users: Prisma.UserCreateManyInput[];
  consentVersions: Prisma.ConsentVersionCreateManyInput[];
  physicians: Prisma.PhysicianCreateManyInput[];
  physicianLicenses: Prisma.PhysicianLicenseCreateManyInput[];
  availabilityWindows: Prisma.AvailabilityWindowCreateManyInput[];
  availabilityOverrides: Prisma.AvailabilityOverrideCreateManyInput[];
  visitTypes: Prisma.VisitTypeCreateManyInput[];
  physicianVisitTypes: Prisma.PhysicianVisitTypeCreateManyInput[];
  intakeQuestionnaires: Prisma.IntakeQuestionnaireCreateManyInput[];
  patients: Prisma.PatientCreateManyInput[];
  screeningRecords: Prisma.ScreeningRecordCreateManyInput[];
  problems: Prisma.ProblemCreateManyInput[];
  allergies: Prisma.AllergyCreateManyInput[];
  appointments: Prisma.AppointmentCreateManyInput[];
  visits: Prisma.VisitCreateManyInput[];
  consultationNotes: Prisma.ConsultationNoteCreateManyInput[];
  noteAddenda: Prisma.NoteAddendumCreateManyInput[];
  prescriptions: Prisma.PrescriptionCreateManyInput[];
  medications: Prisma.MedicationCreateManyInput[];
  labResults: Prisma.LabResultCreateManyInput[];
}

export type SeedTable = keyof SeedRows;

export const INSERT_ORDER = [
  "users",
  "consentVersions",
  "physicians",
  "physicianLicenses",
  "availabilityWindows",
  "availabilityOverrides",
  "visitTypes",
  "physicianVisitTypes",
  "intakeQuestionnaires",
  "patients",
  "screeningRecords",
  "problems",
  "allergies",
  "appointments",
  "visits",
  "consultationNotes",
  "noteAddenda",
  "prescriptions",
  "medications",
  "labResults",
] as const satisfies readonly SeedTable[];

export function emptyRows(): SeedRows {
  return {
    users: [],
    consentVersions: [],
    physicians: [],
    physicianLicenses: [],
    availabilityWindows: [],
    availabilityOverrides: [],
    visitTypes: [],
    physicianVisitTypes: [],
    intakeQuestionnaires: [],
    patients: [],
    screeningRecords: [],
    problems: [],
    allergies: [],
    appointments: [],
    visits: [],
    consultationNotes: [],
    noteAddenda: [],
    prescriptions: [],
    medications: [],
    labResults: [],
  };
}

/** Moves every row of `from` onto the end of `into`. */
export function appendRows(into: SeedRows, from: SeedRows): void {
  for (const table of INSERT_ORDER) {
    const target = into[table] as unknown[];
    for (const row of from[table]) target.push(row);
  }
}
