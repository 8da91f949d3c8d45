import { randomUUID } from "node:crypto";
import type pg from "pg";

// Rows written in plain SQL, for tests of what the database itself guarantees:
// no application code sits between them and the tables.

export const rowId = () => randomUUID();

/** Inserts one row (its keys are the columns) and returns its id. */
export async function insertRow(client: pg.Client, table: string, row: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(row);
  await client.query(
    `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
    Object.values(row),
  );
  return row.id as string;
}

export function insertUser(client: pg.Client, role: string): Promise<string> {
  return insertRow(client, "User", { id: rowId(), email: `${rowId()}@example.test`, name: "Test User", role, updatedAt: new Date() });
}

export interface SqlClinic {
  physicianId: string;
  patientId: string;
  visitTypeId: string;
  schedulerId: string;
}

/** A physician, a patient, a 30-minute visit type and a scheduler. */
export async function insertClinic(client: pg.Client): Promise<SqlClinic> {
  const physicianId = await insertRow(client, "Physician", {
    id: rowId(),
    userId: await insertUser(client, "PHYSICIAN"),
    specialty: "Family medicine",
    licenseNumber: "LIC-1",
    timeZone: "America/New_York",
    updatedAt: new Date(),
  });
  const patientId = await insertRow(client, "Patient", {
    id: rowId(),
    mrn: `MRN-${rowId()}`,
    givenName: "Pat",
    familyName: "Example",
    dateOfBirth: "1980-01-01",
    sex: "UNKNOWN",
    timeZone: "America/New_York",
    updatedAt: new Date(),
  });
  const visitTypeId = await insertRow(client, "VisitType", { id: rowId(), code: `T-${rowId()}`, name: "Standard", durationMinutes: 30 });
  const schedulerId = await insertUser(client, "SCHEDULER");
  return { physicianId, patientId, visitTypeId, schedulerId };
}

export function insertAppointment(client: pg.Client, clinic: SqlClinic, startsAt: string, endsAt: string, status = "BOOKED"): Promise<string> {
  return insertRow(client, "Appointment", {
    id: rowId(),
    patientId: clinic.patientId,
    physicianId: clinic.physicianId,
    visitTypeId: clinic.visitTypeId,
    bookedById: clinic.schedulerId,
    startsAt,
    endsAt,
    status,
    reason: "Follow-up",
    updatedAt: new Date(),
  });
}

/** A consultation note, draft or signed, on a completed visit of a new clinic. */
export async function insertNote(client: pg.Client, status: "DRAFT" | "SIGNED"): Promise<{ noteId: string; authorId: string }> {
  const clinic = await insertClinic(client);
  const appointmentId = await insertAppointment(client, clinic, "2030-02-01T14:00:00Z", "2030-02-01T14:30:00Z", "COMPLETED");
  const visitId = await insertRow(client, "Visit", { id: rowId(), appointmentId, roomName: `room-${rowId()}` });
  const authorId = await insertUser(client, "PHYSICIAN");
  const noteId = await insertRow(client, "ConsultationNote", {
    id: rowId(),
    visitId,
    authorId,
    status,
    subjective: "Cough for three days.",
    plan: "Fluids and rest.",
    signedAt: status === "SIGNED" ? new Date() : null,
    signedById: status === "SIGNED" ? authorId : null,
    updatedAt: new Date(),
  });
  return { noteId, authorId };
}
