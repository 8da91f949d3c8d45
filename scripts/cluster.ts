// `npm run cluster`: the app as a clinic group runs it, on this one machine and
// on loopback: its own PostgreSQL server (owner and runtime roles, migrated,
// the demo clinic), Redis, two LiveKit nodes sharing it, two production app
// instances (`npm start`'s scripts/serve.ts, each with its reminder worker) and
// HAProxy in front of the apps and of the LiveKit nodes. Ctrl-C or SIGTERM
// stops everything in reverse order. Ports and files: support/cluster/layout.ts.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { migrateDatabase } from "../lib/db/migrate";
import { startMailCatcher } from "../lib/mail/catcher";
import { startHaproxy } from "./support/cluster/haproxy";
import { CLUSTER_DIR, CLUSTER_PORTS, CLUSTER_STATE_FILE, type ClusterState } from "./support/cluster/layout";
import { startPostgres } from "./support/cluster/postgres";
import { startClusterProcess, waitUntil, type ClusterProcess } from "./support/cluster/processes";
import { startRedis } from "./support/cluster/redis";
import { seedDemoClinicOnce } from "./support/demo-clinic";
import { LiveKitSetupError, startLocalLiveKit, type LocalLiveKit } from "./support/livekit-server";

const log = (message: string) => console.log(`[cluster] ${message}`);
const LIVEKIT_API_KEY = "clusterkey";
const loopback = (port: number, scheme = "http") => `${scheme}://127.0.0.1:${port}`;

interface Secrets {
  postgres: { superuser: string; owner: string; app: string };
  authSecret: string;
  liveKitSecret: string;
}

/** Kept across starts with the database: the staff's TOTP secrets are sealed with AUTH_SECRET, and sessions signed with it. */
async function clusterSecrets(): Promise<Secrets> {
  const file = path.join(CLUSTER_DIR, "secrets.json");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing) return JSON.parse(existing) as Secrets;
  const secret = () => randomBytes(32).toString("base64url");
  const secrets: Secrets = { postgres: { superuser: secret(), owner: secret(), app: secret() }, authSecret: secret(), liveKitSecret: secret() };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

const APP_RESTART_DELAY_MS = 3_000;
const DATABASE_RESTART_DELAY_MS = 3_000;
const CLUSTER_PID_FILE = path.join(CLUSTER_DIR, "cluster.pid");
/** Rewrites the state file (an app instance restarted has a new pid); set once everything runs. */
let writeState: (() => Promise<void>) | null = null;

/** What stops the cluster, newest first. */
const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await rm(CLUSTER_STATE_FILE, { force: true });
  for (const { name, stop } of stops.reverse()) {
    log(`Stopping ${name}…`);
    await stop().catch((error: unknown) => log(`${name} did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`));
  }
  await rm(CLUSTER_PID_FILE, { force: true });
  log("Stopped.");
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (!stopping) void stopAll(0);
  });
}

function started(part: ClusterProcess): ClusterProcess {
  stops.push({ name: part.name, stop: () => part.stop() });
  part.onExit((code, signal) => {
    if (!stopping) log(`${part.name} exited (${signal ?? `code ${code}`}); the rest keeps running. Its log: ${part.logFile}`);
  });
  return part;
}

/** LiveKit names each node at start (ND_…); RoomService's createRoom takes it to place a room. */
async function liveKitNodeId(logFile: string): Promise<string> {
  let nodeId = "";
  await waitUntil("LiveKit's node id in its log", async () => {
    nodeId = /"nodeID":\s*"(ND_[A-Za-z0-9]+)"/.exec(await readFile(logFile, "utf8"))?.[1] ?? "";
    return nodeId !== "";
  });
  return nodeId;
}

