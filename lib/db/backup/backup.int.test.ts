import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { getChartSummary, type ChartSummary } from "@/lib/chart/summary";
import { createChartFixture, type ChartFixture } from "@/lib/chart/testing/chart-fixtures";
import { bookAppointment } from "@/lib/scheduling/booking";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { createPrismaClient, type Database } from "../prisma";
import { runtimeRoleProblems } from "../roles";
import { seedClinic } from "../seed";
import { migrationsBefore } from "../testing/migrations";
import type { TestPostgresServer } from "../testing/postgres-server";
import { insertUser } from "../testing/sql-rows";
// Any URL: the owner's or the runtime role's of a database.
import { createScratchDatabase, withAdminClient as withClient, type ScratchDatabase } from "../testing/scratch-database";
import { createBackup } from "./backup";
import { databaseFacts } from "./database-facts";
import { BackupError } from "./errors";
import { decryptBackup, encryptBackup, parseBackupHeader, type BackupManifest } from "./format";
import { restoreBackup } from "./restore";
import { drillServer } from "./testing/drill-server";

// The restore drill: a small clinic (the demo seed, and a chart with a
// history) is backed up, restored into a fresh empty database as its owner,
// and then read and used through lib/ as the app's runtime role. Every refusal
// leaves its target as it was. It runs on the suite's server, or on one this
// machine's pg_dump can dump (testing/drill-server.ts).

let server: TestPostgresServer;
const servers = () => server.url;
const now = new Date();
// Monday 2031-03-03, 10:00 in New York: inside the test physician's office hours.
const bookingNow = new Date("2031-03-01T12:00:00Z");

let work: string;
let source: ScratchDatabase;
let sourceDb: Database;
let fixture: ChartFixture;
let key: Buffer;
let file: string;
let manifest: BackupManifest;
let chart: ChartSummary;
const scratch: ScratchDatabase[] = [];

async function emptyDatabase(): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(servers());
  scratch.push(database);
  return database;
}

/** Tables, sequences and views in the database: none in one a refused restore left alone. */
const relationCount = (database: ScratchDatabase) =>
  withClient(database.migrationUrl, async (client) => {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v', 'm')`,
    );
    return Number(rows[0]!.count);
  });

/** What the runtime role may do, as it sees it: per table and sequence, the schema, the database, and the owner's defaults. */
const runtimeRights = (database: ScratchDatabase) =>
  withClient(database.url, async (client) => {
    const { rows } = await client.query<{ object: string; rights: string }>(
      `SELECT c.relname AS object, string_agg(a.privilege_type, ',' ORDER BY a.privilege_type) AS rights
       FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
       WHERE c.relnamespace = 'public'::regnamespace AND a.grantee = 'clinic_runtime'::regrole GROUP BY c.relname
       UNION ALL
       SELECT 'default privileges on ' || d.defaclobjtype::text, string_agg(a.privilege_type, ',' ORDER BY a.privilege_type)
       FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) a
       WHERE d.defaclrole = (SELECT datdba FROM pg_database WHERE datname = current_database()) AND a.grantee = 'clinic_runtime'::regrole
       GROUP BY d.defaclobjtype
       UNION ALL
       SELECT 'schema public', concat_ws(',', CASE WHEN has_schema_privilege('public', 'USAGE') THEN 'USAGE' END, CASE WHEN has_schema_privilege('public', 'CREATE') THEN 'CREATE' END)
       UNION ALL
       SELECT 'database', concat_ws(',', CASE WHEN has_database_privilege(current_database(), 'TEMPORARY') THEN 'TEMPORARY' END)
       ORDER BY 1`,
    );
    return rows;
  });

function refusal(code: BackupError["code"]) {
  return expect.objectContaining({ name: "BackupError", code });
}

