import type { TestProject } from "vitest/node";
import { createScratchDatabase } from "./scratch-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's freshly migrated database. */
    databaseUrl: string;
    /** The PostgreSQL server DATABASE_URL named, for tests that need databases of their own; null on embedded PGlite. */
    postgresServerUrl: string | null;
  }
}

// Every integration run starts from a freshly migrated, empty database: on the
// PostgreSQL server DATABASE_URL points at, or on embedded PGlite without one.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgresServerUrl = process.env.DATABASE_URL ?? null;
  const database = await createScratchDatabase(postgresServerUrl, { migrate: true });
  project.provide("databaseUrl", database.url);
  project.provide("postgresServerUrl", postgresServerUrl);
  return database.drop;
}
