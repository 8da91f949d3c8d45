import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runtimeRoleProblems } from "./roles";
import { createScratchDatabase, type ScratchDatabase } from "./testing/scratch-database";
import { insertNote, insertRow, rowId } from "./testing/sql-rows";

// What the app's database role may not do, whatever code runs with it: these
// tests talk SQL on the app's own connection. On PostgreSQL that is a login
// role in clinic_runtime and the owner is another non-superuser login role,
// as in production.

let database: ScratchDatabase;
beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
});
afterAll(() => database.drop());

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Runs `work` on the app's connection. */
async function asRuntime<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(database.url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(database.migrationUrl);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function insertAuditEvent(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "AuditEvent" ("action", "resourceType", "resourceId", "outcome") VALUES ('chart.read', 'patient', $1, 'ALLOWED') RETURNING "id"`,
    [rowId()],
  );
  return rows[0]!.id;
}

const PERMISSION_DENIED = /permission denied/;
const OWNER_ONLY = /must be owner/;

describe("the app's database role", () => {
  it("is neither a superuser nor the tables' owner, while the migrating role is not fit to run the app", async () => {
    expect(await asRuntime((client) => runtimeRoleProblems(client))).toEqual([]);
    const ownerProblems = await asOwner((client) => runtimeRoleProblems(client));
    expect(ownerProblems.join("\n")).toMatch(/owns \(or can act as the owner of\) the tables/);
  });

  it("writes and reads audit events but cannot update, delete or truncate them", async () => {
    await asRuntime(async (client) => {
      const eventId = await insertAuditEvent(client);
      await expect(client.query(`UPDATE "AuditEvent" SET "outcome" = 'DENIED' WHERE "id" = $1`, [eventId])).rejects.toThrow(PERMISSION_DENIED);
      await expect(client.query(`DELETE FROM "AuditEvent" WHERE "id" = $1`, [eventId])).rejects.toThrow(PERMISSION_DENIED);
      await expect(client.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(PERMISSION_DENIED);
      const { rows } = await client.query(`SELECT "outcome" FROM "AuditEvent" WHERE "id" = $1`, [eventId]);
      expect(rows).toEqual([{ outcome: "ALLOWED" }]);
    });
  });

  it("cannot disable, drop or bypass the triggers that guard the audit trail and signed notes", async () => {
    await asRuntime(async (client) => {
      await expect(client.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`)).rejects.toThrow(OWNER_ONLY);
      await expect(client.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`)).rejects.toThrow(OWNER_ONLY);
      await expect(client.query(`DROP TRIGGER "AuditEvent_chain" ON "AuditEvent"`)).rejects.toThrow(OWNER_ONLY);
      await expect(client.query(`SET session_replication_role = replica`)).rejects.toThrow(PERMISSION_DENIED);
      await expect(
        client.query(`CREATE TRIGGER "sneaky" BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_chain"()`),
      ).rejects.toThrow(PERMISSION_DENIED);
      await expect(
        client.query(`CREATE OR REPLACE FUNCTION "refuse_change_to_append_only_table"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`),
      ).rejects.toThrow(/must be owner|permission denied/);
    });
  });

  it("cannot change or delete a signed note, even trying to switch its lock off first", async () => {
    await asRuntime(async (client) => {
      const { noteId } = await insertNote(client, "SIGNED");
      await expect(client.query(`ALTER TABLE "ConsultationNote" DISABLE TRIGGER "ConsultationNote_locked_when_signed"`)).rejects.toThrow(OWNER_ONLY);
      await expect(client.query(`UPDATE "ConsultationNote" SET "plan" = 'changed' WHERE "id" = $1`, [noteId])).rejects.toThrow(
        /is signed and cannot be changed/,
      );
      await expect(client.query(`UPDATE "ConsultationNote" SET "status" = 'DRAFT' WHERE "id" = $1`, [noteId])).rejects.toThrow(
        /is signed and cannot be changed/,
      );
      await expect(client.query(`DELETE FROM "ConsultationNote" WHERE "id" = $1`, [noteId])).rejects.toThrow(/is signed and cannot be changed/);
      const { rows } = await client.query(`SELECT "status", "plan" FROM "ConsultationNote" WHERE "id" = $1`, [noteId]);
      expect(rows).toEqual([{ status: "SIGNED", plan: "Fluids and rest." }]);
    });
  });

  it("changes no schema: no tables, temporary tables, functions or columns, and drops nothing", async () => {
    await asRuntime(async (client) => {
      await expect(client.query(`CREATE TABLE "Stash" ("id" TEXT)`)).rejects.toThrow(PERMISSION_DENIED);
      await expect(client.query(`CREATE TEMPORARY TABLE "Stash" ("id" TEXT)`)).rejects.toThrow(PERMISSION_DENIED);
      await expect(client.query(`CREATE FUNCTION "stash"() RETURNS int LANGUAGE sql AS 'SELECT 1'`)).rejects.toThrow(PERMISSION_DENIED);
      await expect(client.query(`ALTER TABLE "Patient" ADD COLUMN "nickname" TEXT`)).rejects.toThrow(OWNER_ONLY);
      await expect(client.query(`DROP TABLE "Job"`)).rejects.toThrow(OWNER_ONLY);
      await expect(client.query(`TRUNCATE "Job"`)).rejects.toThrow(PERMISSION_DENIED);
      await expect(client.query(`SELECT setval('"AuditEvent_id_seq"', 1)`)).rejects.toThrow(PERMISSION_DENIED);
    });
  });

  it("reads the migration history but cannot rewrite it", async () => {
    await asRuntime(async (client) => {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(rows[0]!.n).toBeGreaterThan(0);
      await expect(client.query(`DELETE FROM "_prisma_migrations"`)).rejects.toThrow(PERMISSION_DENIED);
      await expect(client.query(`UPDATE "_prisma_migrations" SET "checksum" = 'x'`)).rejects.toThrow(PERMISSION_DENIED);
    });
  });

  it("may read, add, change and remove the data of every other table, including tables later migrations add", async () => {
    // A later migration, run as the owner like every migration.
    await asOwner((client) => client.query(`CREATE TABLE "LaterTable" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL)`));
    await asRuntime(async (client) => {
      const { rows } = await client.query<{ id: number }>(`INSERT INTO "LaterTable" ("name") VALUES ('first') RETURNING "id"`);
      await client.query(`UPDATE "LaterTable" SET "name" = 'renamed' WHERE "id" = $1`, [rows[0]!.id]);
      expect((await client.query(`SELECT "name" FROM "LaterTable"`)).rows).toEqual([{ name: "renamed" }]);
      await client.query(`DELETE FROM "LaterTable"`);

      const visitTypeId = await insertRow(client, "VisitType", { id: rowId(), code: `T-${rowId()}`, name: "Short", durationMinutes: 15 });
      await client.query(`UPDATE "VisitType" SET "isActive" = false WHERE "id" = $1`, [visitTypeId]);
      await client.query(`DELETE FROM "VisitType" WHERE "id" = $1`, [visitTypeId]);
    });
  });
});
