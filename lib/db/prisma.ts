import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export function createPrismaClient(connectionString: string, options: { max?: number } = {}): PrismaClient {
  // The adapter writes and reads timestamps as UTC wall-clock values, so the
  // session must be in UTC or stored instants shift by the server's offset.
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10, options: "-c TimeZone=UTC" });
  return new PrismaClient({ adapter });
}
