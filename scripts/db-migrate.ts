// Applies pending migrations as the tables' owner: MIGRATION_DATABASE_URL, else
// DATABASE_URL, else the embedded database.
import { openOwnerDatabase } from "../lib/db/environment";
import { migrateDatabase } from "../lib/db/migrate";

const database = await openOwnerDatabase();
try {
  const { applied } = await migrateDatabase(database.url, { log: (message) => console.log(message) });
  console.log(applied.length === 0 ? "Database is up to date." : `Applied ${applied.length} migration(s).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
