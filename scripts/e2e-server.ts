// The server Playwright tests run against: the production build on a fresh,
// migrated database holding the demo clinic (a new database on the PostgreSQL
// server in DATABASE_URL, or an in-memory PGlite without one).
import { createScratchDatabase } from "../lib/db/testing/scratch-database";
import { seedDemoClinicOnce } from "./support/demo-clinic";
import { runNext } from "./support/next-process";

const port = process.env.E2E_PORT ?? "3100";
const log = (message: string) => console.log(`[e2e] ${message}`);

const database = await createScratchDatabase(process.env.DATABASE_URL ?? null, { migrate: true });
await seedDemoClinicOnce(database.url, log);
log(`Serving the production build on port ${port}`);
runNext("start", ["--port", port, "--hostname", "127.0.0.1"], { DATABASE_URL: database.url }, database.drop);
