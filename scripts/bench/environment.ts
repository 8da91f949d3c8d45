// The system under test: a PostgreSQL database with the benchmark clinic, the
// production build, and the app server beside a local LiveKit server, the mail
// catcher and the reminder worker, as scripts/e2e-server.ts runs them.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { dropDatabaseRoles, provisionDatabaseRoles } from "../../lib/db/testing/database-roles";
import { withAdminClient } from "../../lib/db/testing/scratch-database";
import { applyDemoCredentials, DEMO_TOTP_SECRETS } from "../../lib/auth/sign-in/demo-credentials";
import { migrateDatabase } from "../../lib/db/migrate";
import { createPrismaClient, type Database } from "../../lib/db/prisma";
import { isSeeded, seedClinic } from "../../lib/db/seed";
import { liveKitForRun, type LiveKitEnv } from "../support/livekit-server";
import { spawnAppServer } from "../support/app-process";
import { startLocalServices } from "../support/local-services";
import { startReminderWorker } from "../support/reminder-worker";
import { onCleanup } from "./cleanup";
import type { BenchOptions } from "./options";

export const BENCH_DIR = path.join(process.cwd(), ".data", "bench");

type Log = (message: string) => void;

export interface BenchDatabase {
  url: string;
  name: string;
  reused: boolean;
  seedScale: number;
  seededAt: string | null;
  patients: number;
  labResults: number;
  postgresVersion: string;
  /** Milliseconds spent creating the clinic in this run (0 when reused). */
  seedMs: number;
  /** Milliseconds the clinic took to seed when it was made, in this run or the one that kept it (null if not recorded). */
  seededInMs: number | null;
}

/**
 * A database holding the benchmark clinic (SEED_SCALE patients): a new one,
 * dropped at the end, or with BENCH_KEEP_DB the one kept from an earlier run
 * (migrated to the current schema), created and seeded when missing. It has an
 * owner role, which migrates it, and a runtime role, which the app and the
 * seed use, as in production.
 */
export async function prepareDatabase(options: BenchOptions, log: Log): Promise<BenchDatabase> {
  const name =
    options.dbName ?? (options.keepDb ? `bench_clinic_${options.seedScale}` : `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`BENCH_DB_NAME may hold only a-z, 0-9 and _ (it is "${name}").`);
  const { existed, roles } = await withAdminClient(options.serverUrl, async (admin) => {
    const provisioned = await provisionDatabaseRoles(admin, options.serverUrl, name);
    const found = await admin.query<{ owner: string }>("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name}" OWNER "${provisioned.owner}"`);
    else if (found.rows[0]?.owner !== provisioned.owner) {
      throw new Error(`The database ${name} was made before the app had database roles: drop it (DROP DATABASE "${name}" WITH (FORCE)) and run again.`);
    }
    return { existed: found.rowCount !== 0, roles: provisioned };
  });
  const keep = options.keepDb || options.dbName !== null;
  onCleanup(`database ${name}`, async () => {
    if (keep) {
      log(`Kept the database ${name} for the next run (BENCH_KEEP_DB); drop it with: DROP DATABASE "${name}" WITH (FORCE)`);
      return;
    }
    await withAdminClient(options.serverUrl, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropDatabaseRoles(admin, roles);
    });
    log(`Dropped the database ${name}`);
  });
  log(existed ? `Reusing the database ${name}` : `Created the database ${name}`);
  await migrateDatabase(roles.ownerUrl, { log });

  const prisma = createPrismaClient(roles.runtimeUrl);
  let seedMs = 0;
  try {
    if (!(await isSeeded(prisma))) {
      log(`Seeding the clinic with SEED_SCALE=${options.seedScale} patients (a few minutes at 10,000)…`);
      const started = Date.now();
      let lastLogged = 0;
      // As the tables' owner, so the large tables' indexes can be built after the rows are in.
      const owner = createPrismaClient(roles.ownerUrl);
      await seedClinic(owner, {
        patients: options.seedScale,
        now: new Date(),
        indexesAfterLoad: true,
        log: (message) => {
          if (Date.now() - lastLogged > 15_000) {
            lastLogged = Date.now();
            log(message);
          }
        },
      }).finally(() => owner.$disconnect());
      seedMs = Date.now() - started;
      log(`Seeded in ${(seedMs / 1000).toFixed(0)} s; analyzing the tables…`);
      await withAdminClient(roles.ownerUrl, async (client) => {
        await client.query("VACUUM ANALYZE");
        const marker = JSON.stringify({ seedScale: options.seedScale, seededAt: new Date().toISOString(), seedMs: Date.now() - started });
        await client.query(`COMMENT ON DATABASE "${name}" IS '${marker.replaceAll("'", "''")}'`);
      });
      seedMs = Date.now() - started;
    }
    // The staff's TOTP secrets are stored encrypted with AUTH_SECRET, which is
    // new in every run, and a reused database remembers the last code step
    // each account used: set both afresh so every sign-in works at once.
    await applyDemoCredentials(prisma);
    await prisma.user.updateMany({ where: { email: { in: Object.keys(DEMO_TOTP_SECRETS) } }, data: { mfaLastUsedStep: null } });
    const [patients, labResults] = await Promise.all([prisma.patient.count(), prisma.labResult.count()]);
    const facts = await withAdminClient(roles.ownerUrl, async (client) => {
      const version = await client.query<{ server_version: string }>("SHOW server_version");
      const comment = await client.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [name],
      );
      let marker: { seedScale?: number; seededAt?: string; seedMs?: number } = {};
      try {
        marker = JSON.parse(comment.rows[0]?.comment ?? "{}") as typeof marker;
      } catch {
        // A database seeded by hand: no marker.
      }
      return { postgresVersion: version.rows[0]?.server_version ?? "unknown", marker };
    });
    if (facts.marker.seedScale !== undefined && facts.marker.seedScale !== options.seedScale) {
      log(`Note: ${name} was seeded with SEED_SCALE=${facts.marker.seedScale}, not ${options.seedScale}.`);
    }
    return {
      url: roles.runtimeUrl,
      name,
      reused: seedMs === 0,
      seedScale: facts.marker.seedScale ?? options.seedScale,
      seededAt: facts.marker.seededAt ?? null,
      patients,
      labResults,
      postgresVersion: facts.postgresVersion,
      seedMs,
      seededInMs: seedMs > 0 ? seedMs : (facts.marker.seedMs ?? null),
    };
  } finally {
    await prisma.$disconnect();
  }
}

