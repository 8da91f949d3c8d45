import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../embedded";
import { migrateDatabase } from "../migrate";
import { databaseRoleNames, dropDatabaseRoles, provisionDatabaseRoles } from "./database-roles";

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

const SCRATCH_PREFIX = "telemedicine_test_";
/** A scratch database's name: the prefix, when it was made (epoch ms, base 36) and a random tail. */
const SCRATCH_NAME = new RegExp(`^${SCRATCH_PREFIX}([0-9a-z]+)_[0-9a-f]+$`);

/**
 * A scratch database this old belongs to a run that was interrupted before it
 * could drop it (no run lasts an hour): left, such databases filled the
 * development server's disk by the hundred.
 */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

async function createPostgresDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `${SCRATCH_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const roles = await withAdminClient(serverUrl, async (admin) => {
    await dropAbandonedScratchDatabases(admin, Date.now());
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

/**
 * Drops the scratch databases (and their roles) made more than
 * ABANDONED_AFTER_MS before `now`, as their names say. Best effort: another run
 * sweeping at the same moment, or one this role may not drop, is left be.
 */
export async function dropAbandonedScratchDatabases(admin: pg.Client, now: number): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [SCRATCH_PREFIX]);
  const abandoned = rows
    .map((row) => row.datname)
    .filter((name) => {
      const madeAt = SCRATCH_NAME.exec(name)?.[1];
      return madeAt !== undefined && now - parseInt(madeAt, 36) > ABANDONED_AFTER_MS;
    });
  const dropped: string[] = [];
  for (const name of abandoned) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropDatabaseRoles(admin, databaseRoleNames(name));
      dropped.push(name);
    } catch {
      // Someone else's sweep got there first, or it is not ours to drop: the next run tries again.
    }
  }
  return dropped;
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
