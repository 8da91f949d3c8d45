import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase } from "@/lib/db/migrate";
import { migrationsBefore } from "@/lib/db/testing/migrations";
import { createScratchDatabase } from "@/lib/db/testing/scratch-database";

// The database keeps each appointment's buffer free by itself: these tests
// talk SQL directly, as any code path or tool might, so no application code can
// be what makes them pass.

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(() => client.connect());
afterAll(() => client.end());

const id = () => randomUUID();

async function insert(db: pg.Client, table: string, row: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(row);
  await db.query(
    `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
    Object.values(row),
  );
  return row.id as string;
}

async function createClinic(db: pg.Client, bufferMinutes: number) {
  const userId = await insert(db, "User", { id: id(), email: `${id()}@example.test`, name: "Dr. Buffer", role: "PHYSICIAN", updatedAt: new Date() });
  const physicianId = await insert(db, "Physician", {
    id: id(),
    userId,
    specialty: "Family medicine",
    licenseNumber: "LIC-1",
    timeZone: "UTC",
    updatedAt: new Date(),
  });
  const patientId = await insert(db, "Patient", {
    id: id(),
    mrn: `B-${id()}`,
    givenName: "Bo",
    familyName: "Buffer",
    dateOfBirth: "1980-01-01",
    sex: "UNKNOWN",
    timeZone: "UTC",
    updatedAt: new Date(),
  });
  const visitTypeId = await insert(db, "VisitType", { id: id(), code: `B-${id()}`, name: "Standard", durationMinutes: 30, bufferMinutes });
  const book = (startsAt: string, endsAt: string, status = "BOOKED") =>
    insert(db, "Appointment", {
      id: id(),
      patientId,
      physicianId,
      visitTypeId,
      bookedById: userId,
      startsAt,
      endsAt,
      status,
      reason: "Follow-up",
      updatedAt: new Date(),
    });
  return { physicianId, visitTypeId, book };
}

const blockedUntilOf = async (db: pg.Client, appointmentId: string) =>
  ((await db.query(`SELECT "blockedUntil" FROM "Appointment" WHERE id = $1`, [appointmentId])).rows[0].blockedUntil as Date).toISOString();

describe("appointment buffers in the database", () => {
  it("fills in blockedUntil from the visit type's buffer when an insert leaves it out", async () => {
    const clinic = await createClinic(client, 10);
    const appointment = await clinic.book("2032-01-05T14:00:00Z", "2032-01-05T14:30:00Z");
    expect(await blockedUntilOf(client, appointment)).toBe("2032-01-05T14:40:00.000Z");
  });

  it("refuses a visit that starts inside another's buffer, or whose own buffer runs into the next visit", async () => {
    const clinic = await createClinic(client, 10);
    await clinic.book("2032-01-05T14:00:00Z", "2032-01-05T14:30:00Z");
    await expect(clinic.book("2032-01-05T14:35:00Z", "2032-01-05T15:05:00Z")).rejects.toMatchObject({
      code: "23P01",
      constraint: "Appointment_physician_no_overlap",
    });
    await expect(clinic.book("2032-01-05T13:25:00Z", "2032-01-05T13:55:00Z")).rejects.toMatchObject({
      code: "23P01",
      constraint: "Appointment_physician_no_overlap",
    });
    await expect(clinic.book("2032-01-05T14:40:00Z", "2032-01-05T15:10:00Z")).resolves.toBeTruthy();
    await expect(clinic.book("2032-01-05T13:20:00Z", "2032-01-05T13:50:00Z")).resolves.toBeTruthy();
  });

  it("lets a cancelled visit's buffer go", async () => {
    const clinic = await createClinic(client, 10);
    await clinic.book("2032-01-06T14:00:00Z", "2032-01-06T14:30:00Z", "CANCELLED");
    await expect(clinic.book("2032-01-06T14:30:00Z", "2032-01-06T15:00:00Z")).resolves.toBeTruthy();
  });

  it("moves blockedUntil with the end of the visit, and never lets it be cleared or come before the end", async () => {
    const clinic = await createClinic(client, 10);
    const appointment = await clinic.book("2032-01-07T14:00:00Z", "2032-01-07T14:30:00Z");
    await client.query(`UPDATE "Appointment" SET "endsAt" = '2032-01-07T14:45:00Z' WHERE id = $1`, [appointment]);
    expect(await blockedUntilOf(client, appointment)).toBe("2032-01-07T14:55:00.000Z");
    await client.query(`UPDATE "Appointment" SET "blockedUntil" = NULL WHERE id = $1`, [appointment]);
    expect(await blockedUntilOf(client, appointment)).toBe("2032-01-07T14:55:00.000Z");
    await expect(
      client.query(`UPDATE "Appointment" SET "blockedUntil" = '2032-01-07T14:40:00Z' WHERE id = $1`, [appointment]),
    ).rejects.toMatchObject({ code: "23514", constraint: "Appointment_blocked_until_after_end" });
  });
});

describe("the scheduling migration", () => {
  it("gives existing appointments their buffer, but only as much as is free before the physician's next visit", async () => {
    const database = await createScratchDatabase(inject("postgresServerUrl"));
    const earlier = await migrationsBefore("20261129060000_scheduling");
    const db = new pg.Client({ connectionString: database.migrationUrl });
    try {
      await migrateDatabase(database.migrationUrl, { migrationsDir: earlier.dir });
      await db.connect();
      const clinic = await createClinic(db, 10);
      // Booked back to back before buffers existed.
      const first = await clinic.book("2032-02-02T14:00:00Z", "2032-02-02T14:30:00Z");
      const second = await clinic.book("2032-02-02T14:35:00Z", "2032-02-02T15:05:00Z");
      const last = await clinic.book("2032-02-02T16:00:00Z", "2032-02-02T16:30:00Z");
      const cancelled = await clinic.book("2032-02-02T14:30:00Z", "2032-02-02T15:00:00Z", "CANCELLED");

      await migrateDatabase(database.migrationUrl);

      expect(await blockedUntilOf(db, first)).toBe("2032-02-02T14:35:00.000Z");
      expect(await blockedUntilOf(db, second)).toBe("2032-02-02T15:15:00.000Z");
      expect(await blockedUntilOf(db, last)).toBe("2032-02-02T16:40:00.000Z");
      expect(await blockedUntilOf(db, cancelled)).toBe("2032-02-02T15:10:00.000Z");
      await expect(clinic.book("2032-02-02T16:35:00Z", "2032-02-02T17:05:00Z")).rejects.toMatchObject({ code: "23P01" });
    } finally {
      await db.end().catch(() => {});
      await earlier.remove();
      await database.drop();
    }
  });
});
