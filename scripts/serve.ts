// `npm run dev` and `npm start`: prepares the database, then runs Next.
// Without DATABASE_URL the database is embedded PGlite under .data/, migrated
// and filled with the demo clinic on first start, so a bare machine just works.
import { openDatabase } from "../lib/db/environment";
import { migrateDatabase } from "../lib/db/migrate";
import { seedDemoClinicOnce } from "./support/demo-clinic";
import { runNext } from "./support/next-process";

const [mode, ...nextArgs] = process.argv.slice(2);
if (mode !== "dev" && mode !== "start") {
  console.error("usage: serve.ts dev|start [next options]");
  process.exit(2);
}

const log = (message: string) => console.log(`[clinic] ${message}`);
const database = await openDatabase();
log(database.embedded ? `Embedded database (PGlite) at ${database.url}` : "Using the PostgreSQL server in DATABASE_URL");

try {
  await migrateDatabase(database.url, { log });
  if (database.embedded) await seedDemoClinicOnce(database.url, log);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await database.close();
  process.exit(1);
}

runNext(mode, nextArgs, { DATABASE_URL: database.url }, database.close);
