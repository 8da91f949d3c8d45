import { randomBytes } from "node:crypto";
import type pg from "pg";
import { RUNTIME_GROUP_ROLE } from "../roles";

// Tests, the e2e server and the benchmark run the app as production does: the
// database belongs to an owner login role, which migrates it, and the app logs
// in as a runtime role in clinic_runtime. Neither is a superuser, so privileges
// and triggers hold for them as they would in a clinic. Each database gets its
// own pair (roles are server-wide; runs beside each other must not share
// passwords), made with the server admin's connection.

const DUPLICATE_OBJECT = "42710";
const UNIQUE_VIOLATION = "23505";
const INSUFFICIENT_PRIVILEGE = "42501";

export interface DatabaseRoles {
  owner: string;
  runtime: string;
  /** postgresql:// URLs of the database, one per role. */
  ownerUrl: string;
  runtimeUrl: string;
}

export class DatabaseServerAdminError extends Error {
  override name = "DatabaseServerAdminError";
}

/**
 * Creates the database's owner and runtime login roles when missing and gives
 * both a fresh password. `serverUrl` is the admin's URL; the returned URLs are
 * the same server with the roles' credentials and the database's name.
 */
export async function provisionDatabaseRoles(admin: pg.Client, serverUrl: string, database: string): Promise<DatabaseRoles> {
  const { owner, runtime } = databaseRoleNames(database);
  try {
    await createRoleOnce(admin, `CREATE ROLE ${RUNTIME_GROUP_ROLE} NOLOGIN`);
    await createRoleOnce(admin, `CREATE ROLE "${owner}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await createRoleOnce(admin, `CREATE ROLE "${runtime}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE ${RUNTIME_GROUP_ROLE}`);
  } catch (error) {
    if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
    throw new DatabaseServerAdminError(
      `The tests make a database with an owner role and a runtime role for each run, on the PostgreSQL server in ` +
        `DATABASE_URL, whose role (${new URL(serverUrl).username}) may not create roles: point DATABASE_URL at a superuser such as postgres.`,
    );
  }
  const ownerPassword = randomBytes(24).toString("base64url");
  const runtimePassword = randomBytes(24).toString("base64url");
  await admin.query(`ALTER ROLE "${owner}" PASSWORD '${ownerPassword}'`);
  await admin.query(`ALTER ROLE "${runtime}" PASSWORD '${runtimePassword}'`);
  return {
    owner,
    runtime,
    ownerUrl: urlFor(serverUrl, database, owner, ownerPassword),
    runtimeUrl: urlFor(serverUrl, database, runtime, runtimePassword),
  };
}

/** The names of a database's owner and runtime roles. */
export function databaseRoleNames(database: string): Pick<DatabaseRoles, "owner" | "runtime"> {
  return { owner: `${database}_owner`, runtime: `${database}_app` };
}

/** After the database itself is dropped. */
export async function dropDatabaseRoles(admin: pg.Client, roles: Pick<DatabaseRoles, "owner" | "runtime">): Promise<void> {
  await admin.query(`DROP ROLE IF EXISTS "${roles.runtime}", "${roles.owner}"`);
}

/** Runs beside each other may race to create a shared role: the loser finds it made. */
async function createRoleOnce(admin: pg.Client, statement: string): Promise<void> {
  try {
    await admin.query(statement);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_OBJECT && code !== UNIQUE_VIOLATION) throw error;
  }
}

function urlFor(serverUrl: string, database: string, role: string, password: string): string {
  const url = new URL(serverUrl);
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}
