import "server-only";
import type pg from "pg";
import { onShutdown } from "@/lib/observability/lifecycle";
import { createPrismaClientWithPool, type Database } from "./prisma";

// One client per server process. Next's dev server re-evaluates modules on every
// edit, so the instance is parked on globalThis to avoid leaking pools.
const globalForDb = globalThis as typeof globalThis & { telemedicineDb?: { db: Database; pool: pg.Pool } };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which run the embedded database when no DATABASE_URL is given.",
    );
  }
  return url;
}

function instance(): { db: Database; pool: pg.Pool } {
  if (!globalForDb.telemedicineDb) {
    const created = createPrismaClientWithPool(databaseUrl());
    globalForDb.telemedicineDb = created;
    // The app server closes it once the last request of a shutdown was answered.
    onShutdown(() => created.db.$disconnect());
  }
  return globalForDb.telemedicineDb;
}

export function getDb(): Database {
  return instance().db;
}

/** The app's pool right now: connections open, idle, and queries waiting for one. */
export function databasePoolUse(): { total: number; idle: number; waiting: number } {
  const { pool } = instance();
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
