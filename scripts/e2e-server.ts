// The server Playwright tests run against: the production build on a fresh,
// migrated database holding the demo clinic (a new database on the PostgreSQL
// server in DATABASE_URL, or an in-memory PGlite without one), with a local
// SMTP catcher whose folder the tests read.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createScratchDatabase } from "../lib/db/testing/scratch-database";
import { seedDemoClinicOnce } from "./support/demo-clinic";
import { E2E_RUN_DIR, e2eServerStateFile } from "./support/e2e-run";
import { startLocalServices } from "./support/local-services";
import { runNext } from "./support/next-process";
import { startReminderWorker } from "./support/reminder-worker";

const port = process.env.E2E_PORT ?? "3100";
const log = (message: string) => console.log(`[e2e] ${message}`);

await rm(E2E_RUN_DIR, { recursive: true, force: true });
const services = await startLocalServices({ dataDir: E2E_RUN_DIR, mailDir: path.join(E2E_RUN_DIR, "mail") });
Object.assign(process.env, services.env);
const database = await createScratchDatabase(process.env.DATABASE_URL ?? null, { migrate: true });
await seedDemoClinicOnce(database.url, log);
await writeFile(
  e2eServerStateFile,
  JSON.stringify({ databaseUrl: database.url, mailDir: services.env.MAIL_CATCHER_DIR, authSecret: services.env.AUTH_SECRET }),
);

process.env.JOB_POLL_MS ??= "500";
const reminders = startReminderWorker(database.url, log);

log(`Serving the production build on port ${port}`);
runNext(
  "start",
  ["--port", port, "--hostname", "127.0.0.1"],
  { ...services.env, DATABASE_URL: database.url, APP_URL: `http://127.0.0.1:${port}` },
  async () => {
    await reminders.stop();
    await Promise.all([database.drop(), services.stop()]);
  },
);