export function benchDb(url: string): Database {
  const db = createPrismaClient(url, { max: 4 });
  onCleanup("the benchmark's database client", () => db.$disconnect());
  return db;
}

export function nextVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("next/package.json") as { version: string }).version;
}

function nextBin(): string {
  return createRequire(import.meta.url).resolve("next/dist/bin/next");
}

/** Our own tsx flags (--conditions=react-server) are not for Next. */
function nextEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: "", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

async function lastLines(file: string, count: number): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
  });
}

/**
 * A last resort for a child in its own process group: if we exit without
 * stopping it (process.exit on an error path), it must not outlive us.
 */
function killOnExit(child: ChildProcess): void {
  const kill = () => {
    try {
      if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.on("exit", kill);
  child.once("exit", () => process.off("exit", kill));
}

/** Stops a child we started, and its children (it leads its own process group). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = waitForExit(child);
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      child.kill(signal);
    }
  };
  signalGroup("SIGTERM");
  const done = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!done) {
    signalGroup("SIGKILL");
    await exited;
  }
}

/** `next build` in the current directory; its output goes to .data/bench/next-build.log. */
export async function buildApp(log: Log): Promise<void> {
  await mkdir(BENCH_DIR, { recursive: true });
  const logFile = path.join(BENCH_DIR, "next-build.log");
  const out = createWriteStream(logFile);
  log(`Building the production app (next build; output in ${path.relative(process.cwd(), logFile)})…`);
  const child = spawn(process.execPath, [nextBin(), "build"], { env: nextEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });
  killOnExit(child);
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const forget = onCleanup("next build", () => stopChild(child));
  const code = await waitForExit(child);
  forget();
  await new Promise<void>((resolve) => out.end(resolve));
  if (code !== 0) throw new Error(`next build failed (exit code ${code}). Last lines of ${logFile}:\n${await lastLines(logFile, 40)}`);
}

export interface RunningApp {
  baseUrl: string;
  liveKitEnv: LiveKitEnv;
  liveKitVersion: string;
  logFile: string;
  /** Stops all of it now rather than at the end of the run (the scale phase starts one per database). */
  stop: () => Promise<void>;
}

/** LiveKit, the mail catcher, the reminder worker and the app server, ready to answer. */
export async function startApp(options: BenchOptions, databaseUrl: string, log: Log): Promise<RunningApp> {
  await mkdir(BENCH_DIR, { recursive: true });
  const baseUrl = `http://127.0.0.1:${options.appPort}`;
  const mailDir = path.join(BENCH_DIR, "mail");
  await rm(mailDir, { recursive: true, force: true });
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const stops: (() => Promise<void>)[] = [];
  const onStop = (name: string, run: () => Promise<void>) => {
    const forget = onCleanup(name, run);
    stops.push(async () => {
      forget();
      await run();
    });
  };
  const stop = async () => {
    for (let next = stops.pop(); next; next = stops.pop()) await next();
  };
  const services = await startLocalServices({ dataDir: BENCH_DIR, mailDir });
  onStop("the mail catcher", services.stop);

  const liveKit = await liveKitForRun({ basePort: options.liveKitPort, appUrl: baseUrl, dataDir: BENCH_DIR, log });
  onStop("LiveKit", liveKit.stop);
  const { env: liveKitEnv, version: liveKitVersion } = liveKit;

  // The reminder worker runs in this process and sends its mail through the local catcher, as `npm start`'s does.
  Object.assign(process.env, services.env);
  const reminders = startReminderWorker(databaseUrl);
  onStop("the reminder worker", reminders.stop);

  // The app server `npm start` runs (client addresses from the socket), not bare `next start`.
  const logFile = path.join(BENCH_DIR, "app-server.log");
  const out = createWriteStream(logFile);
  const child = spawnAppServer(
    {
      mode: "start",
      port: options.appPort,
      host: "127.0.0.1",
      env: { ...services.env, ...liveKitEnv, DATABASE_URL: databaseUrl, APP_URL: baseUrl },
      detached: true,
      nodeFlags: options.cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(options.cpuProfileDir)] : [],
    },
    ["ignore", "pipe", "pipe"],
  );
  killOnExit(child);
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  onStop("the app server", () => stopChild(child));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`The app server exited (code ${child.exitCode}). Last lines of ${logFile}:\n${await lastLines(logFile, 30)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The app did not answer ${baseUrl}/api/health within 60 s; see ${logFile}`);
    await sleep(200);
  }
  log(`Production server on ${baseUrl} (log: ${path.relative(process.cwd(), logFile)})`);
  return { baseUrl, liveKitEnv, liveKitVersion, logFile, stop };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
