// `npm run dev` and `npm start`: prepares the database and local services, then
// runs Next. Without DATABASE_URL the database is embedded PGlite under .data/,
// migrated and filled with the demo clinic on first start, and a local SMTP
// catcher takes the mail, so a bare machine just works.
import path from "node:path";
import { openDatabase } from "../lib/db/environment";
import { migrateDatabase } from "../lib/db/migrate";
import { seedDemoClinicOnce } from "./support/demo-clinic";
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
const database = await openDatabase();
const production = mode === "start" && !database.embedded;
if (production && (!process.env.AUTH_SECRET || !process.env.SMTP_URL)) {
  console.error("A production start needs AUTH_SECRET (32+ random bytes) and SMTP_URL in the environment.");
  process.exit(1);
}
log(database.embedded ? `Embedded database (PGlite) at ${database.url}` : "Using the PostgreSQL server in DATABASE_URL");

const services = await startLocalServices({ dataDir, mailDir: path.join(dataDir, "mail") });
Object.assign(process.env, services.env);
// PGlite is one Postgres session behind its socket: concurrent connections'
// statements interleave, so the embedded database is used one query at a time.
if (database.embedded) process.env.DATABASE_POOL_MAX = "1";
if (services.env.MAIL_CATCHER_DIR) log(`Mail is caught locally in ${services.env.MAIL_CATCHER_DIR}`);

try {
  await migrateDatabase(database.url, { log });
  if (database.embedded) await seedDemoClinicOnce(database.url, log);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await Promise.all([database.close(), services.stop()]);
  process.exit(1);
}

// Invitation and reminder emails go out from the durable job queue.
const reminders = startReminderWorker(database.url, log);

runNext(mode, nextArgs, { ...services.env, DATABASE_URL: database.url }, async () => {
  await reminders.stop();
  await Promise.all([database.close(), services.stop()]);
});
