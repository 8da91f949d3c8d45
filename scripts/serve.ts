// `npm run dev` and `npm start`: prepares the database and local services, then
// runs Next. Without DATABASE_URL the database is embedded PGlite under .data/,
// migrated and filled with the demo clinic on first start, a local SMTP catcher
// takes the mail and, without LIVEKIT_URL, a local LiveKit server carries the
// video visits, so a bare machine just works.
import path from "node:path";
import { openDatabase, prepareDatabase } from "../lib/db/environment";
import { jobRetentionDays } from "../lib/jobs/queue";
import { seedDemoClinicOnce } from "./support/demo-clinic";
import { configuredLiveKit, LiveKitSetupError, startLocalLiveKit, type LocalLiveKit } from "./support/livekit-server";
import { startLocalServices } from "./support/local-services";
import { runNext } from "./support/next-process";
import { startReminderWorker } from "./support/reminder-worker";

const [mode, ...nextArgs] = process.argv.slice(2);
if (mode !== "dev" && mode !== "start") {
  console.error("usage: serve.ts dev|start [next options]");
  process.exit(2);
}

const log = (message: string) => console.log(`[clinic] ${message}`);
const dataDir = path.join(process.cwd(), ".data");
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
if (production && (!process.env.AUTH_SECRET || !process.env.SMTP_URL)) {
  console.error("A production start needs AUTH_SECRET (32+ random bytes) and SMTP_URL in the environment.");
  process.exit(1);
}
// The local server is for one machine (loopback only, a development key).
if (production && !hostedLiveKit) {
  console.error(
    "A production start needs LIVEKIT_URL (wss://…), LIVEKIT_API_KEY and LIVEKIT_API_SECRET in the environment: " +
      "LiveKit Cloud or your own LiveKit server, with its webhook pointed at <APP_URL>/api/livekit/webhook.",
  );
  process.exit(1);
}
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
      ports: { signal: 7880, tcp: 7881, udp: 7882 },
      webhookUrl: `http://127.0.0.1:${appPort(nextArgs)}/api/livekit/webhook`,
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
const stopLiveKit = async () => liveKit?.stop();

try {
  await prepareDatabase(database, { production, log });
  if (database.embedded) await seedDemoClinicOnce(database.url, log);
  // The owner's credentials stay out of the app's process.
  delete process.env.MIGRATION_DATABASE_URL;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await Promise.all([database.close(), services.stop(), stopLiveKit()]);
  process.exit(1);
}

// Invitation and reminder emails go out from the durable job queue.
const reminders = startReminderWorker(database.url, log);

runNext(mode, nextArgs, { ...services.env, ...liveKitEnv, DATABASE_URL: database.url }, async () => {
  await reminders.stop();
  await Promise.all([database.close(), services.stop(), stopLiveKit()]);
});

/** The port Next will listen on (`-p`/`--port`, else PORT, else 3000): LiveKit's webhooks go there. */
function appPort(args: string[]): string {
  for (const [index, arg] of args.entries()) {
    if ((arg === "-p" || arg === "--port") && args[index + 1]) return args[index + 1]!;
    const inline = /^(?:-p|--port)=(\d+)$/.exec(arg);
    if (inline) return inline[1]!;
  }
  return process.env.PORT ?? "3000";
}
