import type { TestProject } from "vitest/node";
import { createScratchDatabase } from "./scratch-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's freshly migrated database, as the app's runtime role. */
    databaseUrl: string;
    /** The same database as its owner, which migrated it. */
    migrationDatabaseUrl: string;
    /** The PostgreSQL server (an admin's URL) DATABASE_URL named, for tests that need databases of their own; null on embedded PGlite. */
    postgresServerUrl: string | null;
  }
}

// Every integration run starts from a freshly migrated, empty database: on the
// PostgreSQL server DATABASE_URL points at (with a role that may create
// databases and roles), or on embedded PGlite without one. Tests connect as
// the database's runtime role, as the app does.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgresServerUrl = process.env.DATABASE_URL ?? null;
  const database = await createScratchDatabase(postgresServerUrl, { migrate: true });
  project.provide("databaseUrl", database.url);
  project.provide("migrationDatabaseUrl", database.migrationUrl);
  project.provide("postgresServerUrl", postgresServerUrl);
  return database.drop;
}
