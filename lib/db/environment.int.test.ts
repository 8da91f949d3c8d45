import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DatabaseNotReadyError, prepareDatabase, type DatabaseHandle } from "./environment";
import { pendingMigrations, readMigrations } from "./migrate";
import { createScratchDatabase, type ScratchDatabase } from "./testing/scratch-database";

// What `npm start` and `npm run dev` do to the database before the app runs
// (scripts/serve.ts): production is a start on a PostgreSQL server.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function scratchDatabase(options: { migrate: boolean }): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(inject("postgresServerUrl"), options);
  cleanups.push(database.drop);
  return database;
}

function handle(database: ScratchDatabase, urls: Pick<DatabaseHandle, "url" | "migrationUrl">): DatabaseHandle {
  return { ...urls, embedded: database.embedded, close: async () => {} };
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()`);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

const log = () => {};

describe("preparing the database for the app", () => {
  it("migrates as the owner, then lets the app's runtime role through", async () => {
    const database = await scratchDatabase({ migrate: false });
    // As serve.ts decides: the embedded database is never production.
    await prepareDatabase(handle(database, database), { production: !database.embedded, log });
    expect(await pendingMigrations(database.url)).toEqual([]);
  });

  it("in production without the owner's connection, refuses pending migrations by name and applies nothing", async () => {
    const database = await scratchDatabase({ migrate: false });
    const names = (await readMigrations()).map((migration) => migration.name);
    const runtimeOnly = handle(database, { url: database.url, migrationUrl: database.url });

    const refusal = prepareDatabase(runtimeOnly, { production: true, log });
    await expect(refusal).rejects.toBeInstanceOf(DatabaseNotReadyError);
    await expect(refusal).rejects.toThrow(`The database needs ${names.length} migration(s) (${names.join(", ")}). Run \`npm run db:migrate\``);
    expect(await tableCount(database.migrationUrl)).toBe(0);
  });

  it("in production, refuses an app role that could get around the audit trail: the owner's", async () => {
    const database = await scratchDatabase({ migrate: true });
    const ownerAsApp = handle(database, { url: database.migrationUrl, migrationUrl: database.migrationUrl });

    await expect(prepareDatabase(ownerAsApp, { production: true, log })).rejects.toThrow(
      /DATABASE_URL must name the app's runtime role, a member of clinic_runtime and nothing more[\s\S]*(owns \(or can act as the owner of\) the tables|superuser)/,
    );
  });
});