async function main(): Promise<void> {
  await mkdir(CLUSTER_DIR, { recursive: true });
  // A state file from a run that crashed describes processes that are gone.
  await rm(CLUSTER_STATE_FILE, { force: true });
  const secrets = await clusterSecrets();

  const mailDir = path.join(CLUSTER_DIR, "mail");
  const mail = await startMailCatcher({ dir: mailDir, port: CLUSTER_PORTS.smtp });
  stops.push({ name: "the mail catcher", stop: mail.stop });

  // A PostgreSQL server that stops (a test restarting it) is started again, as
  // a managed database's supervisor would; the apps reconnect by themselves.
  let database: ClusterProcess | null = null;
  const startDatabase = async () => {
    const server = await startPostgres({
      port: CLUSTER_PORTS.postgres,
      dataDir: path.join(CLUSTER_DIR, "pg"),
      logFile: path.join(CLUSTER_DIR, "postgres.log"),
      pidFile: path.join(CLUSTER_DIR, "postgres.pid"),
      passwords: secrets.postgres,
    });
    database = server.process;
    server.process.onExit((code, signal) => {
      if (stopping) return;
      log(`PostgreSQL exited (${signal ?? `code ${code}`}); starting it again in ${DATABASE_RESTART_DELAY_MS / 1000} s. Its log: ${server.process.logFile}`);
      setTimeout(() => {
        if (!stopping) void startDatabase().then(() => writeState?.());
      }, DATABASE_RESTART_DELAY_MS);
    });
    return server;
  };
  const postgres = await startDatabase();
  stops.push({ name: "PostgreSQL", stop: async () => database?.stop() });
  log(`PostgreSQL on 127.0.0.1:${CLUSTER_PORTS.postgres} (database clinic; roles clinic_owner and clinic_app)`);
  await migrateDatabase(postgres.migrationUrl, { log });
  process.env.AUTH_SECRET = secrets.authSecret;
  await seedDemoClinicOnce(postgres.url, log);

  // LiveKit nodes refuse to start without their Redis.
  started(await startRedis({ port: CLUSTER_PORTS.redis, dir: CLUSTER_DIR }));
  log(`Redis on 127.0.0.1:${CLUSTER_PORTS.redis}`);

  const nodes: Array<LocalLiveKit & { name: string; nodeId: string; signal: number }> = [];
  for (const [index, ports] of CLUSTER_PORTS.liveKitNodes.entries()) {
    const name = `LiveKit node ${index + 1}`;
    const node = await startLocalLiveKit({
      ports,
      // Every node posts its rooms' events to the clinic's address, whichever app instance answers.
      webhookUrl: `${loopback(CLUSTER_PORTS.app)}/api/livekit/webhook`,
      dataDir: path.join(CLUSTER_DIR, `livekit-${index + 1}`),
      log,
      apiKey: LIVEKIT_API_KEY,
      apiSecret: secrets.liveKitSecret,
      redis: { address: `127.0.0.1:${CLUSTER_PORTS.redis}` },
    });
    stops.push({ name, stop: node.stop });
    nodes.push({ ...node, name, nodeId: await liveKitNodeId(node.logFile), signal: ports.signal });
  }

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // The app server must not get the react-server condition the launcher runs under (serve.ts passes its own).
    NODE_OPTIONS: "",
    DATABASE_URL: postgres.url,
    APP_URL: loopback(CLUSTER_PORTS.app),
    AUTH_SECRET: secrets.authSecret,
    SMTP_URL: mail.url,
    LIVEKIT_URL: loopback(CLUSTER_PORTS.liveKit, "ws"),
    LIVEKIT_API_KEY,
    LIVEKIT_API_SECRET: secrets.liveKitSecret,
    // The seeded demo clinic's accounts are public; the cluster is a demonstration on loopback.
    DEMO: "1",
    HOST: "127.0.0.1",
    // HAProxy adds X-Forwarded-For: the client's address is the one it saw.
    TRUSTED_PROXY_HOPS: "1",
  };
  delete appEnv.MIGRATION_DATABASE_URL;
  const serveScript = path.join(import.meta.dirname, "serve.ts");
  const apps = CLUSTER_PORTS.apps.map((port, index) => ({ name: `app instance ${String.fromCharCode(65 + index)}`, port, index, process: null as ClusterProcess | null }));
  // An instance that dies is started again, as an orchestrator would; meanwhile HAProxy sends everyone to the other.
  const startApp = async (app: (typeof apps)[number]): Promise<ClusterProcess> => {
    const appProcess = await startClusterProcess({
      name: app.name,
      command: process.execPath,
      args: ["--conditions=react-server", "--import", import.meta.resolve("tsx"), serveScript, "start"],
      env: { ...appEnv, PORT: String(app.port) },
      logFile: path.join(CLUSTER_DIR, `app-${app.index + 1}.log`),
      pidFile: path.join(CLUSTER_DIR, `app-${app.index + 1}.pid`),
      isOurs: (commandLine) => commandLine.includes(serveScript),
    });
    app.process = appProcess;
    appProcess.onExit((code, signal) => {
      if (stopping) return;
      log(`${app.name} exited (${signal ?? `code ${code}`}); starting it again in ${APP_RESTART_DELAY_MS / 1000} s. Its log: ${appProcess.logFile}`);
      setTimeout(() => {
        if (!stopping) void startApp(app).then(() => writeState?.());
      }, APP_RESTART_DELAY_MS);
    });
    return appProcess;
  };
  for (const app of apps) {
    await startApp(app);
    stops.push({ name: app.name, stop: async () => app.process?.stop() });
  }
  for (const app of apps) {
    await waitUntil(`${app.name} on port ${app.port}`, async () => (await fetch(`${loopback(app.port)}/api/health`)).ok, {
      process: app.process!,
      timeoutMs: 120_000,
    });
    log(`${app.name}: ${loopback(app.port)} (log ${app.process!.logFile})`);
  }

  started(
    await startHaproxy({
      dir: CLUSTER_DIR,
      appPort: CLUSTER_PORTS.app,
      appBackends: CLUSTER_PORTS.apps,
      liveKitPort: CLUSTER_PORTS.liveKit,
      liveKitBackends: CLUSTER_PORTS.liveKitNodes.map((node) => node.signal),
      statsPort: CLUSTER_PORTS.haproxyStats,
    }),
  );

  const state = (): ClusterState => ({
    url: loopback(CLUSTER_PORTS.app),
    apps: apps.map((app) => ({ name: app.name, url: loopback(app.port), pid: app.process!.pid })),
    liveKit: {
      url: loopback(CLUSTER_PORTS.liveKit, "ws"),
      apiKey: LIVEKIT_API_KEY,
      apiSecret: secrets.liveKitSecret,
      nodes: nodes.map((node) => ({ name: node.name, url: loopback(node.signal, "ws"), nodeId: node.nodeId, pid: node.pid, logFile: node.logFile })),
    },
    redis: `127.0.0.1:${CLUSTER_PORTS.redis}`,
    databaseUrl: postgres.url,
    databasePid: database!.pid,
    migrationDatabaseUrl: postgres.migrationUrl,
    authSecret: secrets.authSecret,
    mailDir,
    pid: process.pid,
  });
  writeState = () => writeFile(CLUSTER_STATE_FILE, JSON.stringify(state(), null, 2), { mode: 0o600 });
  await writeState();
  const { url, apps: appUrls, liveKit } = state();
  log("");
  log(`The clinic: ${url} (HAProxy, round robin over ${appUrls.map((app) => app.url).join(" and ")})`);
  log(`LiveKit for every client: ${liveKit.url} (HAProxy over ${liveKit.nodes.map((node) => `${node.url} ${node.nodeId}`).join(", ")})`);
  log(`HAProxy's statistics: ${loopback(CLUSTER_PORTS.haproxyStats)}; mail lands in ${mailDir}`);
  log(`Demo accounts as in README (password Clinic-Demo-2026!). Ctrl-C stops everything. Details: ${CLUSTER_STATE_FILE}`);
}

// One cluster at a time: a running one is left alone; the pid files of one
// that crashed are cleaned up as each part starts again.
const previous = Number((await readFile(CLUSTER_PID_FILE, "utf8").catch(() => "")).trim());
if (previous > 0 && (await readFile(`/proc/${previous}/cmdline`, "utf8").catch(() => "")).includes("scripts/cluster.ts")) {
  console.error(`A cluster is already running (process ${previous}); stop it first (kill -TERM ${previous}). Details: ${CLUSTER_STATE_FILE}`);
  process.exit(1);
}
await mkdir(CLUSTER_DIR, { recursive: true });
await writeFile(CLUSTER_PID_FILE, String(process.pid));
try {
  await main();
} catch (error) {
  // Setup problems carry their own explanation; anything else keeps its stack.
  console.error(error instanceof LiveKitSetupError ? error.message : error);
  await stopAll(1);
}
