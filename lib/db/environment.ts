import "server-only";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from "./embedded";
import { migrateDatabase, pendingMigrations } from "./migrate";
import { runtimeRoleProblems } from "./roles";

export interface DatabaseHandle {
  /** The app's connection (DATABASE_URL): the runtime role. */
  url: string;
  /** The tables' owner (MIGRATION_DATABASE_URL), which migrates; DATABASE_URL's role when that is not set. */
  migrationUrl: string;
  embedded: boolean;
  close: () => Promise<void>;
}

/**
 * The app's database: DATABASE_URL, migrated through MIGRATION_DATABASE_URL
 * when that is set, or else the embedded PGlite database, which has one role
 * (a superuser) and is for development only.
 */
export async function openDatabase(embedded: EmbeddedPostgresOptions = {}): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  const migrationUrl = process.env.MIGRATION_DATABASE_URL;
  if (url) return { url, migrationUrl: migrationUrl ?? url, embedded: false, close: async () => {} };
  if (migrationUrl) {
    throw new Error(
      "MIGRATION_DATABASE_URL is set but DATABASE_URL is not: the app connects with DATABASE_URL (its runtime role) " +
        "and only migrations use MIGRATION_DATABASE_URL (the owner). Set both, or neither for the embedded database.",
    );
  }
  const server = await startEmbeddedPostgres(embedded);
  return { url: server.url, migrationUrl: server.url, embedded: true, close: server.stop };
}

/** The owner's connection alone, for `db:migrate` and `audit:verify`: MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded database. */
export async function openOwnerDatabase(): Promise<Pick<DatabaseHandle, "url" | "embedded" | "close">> {
  const migrationUrl = process.env.MIGRATION_DATABASE_URL;
  if (migrationUrl) return { url: migrationUrl, embedded: false, close: async () => {} };
  const database = await openDatabase();
  return { url: database.migrationUrl, embedded: database.embedded, close: database.close };
}

export class DatabaseNotReadyError extends Error {
  override name = "DatabaseNotReadyError";
}

/**
 * Before the app starts. Migrates when the owner's connection is at hand (or in
 * development); a production start with DATABASE_URL alone only checks that
 * nothing is pending. A production start then refuses a DATABASE_URL whose
 * role could get around the audit trail's protection.
 */
export async function prepareDatabase(
  database: DatabaseHandle,
  options: { production: boolean; log: (message: string) => void },
): Promise<void> {
  if (options.production && database.migrationUrl === database.url) {
    const pending = await pendingMigrations(database.url);
    if (pending.length > 0) {
      throw new DatabaseNotReadyError(
        `The database needs ${pending.length} migration(s) (${pending.join(", ")}). Run \`npm run db:migrate\` with ` +
          "MIGRATION_DATABASE_URL set to the tables' owner, or start with MIGRATION_DATABASE_URL set too.",
      );
    }
  } else {
    await migrateDatabase(database.migrationUrl, { log: options.log });
  }
  if (!options.production) return;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const problems = await runtimeRoleProblems(client).finally(() => client.end());
  if (problems.length > 0) {
    throw new DatabaseNotReadyError(
      `DATABASE_URL must name the app's runtime role, a member of clinic_runtime and nothing more (README, Database):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
  }
}
