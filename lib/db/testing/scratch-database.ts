import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../embedded";
import { migrateDatabase } from "../migrate";
import { dropDatabaseRoles, provisionDatabaseRoles } from "./database-roles";

export interface ScratchDatabase {
  /** The app's connection: a runtime login role in clinic_runtime (on PGlite, its one superuser role). */
  url: string;
  /** The owner's connection, which migrates (on PGlite, the same as `url`). */
  migrationUrl: string;
  /** True on embedded PGlite, which has one session shared by every connection. */
  embedded: boolean;
  drop: () => Promise<void>;
}

/**
 * A new, empty database for one test run or one test: a fresh database on the
 * PostgreSQL server at `postgresServerUrl` (an admin's URL, e.g. the postgres
 * superuser's) with an owner and a runtime role of its own, or a fresh
 * in-memory PGlite when it is null.
 */
export async function createScratchDatabase(
  postgresServerUrl: string | null,
  options: { migrate?: boolean } = {},
): Promise<ScratchDatabase> {
  const scratch = postgresServerUrl ? await createPostgresDatabase(postgresServerUrl) : await createEmbeddedDatabase();
  if (options.migrate) await migrateDatabase(scratch.migrationUrl);
  return scratch;
}

async function createEmbeddedDatabase(): Promise<ScratchDatabase> {
  const server = await startEmbeddedPostgres({ dataDir: "memory" });
  return { url: server.url, migrationUrl: server.url, embedded: true, drop: server.stop };
}

async function createPostgresDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `telemedicine_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const roles = await withAdminClient(serverUrl, async (admin) => {
    const provisioned = await provisionDatabaseRoles(admin, serverUrl, name);
    await admin.query(`CREATE DATABASE "${name}" OWNER "${provisioned.owner}"`);
    return provisioned;
  });
  return {
    url: roles.runtimeUrl,
    migrationUrl: roles.ownerUrl,
    embedded: false,
    drop: () =>
      withAdminClient(serverUrl, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await dropDatabaseRoles(admin, roles);
      }),
  };
}

/** Runs `work` on a connection to the server's maintenance database, closed afterwards. */
export async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
