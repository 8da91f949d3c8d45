import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

// The database itself refuses double bookings, edits to signed notes and edits
// to the audit trail. These tests talk SQL directly so that no application code
// can be what makes them pass.

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(() => client.connect());
afterAll(() => client.end());

const id = () => randomUUID();

async function insert(table: string, row: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(row);
  const values = Object.values(row);
  await client.query(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
    values,
  );
  return row.id as string;
}

async function createUser(role: string): Promise<string> {
  return insert("User", { id: id(), email: `${id()}@example.test`, name: "Test User", role, updatedAt: new Date() });
}

async function createClinic() {
  const physicianId = await insert("Physician", {
    id: id(),
    userId: await createUser("PHYSICIAN"),
    specialty: "Family medicine",
    licenseNumber: "LIC-1",
    timeZone: "America/New_York",
    updatedAt: new Date(),
  });
  const patientId = await insert("Patient", {
    id: id(),
    mrn: `MRN-${id()}`,
    givenName: "Pat",
    familyName: "Example",
    dateOfBirth: "1980-01-01",
    sex: "UNKNOWN",
    timeZone: "America/New_York",
    updatedAt: new Date(),
  });
  const visitTypeId = await insert("VisitType", { id: id(), code: `T-${id()}`, name: "Standard", durationMinutes: 30 });
  const schedulerId = await createUser("SCHEDULER");
  return { physicianId, patientId, visitTypeId, schedulerId };
}

type Clinic = Awaited<ReturnType<typeof createClinic>>;

