import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { insertAppointment, insertClinic, insertNote, insertRow, rowId, type SqlClinic } from "./testing/sql-rows";

// The database itself refuses double bookings, edits to signed notes and edits
// to the audit trail. These tests talk SQL directly so that no application code
// can be what makes them pass.

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(() => client.connect());
afterAll(() => client.end());

const id = rowId;
const insert = (table: string, row: Record<string, unknown>) => insertRow(client, table, row);
const createClinic = () => insertClinic(client);
const book = (clinic: SqlClinic, startsAt: string, endsAt: string, status?: string) => insertAppointment(client, clinic, startsAt, endsAt, status);

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
  const createNote = (status: "DRAFT" | "SIGNED") => insertNote(client, status);

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
