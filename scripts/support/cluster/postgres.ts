import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { startClusterProcess, waitUntil, type ClusterProcess } from "./processes";

const run = promisify(execFile);
/** Debian's PostgreSQL binaries (apt's postgresql package); PG_BIN overrides. */
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
// PostgreSQL refuses to run as root: as root, the server runs as this system user, which owns its data folder.
const SYSTEM_USER = "postgres";
export const CLUSTER_DATABASE = "clinic";

export interface ClusterPostgres {
  process: ClusterProcess;
  /** The owner of the database and its tables: migrations only. */
  migrationUrl: string;
  /** The app's runtime role, a member of clinic_runtime. */
  url: string;
}

export interface ClusterPostgresPasswords {
  superuser: string;
  owner: string;
  app: string;
}

/**
 * A PostgreSQL server of the cluster's own on loopback (its data kept in
 * `dataDir` across starts), with a deployment's two roles as README's Database
 * section sets them up: clinic_owner owns the database, clinic_app logs in as a
 * member of clinic_runtime.
 */
export async function startPostgres(options: {
  port: number;
  dataDir: string;
  logFile: string;
  pidFile: string;
  passwords: ClusterPostgresPasswords;
}): Promise<ClusterPostgres> {
  const user = userInfo().uid === 0 ? await systemUser() : undefined;
  if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) await initialise(options.dataDir, options.passwords.superuser, user);
  const server = await startClusterProcess({
    name: "PostgreSQL",
    command: path.join(PG_BIN, "postgres"),
    args: ["-D", options.dataDir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    user,
    logFile: options.logFile,
    pidFile: options.pidFile,
    isOurs: (commandLine) => commandLine.includes("postgres") && commandLine.includes(options.dataDir),
  });
  const base = `127.0.0.1:${options.port}`;
  const superuserUrl = `postgresql://postgres:${options.passwords.superuser}@${base}/postgres`;
  await waitUntil(`PostgreSQL on port ${options.port}`, () => connects(superuserUrl), { process: server });
  await createRoles(superuserUrl, options.passwords);
  return {
    process: server,
    migrationUrl: `postgresql://clinic_owner:${options.passwords.owner}@${base}/${CLUSTER_DATABASE}`,
    url: `postgresql://clinic_app:${options.passwords.app}@${base}/${CLUSTER_DATABASE}`,
  };
}

async function initialise(dataDir: string, superuserPassword: string, user: { uid: number; gid: number } | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(dataDir), "pg-superuser-password");
  await writeFile(passwordFile, superuserPassword, { mode: 0o600 });
  if (user) {
    await chown(dataDir, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  try {
    await run(
      path.join(PG_BIN, "initdb"),
      ["-D", dataDir, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${passwordFile}`, "-E", "UTF8", "--locale=C.UTF-8"],
      { uid: user?.uid, gid: user?.gid },
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** The deployment's roles and database; each step is skipped when done by an earlier start. */
async function createRoles(superuserUrl: string, passwords: ClusterPostgresPasswords): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const literal = (value: string) => client.escapeLiteral(value);
    await client.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_runtime') THEN CREATE ROLE clinic_runtime NOLOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_owner') THEN CREATE ROLE clinic_owner LOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_app') THEN CREATE ROLE clinic_app LOGIN IN ROLE clinic_runtime; END IF;
      END
      $$;`);
    await client.query(`ALTER ROLE clinic_owner PASSWORD ${literal(passwords.owner)}`);
    await client.query(`ALTER ROLE clinic_app PASSWORD ${literal(passwords.app)}`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [CLUSTER_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${CLUSTER_DATABASE} OWNER clinic_owner`);
  } finally {
    await client.end();
  }
}

async function connects(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function systemUser(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", SYSTEM_USER]), run("id", ["-g", SYSTEM_USER])]);
    return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  } catch {
    throw new Error(`Running as root, PostgreSQL needs a "${SYSTEM_USER}" system user to run as, and there is none.`);
  }
}
