import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/prisma";
import { migrateDatabase } from "@/lib/db/migrate";
import { migrationsBefore } from "@/lib/db/testing/migrations";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/testing/scratch-database";
import { GENESIS_HASH, verifyAuditChain } from "./chain";
import { recordAudit, type AuditEntry } from "./record";

// The audit trail's hash chain, made by the database's trigger and checked by
// lib/audit/chain.ts from the rows alone. Each test has a database of its own,
// since some of them tamper with the trail as its owner.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function scratchDatabase(options: { migrate: boolean } = { migrate: true }): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(inject("postgresServerUrl"), options);
  cleanups.push(database.drop);
  return database;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

function prisma(url: string): Database {
  const db = createPrismaClient(url);
  cleanups.push(() => db.$disconnect());
  return db;
}

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actorId: `user-${n}`,
    actorRole: "PHYSICIAN",
    action: "chart.read",
    patientId: `patient-${n % 7}`,
    resourceType: "patient",
    resourceId: `patient-${n % 7}`,
    outcome: "ALLOWED",
    ip: "198.51.100.4",
    userAgent: "chain.int.test",
    ...overrides,
  };
}

/** Events as the app writes them, in batches, from several connections at once. */
async function writeEvents(database: ScratchDatabase, perConnection: number): Promise<number> {
  const connections = 4;
  const clients = Array.from({ length: connections }, () => prisma(database.url));
  await Promise.all(
    clients.map(async (db, c) => {
      for (let round = 0; round < perConnection / 10; round++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => recordAudit(db, entry(c * 1000 + round * 10 + i))));
      }
    }),
  );
  return connections * perConnection;
}

/** As the tables' owner, who can switch the append-only trigger off. */
async function asOwnerWithoutAppendOnly(database: ScratchDatabase, statement: string, values: unknown[]): Promise<void> {
  const owner = await connect(database.migrationUrl);
  await owner.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`);
  await owner.query(statement, values);
  await owner.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"`);
}

async function eventIds(client: pg.Client): Promise<Array<{ id: string; occurredAt: Date }>> {
  return (await client.query<{ id: string; occurredAt: Date }>(`SELECT "id", "occurredAt" FROM "AuditEvent" ORDER BY "id"`)).rows;
}

const runAuditVerify = promisify(execFile);