beforeAll(async () => {
  server = await drillServer(inject("postgresServerUrl"));
  work = await mkdtemp(path.join(tmpdir(), "backup-drill-"));
  source = await createScratchDatabase(servers(), { migrate: true });
  sourceDb = createPrismaClient(source.url);
  await seedClinic(sourceDb, { patients: 2, now });
  fixture = await createChartFixture(sourceDb);
  await fixture.addAppointment();
  await sourceDb.allergy.create({ data: { patientId: fixture.patient.patientId, substance: "Penicillin", reaction: "Hives", severity: "SEVERE" } });
  await sourceDb.problem.create({ data: { patientId: fixture.patient.patientId, icd10Code: "I10", description: "Essential (primary) hypertension" } });
  // Reading the chart is audited, so the trail has a head to carry over.
  chart = await getChartSummary(sourceDb, fixture.physician.context, { patientId: fixture.patient.patientId }, { now });
  key = randomBytes(32);
  file = path.join(work, "clinic.backup");
  manifest = await createBackup({ url: source.migrationUrl, file, key });
}, 300_000);

afterAll(async () => {
  await sourceDb?.$disconnect();
  for (const database of [source, ...scratch]) await database?.drop();
  if (work) await rm(work, { recursive: true, force: true });
  await server?.stop();
});

describe("a backup", () => {
  it("records the schema version, every table's rows and the audit chain's head, as the database has them", async () => {
    const facts = await withClient(source.migrationUrl, databaseFacts);
    expect(manifest.schemaVersion).toBe(facts.schemaVersion);
    expect(manifest.rowCounts).toEqual(facts.rowCounts);
    expect(manifest.rowCounts.Patient).toBe(4);
    expect(manifest.auditChain.head).toEqual(facts.auditChain.head);
    expect(manifest.auditChain.intact).toBeGreaterThan(0);
    expect(manifest.auditChain.broken).toBeNull();
  });

  it("keeps patients' data only in encrypted form: the file names no patient", async () => {
    const bytes = await readFile(file);
    expect(bytes.includes(chart.patient.familyName)).toBe(false);
    expect(bytes.includes(chart.patient.mrn)).toBe(false);
    expect(bytes.includes("Penicillin")).toBe(false);
  });

  it("never replaces an existing file", async () => {
    await expect(createBackup({ url: source.migrationUrl, file, key })).rejects.toEqual(refusal("NOT_CONFIGURED"));
  });
});

describe("the restore drill", () => {
  it("restores into a fresh empty database: the same chart, a new booking, the chain continuing, the runtime role's rights as migrations set them", async () => {
    const target = await emptyDatabase();
    const result = await restoreBackup({ url: target.migrationUrl, file, key });
    expect(result.schema).toBe("same");

    const restoredDb = createPrismaClient(target.url);
    try {
      const read = (db: Database) => getChartSummary(db, fixture.physician.context, { patientId: fixture.patient.patientId }, { now });
      const restoredChart = await read(restoredDb);
      expect(restoredChart).toEqual(await read(sourceDb));
      expect(restoredChart.allergies.map((allergy) => allergy.substance)).toEqual(["Penicillin"]);

      const scheduler = await createTestStaff(restoredDb, "SCHEDULER");
      const booked = await bookAppointment(
        restoredDb,
        scheduler,
        {
          patientId: fixture.patient.patientId,
          physicianId: fixture.physician.physicianId,
          visitTypeId: fixture.visitType.id,
          startsAt: "2031-03-03T15:00:00Z",
          reason: "Follow-up after the restore",
        },
        { now: bookingNow },
      );
      expect(booked.appointment.status).toBe("BOOKED");
    } finally {
      await restoredDb.$disconnect();
    }

    const chain = await withClient(target.migrationUrl, (client) => verifyAuditChain(client));
    expect(chain.broken).toBeNull();
    expect(chain.intact).toBeGreaterThan(manifest.auditChain.intact);
    expect(await runtimeRights(target)).toEqual(await runtimeRights(source));
    expect(await withClient(target.url, runtimeRoleProblems)).toEqual([]);
  });
});

