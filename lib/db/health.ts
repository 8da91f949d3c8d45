import "server-only";
import { isDraining } from "@/lib/observability/lifecycle";
import { getDb } from "./client";
import { DEFAULT_MIGRATIONS_DIR, planMigrations, readMigrations, type AppliedMigration, type MigrationFile } from "./migrate";
import type { Database } from "./prisma";

// Liveness and readiness, for load balancers and orchestrators.

export async function isDatabaseReachable(): Promise<boolean> {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/** What keeps an instance from taking requests: nothing when it is ready. */
export type NotReadyBecause = "shutting down" | "database unreachable" | "migrations not applied";

// The migrations this code was shipped with: read once, they do not change while it runs.
const shippedMigrations = new Map<string, Promise<MigrationFile[]>>();

/**
 * Whether this instance should be sent requests: it is not stopping, the
 * database answers, and every migration this code expects has been applied
 * (as `npm run db:migrate` records them in `_prisma_migrations`), so an
 * instance of a newer release waits for its migrations before it takes traffic.
 */
export async function readiness({ db = getDb(), migrationsDir = DEFAULT_MIGRATIONS_DIR }: { db?: Database; migrationsDir?: string } = {}): Promise<
  { ready: true } | { ready: false; missing: NotReadyBecause }
> {
  if (isDraining()) return { ready: false, missing: "shutting down" };
  let applied: AppliedMigration[];
  try {
    const [{ migrated }] = await db.$queryRaw<[{ migrated: boolean }]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS migrated`;
    if (!migrated) return { ready: false, missing: "migrations not applied" };
    applied = await db.$queryRaw<AppliedMigration[]>`
      SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`;
  } catch {
    return { ready: false, missing: "database unreachable" };
  }
  if (!shippedMigrations.has(migrationsDir)) shippedMigrations.set(migrationsDir, readMigrations(migrationsDir));
  try {
    return planMigrations(await shippedMigrations.get(migrationsDir)!, applied).length === 0 ? { ready: true } : { ready: false, missing: "migrations not applied" };
  } catch {
    // A history that needs a human (an edited or unknown migration) is not one to serve on.
    return { ready: false, missing: "migrations not applied" };
  }
}
