// Applies pending migrations to DATABASE_URL, or to the embedded database.
import { openDatabase } from "../lib/db/environment";
import { migrateDatabase } from "../lib/db/migrate";

const database = await openDatabase();
try {
  const { applied } = await migrateDatabase(database.url, { log: (message) => console.log(message) });
  console.log(applied.length === 0 ? "Database is up to date." : `Applied ${applied.length} migration(s).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
