import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, MigrationError, migrateDatabase, migrationChecksum, readMigrations } from "./migrate";
import { createScratchDatabase, type ScratchDatabase } from "./testing/scratch-database";

const postgresServerUrl = inject("postgresServerUrl");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function scratchDatabase(): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(postgresServerUrl);
  cleanups.push(database.drop);
  return database;
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query<Row extends object>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

const migrationRows = (url: string) =>
  query<MigrationRow>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name, started_at`);

describe("migrateDatabase", () => {
  it("applies every migration once and records it as prisma migrate deploy does", async () => {
    const database = await scratchDatabase();
    const files = await readMigrations();

    const first = await migrateDatabase(database.migrationUrl);
    const second = await migrateDatabase(database.migrationUrl);

    expect(first.applied).toEqual(files.map((file) => file.name));
    expect(second.applied).toEqual([]);
    const rows = await migrationRows(database.migrationUrl);
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [i, row] of rows.entries()) {
      const sql = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"), "utf8");
      expect(row.checksum).toBe(migrationChecksum(sql));
      expect(row.checksum).toBe(files[i]?.checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("stops with a clear message when an applied migration's file was changed, and applies nothing", async () => {
    const database = await scratchDatabase();
    const dir = await copyOfMigrations();
    await migrateDatabase(database.migrationUrl, { migrationsDir: dir });

    const [firstName] = (await readMigrations(dir)).map((file) => file.name);
    await writeFile(path.join(dir, firstName!, "migration.sql"), "-- edited after the fact\n", { flag: "a" });
    await mkdir(path.join(dir, "29990101000000_later"));
    await writeFile(path.join(dir, "29990101000000_later", "migration.sql"), `CREATE TABLE "Later" ("id" TEXT);`);

    await expect(migrateDatabase(database.migrationUrl, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`Migration ${firstName} was changed after it was applied`),
    );
    const tables = await query<{ n: number }>(database.migrationUrl, `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'Later'`);
    expect(tables[0]?.n).toBe(0);
  });

  it("rolls a failing migration back completely, records the failure, and retries it once fixed", async () => {
    const database = await scratchDatabase();
    const dir = await copyOfMigrations();
    const broken = path.join(dir, "29990101000000_broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "HalfDone" ("id" TEXT);\nSELECT no_such_function();`);

    await expect(migrateDatabase(database.migrationUrl, { migrationsDir: dir })).rejects.toBeInstanceOf(MigrationError);
    const halfDone = await query<{ n: number }>(database.migrationUrl, `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'HalfDone'`);
    expect(halfDone[0]?.n).toBe(0);
    const failed = (await migrationRows(database.migrationUrl)).filter((row) => row.migration_name === "29990101000000_broken");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.rolled_back_at).toBeInstanceOf(Date);
    expect(failed[0]?.logs).toMatch(/no_such_function/);

    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "HalfDone" ("id" TEXT);`);
    const retry = await migrateDatabase(database.migrationUrl, { migrationsDir: dir });
    expect(retry.applied).toEqual(["29990101000000_broken"]);
  });

  it(
    "applies each migration exactly once when several app instances start together (PostgreSQL)",
    async () => {
      const database = await scratchDatabase();
      const results = await Promise.all(Array.from({ length: 4 }, () => migrateDatabase(database.migrationUrl)));
      const files = await readMigrations();
      expect(results.flatMap((result) => result.applied).sort()).toEqual(files.map((file) => file.name).sort());
      expect(await migrationRows(database.migrationUrl)).toHaveLength(files.length);
    },
  );
});
