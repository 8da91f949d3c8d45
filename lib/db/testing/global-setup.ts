import type { TestProject } from "vitest/node";
import { startTestPostgresServer } from "./postgres-server";
import { createScratchDatabase } from "./scratch-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's freshly migrated database, as the app's runtime role. */
    databaseUrl: string;
    /** The same database as its owner, which migrated it. */
    migrationDatabaseUrl: string;
    /** The PostgreSQL server (an admin's URL), for tests that need databases of their own. */
    postgresServerUrl: string;
  }
}

// Every integration run starts from a freshly migrated, empty database on a
// real PostgreSQL server: the one DATABASE_URL points at (with a role that may
// create databases and roles), or, without it, an embedded PostgreSQL started
// for this run. Tests connect as the database's runtime role, as the app does.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : await startTestPostgresServer();
  const database = await createScratchDatabase(server.url, { migrate: true });
  project.provide("databaseUrl", database.url);
  project.provide("migrationDatabaseUrl", database.migrationUrl);
  project.provide("postgresServerUrl", server.url);
  return async () => {
    await database.drop();
    await server.stop();
  };
}
