import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startDraining } from "@/lib/observability/lifecycle";
import { readiness } from "./health";
import { DEFAULT_MIGRATIONS_DIR, migrateDatabase } from "./migrate";
import { createPrismaClient, type Database } from "./prisma";
import { createScratchDatabase, type ScratchDatabase } from "./testing/scratch-database";

// Readiness as a load balancer asks it (GET /api/ready): the database, its
// migrations, and the instance's own shutdown.
let database: ScratchDatabase;
let db: Database;
let newerRelease: string;
beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"));
  db = createPrismaClient(database.url);
  // The next release's code: one migration more than this database will have.
  newerRelease = await mkdtemp(path.join(tmpdir(), "migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, newerRelease, { recursive: true });
  await mkdir(path.join(newerRelease, "29991231000000_next_release"));
  await writeFile(path.join(newerRelease, "29991231000000_next_release", "migration.sql"), "SELECT 1;\n");
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  await rm(newerRelease, { recursive: true, force: true });
});

describe("readiness", () => {
  it("is refused until the database is migrated, then given", async () => {
    expect(await readiness({ db })).toEqual({ ready: false, missing: "migrations not applied" });
    await migrateDatabase(database.migrationUrl);
    expect(await readiness({ db })).toEqual({ ready: true });
  });

  it("is refused to code whose migrations the database is behind", async () => {
    expect(await readiness({ db, migrationsDir: newerRelease })).toEqual({ ready: false, missing: "migrations not applied" });
  });

  it("is refused when the database does not answer", async () => {
    const unreachable = createPrismaClient("postgresql://clinic@127.0.0.1:1/clinic");
    try {
      expect(await readiness({ db: unreachable })).toEqual({ ready: false, missing: "database unreachable" });
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("is refused from the moment the instance starts stopping", async () => {
    startDraining();
    expect(await readiness({ db })).toEqual({ ready: false, missing: "shutting down" });
  });
});