function book(clinic: Clinic, startsAt: string, endsAt: string, status = "BOOKED"): Promise<string> {
  return insert("Appointment", {
    id: id(),
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

describe("no two active appointments of one physician overlap", () => {
  it("refuses an overlapping booking with an exclusion violation", async () => {
    const clinic = await createClinic();
    await book(clinic, "2030-01-07T14:00:00Z", "2030-01-07T14:30:00Z");
    await expect(book(clinic, "2030-01-07T14:15:00Z", "2030-01-07T14:45:00Z")).rejects.toMatchObject({
      code: "23P01",
      constraint: "Appointment_physician_no_overlap",
    });
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Appointment" WHERE "physicianId" = $1`, [
      clinic.physicianId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it("lets back-to-back visits touch, and other physicians book the same time", async () => {
    const clinic = await createClinic();
    const other = await createClinic();
    await book(clinic, "2030-01-07T14:00:00Z", "2030-01-07T14:30:00Z");
    await expect(book(clinic, "2030-01-07T14:30:00Z", "2030-01-07T15:00:00Z")).resolves.toBeTruthy();
    await expect(book(other, "2030-01-07T14:00:00Z", "2030-01-07T14:30:00Z")).resolves.toBeTruthy();
  });

  it("frees the time of a cancelled or no-show appointment", async () => {
    const clinic = await createClinic();
    const cancelled = await book(clinic, "2030-01-08T14:00:00Z", "2030-01-08T14:30:00Z");
    await client.query(`UPDATE "Appointment" SET status = 'CANCELLED' WHERE id = $1`, [cancelled]);
    await book(clinic, "2030-01-08T14:00:00Z", "2030-01-08T14:30:00Z", "NO_SHOW");
    await expect(book(clinic, "2030-01-08T14:00:00Z", "2030-01-08T14:30:00Z")).resolves.toBeTruthy();
  });

  it("refuses an appointment that ends before it starts", async () => {
    const clinic = await createClinic();
    await expect(book(clinic, "2030-01-09T15:00:00Z", "2030-01-09T14:00:00Z")).rejects.toMatchObject({
      code: "23514",
      constraint: "Appointment_ends_after_start",
    });
  });
});

describe("a signed consultation note is locked", () => {
  async function createNote(status: "DRAFT" | "SIGNED") {
    const clinic = await createClinic();
    const appointmentId = await book(clinic, "2030-02-01T14:00:00Z", "2030-02-01T14:30:00Z", "COMPLETED");
    const visitId = await insert("Visit", { id: id(), appointmentId, roomName: `room-${id()}` });
    const authorId = await createUser("PHYSICIAN");
    const noteId = await insert("ConsultationNote", {
      id: id(),
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

  it("lets a draft be edited and then signed", async () => {
    const { noteId, authorId } = await createNote("DRAFT");
    await client.query(`UPDATE "ConsultationNote" SET plan = 'Fluids, rest, review in a week.', version = version + 1 WHERE id = $1`, [noteId]);
    await client.query(
      `UPDATE "ConsultationNote" SET status = 'SIGNED', "signedAt" = now(), "signedById" = $2 WHERE id = $1`,
      [noteId, authorId],
    );
    const { rows } = await client.query(`SELECT status, plan FROM "ConsultationNote" WHERE id = $1`, [noteId]);
    expect(rows[0]).toEqual({ status: "SIGNED", plan: "Fluids, rest, review in a week." });
  });

  it("refuses any update or delete of a signed note and leaves it unchanged", async () => {
    const { noteId } = await createNote("SIGNED");
    await expect(client.query(`UPDATE "ConsultationNote" SET plan = 'changed' WHERE id = $1`, [noteId])).rejects.toThrow(
      /is signed and cannot be changed/,
    );
    await expect(client.query(`UPDATE "ConsultationNote" SET status = 'DRAFT' WHERE id = $1`, [noteId])).rejects.toThrow(
      /is signed and cannot be changed/,
    );
    await expect(client.query(`DELETE FROM "ConsultationNote" WHERE id = $1`, [noteId])).rejects.toThrow(
      /is signed and cannot be changed/,
    );
    const { rows } = await client.query(`SELECT status, plan FROM "ConsultationNote" WHERE id = $1`, [noteId]);
    expect(rows[0]).toEqual({ status: "SIGNED", plan: "Fluids and rest." });
  });

  it("accepts an addendum but never a change to one", async () => {
    const { noteId, authorId } = await createNote("SIGNED");
    const addendumId = await insert("NoteAddendum", { id: id(), noteId, authorId, body: "Allergy list reviewed." });
    await expect(client.query(`UPDATE "NoteAddendum" SET body = 'x' WHERE id = $1`, [addendumId])).rejects.toThrow(
      /append-only/,
    );
    await expect(client.query(`DELETE FROM "NoteAddendum" WHERE id = $1`, [addendumId])).rejects.toThrow(/append-only/);
  });
});

describe("the audit trail is append-only", () => {
  // The app's role may not even try (lib/db/roles.int.test.ts); the trigger
  // refuses the tables' owner too, unless it is deliberately disabled.
  const owner = new pg.Client({ connectionString: inject("migrationDatabaseUrl") });
  beforeAll(() => owner.connect());
  afterAll(() => owner.end());

  it("refuses update, delete and truncate, even by the owner, and keeps the row as written", async () => {
    const resourceId = id();
    const { rows } = await client.query(
      `INSERT INTO "AuditEvent" ("action", "resourceType", "resourceId", "outcome") VALUES ('chart.read', 'Patient', $1, 'ALLOWED') RETURNING id`,
      [resourceId],
    );
    const auditId = rows[0].id;
    await expect(owner.query(`UPDATE "AuditEvent" SET outcome = 'DENIED' WHERE id = $1`, [auditId])).rejects.toThrow(
      /AuditEvent is append-only: UPDATE is not allowed/,
    );
    await expect(owner.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [auditId])).rejects.toThrow(
      /AuditEvent is append-only: DELETE is not allowed/,
    );
    await expect(owner.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/AuditEvent is append-only: TRUNCATE is not allowed/);
    const after = await client.query(`SELECT outcome, "resourceId" FROM "AuditEvent" WHERE id = $1`, [auditId]);
    expect(after.rows).toEqual([{ outcome: "ALLOWED", resourceId }]);
  });
});
