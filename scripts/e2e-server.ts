// The server Playwright tests run against: the production build on a fresh,
// migrated database holding the demo clinic (a new database on the PostgreSQL
// server in DATABASE_URL, or an in-memory PGlite without one), with a local
// SMTP catcher whose folder the tests read, and a local LiveKit server (unless
// LIVEKIT_URL names one) whose key and secret the tests read from the state file,
// and a local Orthanc image archive (unless DICOMWEB_URL names one) holding the demo studies.
// Like production without a proxy, the app trusts no proxy hop: the client
// address is the socket's (tests that need a proxy start an app instance of
// their own with TRUSTED_PROXY_HOPS).
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { E2eServerState } from "../e2e/support/server-state";
import { createScratchDatabase } from "../lib/db/testing/scratch-database";
import { seedDemoClinicOnce } from "./support/demo-clinic";
import { E2E_APP_LOG, E2E_RUN_DIR, e2eServerStateFile } from "./support/e2e-run";
import { liveKitForRun, LiveKitSetupError, type LiveKitEnv } from "./support/livekit-server";
import { dicomWebForRun, OrthancSetupError, type DicomWebEnv } from "./support/orthanc-server";
import { startLocalServices } from "./support/local-services";
import { runAppServer } from "./support/app-process";
import { startReminderWorker } from "./support/reminder-worker";
import { E2E_CLOCK_OFFSET_VARIABLE } from "../lib/scheduling/clock";

const port = process.env.E2E_PORT ?? "3100";
const appUrl = `http://127.0.0.1:${port}`;
// Apart from dev's 7880-7882, so tests run beside `npm run dev`; E2E_LIVEKIT_PORT
// moves a second e2e run's three ports (signal, then ICE TCP and UDP above it).
const liveKitPort = Number(process.env.E2E_LIVEKIT_PORT ?? "7980");
// Orthanc's HTTP port, 10000 above the app's unless E2E_ORTHANC_PORT says.
const orthancPort = Number(process.env.E2E_ORTHANC_PORT ?? Number(port) + 10_000);
const log = (message: string) => console.log(`[e2e] ${message}`);
log(`Node ${process.version}`);

if (!Number.isInteger(liveKitPort) || liveKitPort < 1024 || liveKitPort > 65533) {
  console.error(`E2E_LIVEKIT_PORT must be a port number from 1024 to 65533 (it is "${process.env.E2E_LIVEKIT_PORT}").`);
  process.exit(1);
}

// E2E_CLOCK=<a future instant> runs the scheduling clock (lib/scheduling/clock.ts) from
// there, in the app, its job worker and (through the state file) the tests' browsers.
const clockOffsetMs = process.env.E2E_CLOCK ? Date.parse(process.env.E2E_CLOCK) - Date.now() : 0;
if (!(clockOffsetMs >= 0)) {
  console.error(`E2E_CLOCK must be an instant in the future, like 2027-07-14T13:00:00Z (it is "${process.env.E2E_CLOCK}").`);
  process.exit(1);
}
process.env[E2E_CLOCK_OFFSET_VARIABLE] = String(clockOffsetMs);
if (clockOffsetMs > 0) log(`The scheduling clock starts at ${process.env.E2E_CLOCK}`);

await rm(E2E_RUN_DIR, { recursive: true, force: true });
const services = await startLocalServices({ dataDir: E2E_RUN_DIR, mailDir: path.join(E2E_RUN_DIR, "mail") });
Object.assign(process.env, services.env);

let liveKitEnv: LiveKitEnv;
let stopLiveKit = async () => {};
try {
  ({ env: liveKitEnv, stop: stopLiveKit } = await liveKitForRun({ basePort: liveKitPort, appUrl, dataDir: E2E_RUN_DIR, log }));
} catch (error) {
  console.error(error instanceof LiveKitSetupError ? error.message : error);
  await services.stop();
  process.exit(1);
}
Object.assign(process.env, liveKitEnv);

let dicomWebEnv: DicomWebEnv | null;
let stopArchive = async () => {};
try {
  ({ env: dicomWebEnv, stop: stopArchive } = await dicomWebForRun({ httpPort: orthancPort, dataDir: E2E_RUN_DIR, log }));
} catch (error) {
  console.error(error instanceof OrthancSetupError ? error.message : error);
  await Promise.all([services.stop(), stopLiveKit()]);
  process.exit(1);
}
Object.assign(process.env, dicomWebEnv);

const database = await createScratchDatabase(process.env.DATABASE_URL ?? null, { migrate: true });
await seedDemoClinicOnce(database.url, log);
const state: E2eServerState = {
  databaseUrl: database.url,
  mailDir: services.env.MAIL_CATCHER_DIR!,
  authSecret: services.env.AUTH_SECRET!,
  livekitUrl: liveKitEnv.LIVEKIT_URL,
  livekitApiKey: liveKitEnv.LIVEKIT_API_KEY,
  livekitApiSecret: liveKitEnv.LIVEKIT_API_SECRET,
  clockOffsetMs,
  metricsToken: randomBytes(24).toString("base64url"),
};
await writeFile(e2eServerStateFile, JSON.stringify(state), { mode: 0o600 });

process.env.JOB_POLL_MS ??= "500";
// The worker writes this server's links into the mail it sends, as the app writes them into its pages.
process.env.APP_URL = appUrl;
const reminders = startReminderWorker(database.url);

log(`Serving the production build on port ${port}`);
runAppServer(
  {
    mode: "start",
    port: Number(port),
    host: "127.0.0.1",
    env: { ...services.env, ...liveKitEnv, ...dicomWebEnv, DATABASE_URL: database.url, APP_URL: appUrl, METRICS_TOKEN: state.metricsToken },
    // The run's log is checked for patient data and stack traces when the tests end (e2e/support/log-check.ts).
    logFile: E2E_APP_LOG,
  },
  async () => {
    await reminders.stop();
    await Promise.all([database.drop(), services.stop(), stopLiveKit(), stopArchive()]);
  },
);
