import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { mayPrepareStatements, statementName } from "./statements";

export type Database = PrismaClient;

function configuredPoolSize(): number {
  const configured = Number(process.env.DATABASE_POOL_MAX);
  return Number.isInteger(configured) && configured > 0 ? configured : 10;
}

export function createPrismaClient(connectionString: string, options: { max?: number } = {}): PrismaClient {
  // The adapter writes and reads timestamps as UTC wall-clock values, so the
  // session must be in UTC or stored instants shift by the server's offset.
  const adapter = new PrismaPg(
    { connectionString, max: Math.min(options.max ?? 10, configuredPoolSize()), options: "-c TimeZone=UTC" },
    mayPrepareStatements(connectionString) ? { statementNameGenerator: (query) => statementName(query.sql) } : {},
  );
  return new PrismaClient({ adapter });
}
