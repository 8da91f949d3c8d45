import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { mayPrepareStatements, statementName } from "./statements";

export type Database = PrismaClient;

function configuredPoolSize(): number {
  const configured = Number(process.env.DATABASE_POOL_MAX);
  return Number.isInteger(configured) && configured > 0 ? configured : 10;
}

export function createPrismaClient(connectionString: string, options: { max?: number } = {}): PrismaClient {
  return createPrismaClientWithPool(connectionString, options).db;
}

/**
 * A client and the pg pool behind it, for a caller that reports the pool's use
 * (the app's metrics). The client's $disconnect ends the pool.
 */
export function createPrismaClientWithPool(connectionString: string, options: { max?: number } = {}): { db: PrismaClient; pool: pg.Pool } {
  // The adapter writes and reads timestamps as UTC wall-clock values, so the
  // session must be in UTC or stored instants shift by the server's offset.
  const pool = new pg.Pool({ connectionString, max: Math.min(options.max ?? 10, configuredPoolSize()), options: "-c TimeZone=UTC" });
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    ...(mayPrepareStatements(connectionString) ? { statementNameGenerator: (query: { sql: string }) => statementName(query.sql) } : {}),
  });
  return { db: new PrismaClient({ adapter }), pool };
}