describe("refusals change nothing", () => {
  it("refuses a database that is not empty, leaving its rows as they were", async () => {
    const target = await createScratchDatabase(servers(), { migrate: true });
    scratch.push(target);
    await withClient(target.url, (client) => insertUser(client, "ADMIN"));
    const before = await withClient(target.migrationUrl, databaseFacts);
    await expect(restoreBackup({ url: target.migrationUrl, file, key })).rejects.toEqual(refusal("TARGET_NOT_READY"));
    expect(await withClient(target.migrationUrl, databaseFacts)).toEqual(before);
  });

  it("refuses to restore as a role that does not own the database", async () => {
    const target = await emptyDatabase();
    await expect(restoreBackup({ url: target.url, file, key })).rejects.toEqual(refusal("TARGET_NOT_READY"));
    expect(await relationCount(target)).toBe(0);
  });

  it("refuses a backup whose schema is newer than this code's migrations", async () => {
    const target = await emptyDatabase();
    const olderCode = await migrationsBefore(manifest.schemaVersion);
    try {
      await expect(restoreBackup({ url: target.migrationUrl, file, key, migrationsDir: olderCode.dir })).rejects.toEqual(refusal("SCHEMA_NEWER"));
    } finally {
      await olderCode.remove();
    }
    expect(await relationCount(target)).toBe(0);
  });

  it("refuses another key", async () => {
    const target = await emptyDatabase();
    await expect(restoreBackup({ url: target.migrationUrl, file, key: randomBytes(32) })).rejects.toEqual(refusal("WRONG_KEY"));
    expect(await relationCount(target)).toBe(0);
  });

  it("refuses a file with one byte flipped, in the data or in the manifest", async () => {
    const bytes = await readFile(file);
    const { length } = parseBackupHeader(bytes);
    const flippedAt = async (offset: number) => {
      const copy = path.join(work, `flipped-${offset}.backup`);
      const changed = Buffer.from(bytes);
      changed[offset]! ^= 0x01;
      await writeFile(copy, changed);
      return copy;
    };
    const inTheData = await flippedAt(length + Math.floor((bytes.length - length) / 2));
    // A digit of the creation time: still valid JSON, a different manifest.
    const inTheManifest = await flippedAt(bytes.indexOf("Z\"", bytes.indexOf("createdAt")) - 1);
    for (const tampered of [inTheData, inTheManifest]) {
      const target = await emptyDatabase();
      await expect(restoreBackup({ url: target.migrationUrl, file: tampered, key })).rejects.toEqual(refusal("TAMPERED"));
      expect(await relationCount(target)).toBe(0);
    }
  });

  it("fails a restore whose result does not match the manifest: a row count, or the audit chain's head", async () => {
    const reencrypted = async (name: string, change: (manifest: BackupManifest) => BackupManifest) => {
      const bytes = await readFile(file);
      const { header, length } = parseBackupHeader(bytes);
      const archive = decryptBackup({ bytes: bytes.subarray(0, length), parsed: header }, key, [bytes.subarray(length, -16)], bytes.subarray(-16));
      const parts: Buffer[] = [];
      for await (const part of encryptBackup(change(structuredClone(manifest)), key, archive)) parts.push(part);
      const copy = path.join(work, name);
      await writeFile(copy, Buffer.concat(parts));
      return copy;
    };
    const moreRows = await reencrypted("more-rows.backup", (changed) => ({ ...changed, rowCounts: { ...changed.rowCounts, Patient: 5 } }));
    const otherHead = await reencrypted("other-head.backup", (changed) => ({
      ...changed,
      auditChain: { ...changed.auditChain, head: { ...changed.auditChain.head!, hash: "0".repeat(64) } },
    }));
    for (const [backup, says] of [
      [moreRows, /table Patient holds 4 rows, the backup 5/],
      [otherHead, /audit trail's chain/],
    ] as const) {
      const target = await emptyDatabase();
      const failure = restoreBackup({ url: target.migrationUrl, file: backup, key });
      await expect(failure).rejects.toEqual(refusal("RESTORE_MISMATCH"));
      await expect(failure).rejects.toThrow(says);
    }
  });
});
