// `npm run dev` and `npm start`: checks the settings, prepares the database and
// local services, then runs the app server (support/app-server.ts). Without
// DATABASE_URL the database is embedded PGlite under .data/, migrated and
// filled with the demo clinic on first start, a local SMTP catcher takes the
// mail, without LIVEKIT_URL a local LiveKit server carries the video
// visits and, without DICOMWEB_URL, a local Orthanc (when installed) is the
// image archive, so a bare machine just works. That demo clinic's sign-in details are
// public, so it runs only in development or, with DEMO=1, `npm start`, and
// listens on 127.0.0.1 unless HOST is set.
import path from "node:path";
import { openDatabase, prepareDatabase } from "../lib/db/environment";
import { jobRetentionDays } from "../lib/jobs/queue";
import { runAppServer } from "./support/app-process";
import { holdsDemoAccounts, seedDemoClinicOnce } from "./support/demo-clinic";
import { configuredLiveKit, LiveKitSetupError, startLocalLiveKit, type LocalLiveKit } from "./support/livekit-server";
import { configuredDicomWeb, dicomWebForRun, type DicomWebEnv } from "./support/orthanc-server";
import { startLocalServices } from "./support/local-services";
import { startReminderWorker } from "./support/reminder-worker";
import { isDemo, listenHost, listenPort, startChecks } from "./support/start-checks";

const [mode, ...unexpected] = process.argv.slice(2);
if ((mode !== "dev" && mode !== "start") || unexpected.length > 0) {
  console.error("usage: serve.ts dev|start (PORT and HOST in the environment say where the app listens)");
  process.exit(2);
}

const log = (message: string) => console.log(`[clinic] ${message}`);
const dataDir = path.join(process.cwd(), ".data");
log(`Node ${process.version}; the reminder worker runs in this process, the app server in a child on the same Node`);
const { refusals, warnings } = startChecks(mode, process.env);
for (const warning of warnings) console.warn(`[clinic] Warning: ${warning}`);
if (refusals.length > 0) {
  console.error(`Not starting:\n${refusals.map((refusal) => `- ${refusal}`).join("\n")}`);
  process.exit(1);
}
const port = listenPort(process.env);
// LOCAL_LIVEKIT_PORT moves the local LiveKit's three ports (signal, then ICE TCP and UDP above it), as E2E_LIVEKIT_PORT does the e2e server's.
const localLiveKitPort = Number(process.env.LOCAL_LIVEKIT_PORT || 7880);
if (!Number.isInteger(localLiveKitPort) || localLiveKitPort < 1024 || localLiveKitPort > 65533) {
  console.error(`LOCAL_LIVEKIT_PORT must be a port number from 1024 to 65533 (it is "${process.env.LOCAL_LIVEKIT_PORT}").`);
  process.exit(1);
}
let hostedLiveKit: ReturnType<typeof configuredLiveKit>;
try {
  hostedLiveKit = configuredLiveKit();
  // The reminder worker reads it later; a malformed value stops the start before anything runs.
  jobRetentionDays();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const database = await openDatabase();
const production = mode === "start" && !database.embedded;
log(database.embedded ? `Embedded database (PGlite) at ${database.url}` : "Using the PostgreSQL server in DATABASE_URL");

const services = await startLocalServices({ dataDir, mailDir: path.join(dataDir, "mail") });
Object.assign(process.env, services.env);
// PGlite is one Postgres session behind its socket: concurrent connections'
// statements interleave, so the embedded database is used one query at a time.
if (database.embedded) process.env.DATABASE_POOL_MAX = "1";
if (services.env.MAIL_CATCHER_DIR) log(`Mail is caught locally in ${services.env.MAIL_CATCHER_DIR}`);

// Dev uses LiveKit's well-known development key and secret (the server is on
// loopback only), so LiveKit's own tools work against it unconfigured.
let liveKit: LocalLiveKit | null = null;
try {
  if (hostedLiveKit) {
    log(`Using the LiveKit server at ${hostedLiveKit.LIVEKIT_URL}`);
  } else {
    liveKit = await startLocalLiveKit({
      ports: { signal: localLiveKitPort, tcp: localLiveKitPort + 1, udp: localLiveKitPort + 2 },
      webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook`,
      dataDir,
      log,
      apiKey: "devkey",
      apiSecret: "secret",
    });
  }
} catch (error) {
  console.error(error instanceof LiveKitSetupError ? error.message : error);
  await Promise.all([database.close(), services.stop()]);
  process.exit(1);
}
const liveKitEnv = hostedLiveKit ?? liveKit!.env;
Object.assign(process.env, liveKitEnv);

// The image archive: DICOMWEB_URL's (production's PACS); otherwise, outside
// production, a local Orthanc on 8043 (beside a system Orthanc's 8042) when
// installed. Without one the app runs and the imaging tab says how to add it.
let dicomWebEnv: DicomWebEnv | null = null;
let stopArchive = async () => {};
try {
  if (production) dicomWebEnv = configuredDicomWeb();
  else ({ env: dicomWebEnv, stop: stopArchive } = await dicomWebForRun({ httpPort: 8043, dataDir, log }));
} catch (error) {
  console.warn(`[clinic] Warning: imaging is off: ${error instanceof Error ? error.message : error}`);
}
Object.assign(process.env, dicomWebEnv);
// The local LiveKit and Orthanc, whichever this start runs.
const stopLocalServers = async () => Promise.all([liveKit?.stop(), stopArchive()]);

try {
  await prepareDatabase(database, { production, log });
  if (database.embedded) await seedDemoClinicOnce(database.url, log);
  if (production && !isDemo(process.env) && (await holdsDemoAccounts(database.url))) {
    throw new Error(
      "Not starting: the database in DATABASE_URL holds the demo clinic's accounts (…@demo.clinic, from npm run db:seed), " +
        "whose passwords and TOTP secrets are printed in README. Use a database of its own for a real clinic, or set DEMO=1 to serve the demo.",
    );
  }
  // The owner's credentials stay out of the app's process.
  delete process.env.MIGRATION_DATABASE_URL;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await Promise.all([database.close(), services.stop(), stopLocalServers()]);
  process.exit(1);
}

// Links in the mail caught locally must point at this server, on whatever port:
// the app's pages and the worker's mail alike.
const local: Record<string, string> = production ? {} : { APP_URL: process.env.APP_URL ?? `http://localhost:${port}` };
Object.assign(process.env, local);

// Invitation and reminder emails go out from the durable job queue. The worker
// stops at the first signal, while the app server finishes its requests, and
// gives the jobs it claimed back to the queue.
const reminders = startReminderWorker(database.url);
let remindersStopped: Promise<void> | null = null;
const stopReminders = () => (remindersStopped ??= reminders.stop());
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopReminders());
runAppServer(
  {
    mode,
    port,
    host: listenHost(mode, process.env),
    env: { ...services.env, ...liveKitEnv, ...dicomWebEnv, ...local, DATABASE_URL: database.url },
  },
  async () => {
    await stopReminders();
    await Promise.all([database.close(), services.stop(), stopLocalServers()]);
    log("Stopped: the app server, the reminder worker, LiveKit, the image archive and the local services");
  },
);