describe("the audit trail's hash chain", () => {
  it("links every event to the one before, in id order, when several connections write at once", async () => {
    const database = await scratchDatabase();
    const written = await writeEvents(database, 40);
    const client = await connect(database.url);

    const { rows } = await client.query<{ previousHash: Buffer; hash: Buffer }>(`SELECT "previousHash", "hash" FROM "AuditEvent" ORDER BY "id"`);
    expect(rows).toHaveLength(written);
    expect(rows[0]!.previousHash.equals(GENESIS_HASH)).toBe(true);
    rows.slice(1).forEach((row, i) => expect(row.previousHash.equals(rows[i]!.hash)).toBe(true));
    expect(await verifyAuditChain(client, { pageSize: 7 })).toMatchObject({ intact: written, broken: null });
  });

  it("hashes the fields the same way in the database and in the verifier, whatever they hold", async () => {
    const database = await scratchDatabase();
    const db = prisma(database.url);
    await recordAudit(db, entry(1, { reason: "", ip: null, userAgent: null, breakGlass: true }));
    await recordAudit(db, entry(2, { reason: "Notfall: Patientin bewusstlos ✚ 救急 👩🏽‍⚕️", userAgent: "line\nbreak\t'quoted' \"double\" \\" }));
    await recordAudit(db, entry(3, { actorId: null, actorRole: null, patientId: null, resourceId: "N", reason: "S1:x" }));

    expect(await verifyAuditChain(await connect(database.url))).toMatchObject({ intact: 3, broken: null });
  });

  it("names the first event the owner changed, by id and time", async () => {
    const database = await scratchDatabase();
    await writeEvents(database, 20);
    const client = await connect(database.url);
    const events = await eventIds(client);
    const changed = events[12]!;

    await asOwnerWithoutAppendOnly(database, `UPDATE "AuditEvent" SET "outcome" = 'DENIED' WHERE "id" = $1`, [changed.id]);

    expect(await verifyAuditChain(client, { pageSize: 5 })).toEqual({
      intact: 12,
      head: expect.objectContaining({ id: events[11]!.id }),
      broken: { id: changed.id, occurredAt: changed.occurredAt, problem: "altered" },
    });
  });

  it("names the event after one the owner removed, and after one whose hash the owner recomputed", async () => {
    const database = await scratchDatabase();
    await writeEvents(database, 20);
    const client = await connect(database.url);
    const events = await eventIds(client);

    // A careful tamperer recomputes the changed event's own hash with the database's function.
    const coveredUp = events[15]!.id;
    await asOwnerWithoutAppendOnly(database, `UPDATE "AuditEvent" SET "reason" = 'covered up' WHERE "id" = $1`, [coveredUp]);
    await asOwnerWithoutAppendOnly(
      database,
      `UPDATE "AuditEvent" e SET "hash" = sha256(e."previousHash" || "audit_event_chain_input"(e)) WHERE "id" = $1`,
      [coveredUp],
    );
    expect((await verifyAuditChain(client)).broken).toEqual({ id: events[16]!.id, occurredAt: events[16]!.occurredAt, problem: "unlinked" });

    await asOwnerWithoutAppendOnly(database, `DELETE FROM "AuditEvent" WHERE "id" = $1`, [events[4]!.id]);
    expect((await verifyAuditChain(client)).broken).toEqual({ id: events[5]!.id, occurredAt: events[5]!.occurredAt, problem: "unlinked" });
  });

  it("`npm run audit:verify` reports an intact trail, then the first broken link, as the owner", async () => {
    const database = await scratchDatabase();
    const written = await writeEvents(database, 10);
    const events = await eventIds(await connect(database.url));
    const env = { ...process.env, MIGRATION_DATABASE_URL: database.migrationUrl };
    const last = events.at(-1)!;

    const intact = await runAuditVerify("npm", ["run", "--silent", "audit:verify"], { env });
    expect(intact.stdout).toContain(`The audit trail is intact: ${written} event(s), the last event ${last.id} (${last.occurredAt.toISOString()}).`);

    const changed = events[3]!;
    await asOwnerWithoutAppendOnly(database, `UPDATE "AuditEvent" SET "userAgent" = 'someone else' WHERE "id" = $1`, [changed.id]);
    const broken = await runAuditVerify("npm", ["run", "--silent", "audit:verify"], { env }).then(
      () => expect.fail("audit:verify exited 0 on a broken trail"),
      (failure: { code: number; stdout: string }) => failure,
    );
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      `The audit trail is broken at event ${changed.id} (${changed.occurredAt.toISOString()}): its fields no longer match its hash`,
    );
  });

  it("takes in the events a deployment wrote before the chain existed", async () => {
    const database = await scratchDatabase({ migrate: false });
    const earlier = await migrationsBefore("20261203090000_database_roles_and_audit_chain");
    cleanups.push(earlier.remove);
    await migrateDatabase(database.migrationUrl, { migrationsDir: earlier.dir });
    const owner = await connect(database.migrationUrl);
    for (let n = 0; n < 5; n++) {
      await owner.query(`INSERT INTO "AuditEvent" ("action", "resourceType", "outcome", "reason") VALUES ('chart.read', 'patient', 'ALLOWED', $1)`, [`before ${n}`]);
    }

    await migrateDatabase(database.migrationUrl);
    await recordAudit(prisma(database.url), entry(99));

    const client = await connect(database.url);
    expect(await verifyAuditChain(client)).toMatchObject({ intact: 6, broken: null });
    const ids = (await eventIds(client)).map((event) => BigInt(event.id));
    expect(ids[5]! > ids[4]!).toBe(true);
  });

  it("refuses events written in a transaction that could fork the chain", async () => {
    const database = await scratchDatabase();
    const client = await connect(database.url);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await expect(
      client.query(`INSERT INTO "AuditEvent" ("action", "resourceType", "outcome") VALUES ('chart.read', 'patient', 'ALLOWED')`),
    ).rejects.toThrow(/READ COMMITTED transactions only/);
    await client.query("ROLLBACK");
  });
});
