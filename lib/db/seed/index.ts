import "server-only";
import type { PrismaClient } from "../generated/client";
import { generateClinic, type ClinicOptions } from "./generate";
import { emptyCounts, insertRows, type TableCounts } from "./writer";

// Seeds the deterministic demo clinic into an empty, migrated database.

export { DEMO_EMAILS, DEMO_PATIENT, DEMO_PHYSICIANS, DEMO_ADMIN, DEMO_SCHEDULER, CLINIC_TIME_ZONE } from "./demo-clinic";
export { generateClinic, MAX_PATIENTS, seedDayOf } from "./generate";
export type { TableCounts } from "./writer";

export interface SeedOptions extends ClinicOptions {
  log?: (message: string) => void;
}

export class ClinicAlreadySeededError extends Error {
  override name = "ClinicAlreadySeededError";
}

/** True once the database has any user: the demo clinic is only ever seeded into an empty one. */
export async function isSeeded(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.findFirst({ select: { id: true } })) !== null;
}

/** Long enough for a 100,000-patient clinic on a slow disk. */
const TRANSACTION_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * Creates the demo clinic and returns how many rows went into each table.
 * All or nothing: it runs in one transaction, so a failure leaves the database empty.
 * Refuses (ClinicAlreadySeededError) when the database already has users.
 */
export async function seedClinic(prisma: PrismaClient, options: SeedOptions): Promise<TableCounts> {
  const log = options.log ?? (() => {});
  if (await isSeeded(prisma)) {
    throw new ClinicAlreadySeededError(
      "The database already has users, so the demo clinic was not created. Seed only a freshly migrated, empty database.",
    );
  }
  const counts = emptyCounts();
  const started = Date.now();
  await prisma.$transaction(
    async (tx) => {
      for (const batch of generateClinic(options)) {
        await insertRows(tx, batch.rows, counts);
        log(`Seeded ${batch.description} (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
  return counts;
}
