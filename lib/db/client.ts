import "server-only";
import { createPrismaClient, type Database } from "./prisma";

// One client per server process. Next's dev server re-evaluates modules on every
// edit, so the instance is parked on globalThis to avoid leaking pools.
const globalForDb = globalThis as typeof globalThis & { telemedicineDb?: Database };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which run the embedded database when no DATABASE_URL is given.",
    );
  }
  return url;
}

export function getDb(): Database {
  globalForDb.telemedicineDb ??= createPrismaClient(databaseUrl());
  return globalForDb.telemedicineDb;
}
