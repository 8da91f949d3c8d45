import "server-only";
import type { PrismaClient } from "../generated/client";
import { generateClinic, type ClinicOptions } from "./generate";
import { setImmediate as nextTurn } from "node:timers/promises";
import { progressLine } from "./progress";
import { deferIndexes, emptyCounts, insertRows, type TableCounts } from "./writer";

// Seeds the deterministic demo clinic into an empty, migrated database.

export { DEMO_EMAILS, DEMO_PATIENT, DEMO_PHYSICIANS, DEMO_ADMIN, DEMO_SCHEDULER, CLINIC_TIME_ZONE } from "./demo-clinic";
export { generateClinic, MAX_PATIENTS, seedDayOf } from "./generate";
export type { TableCounts } from "./writer";

export interface SeedOptions extends ClinicOptions {
  log?: (message: string) => void;
  /**
   * Build the large tables' secondary indexes after the rows are in rather
   * than row by row (a benchmark clinic). The client must own the tables.
   */
  indexesAfterLoad?: boolean;
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
  const rowsDone = () => Object.values(counts).reduce((sum, n) => sum + n, 0);
  await prisma.$transaction(
    async (tx) => {
      const deferred = options.indexesAfterLoad ? await deferIndexes(tx) : null;
      // Each batch is one statement: while PostgreSQL writes it, the next batch is generated (on the other core).
      let writing: Promise<void> | null = null;
      for (const batch of generateClinic(options)) {
        await writing;
        writing = insertRows(tx, batch.rows, counts).then(() =>
          log(`Seeded ${batch.description}; ${progressLine({ patientsDone: counts.patients, patientsTotal: options.patients, rowsDone: rowsDone(), elapsedMs: Date.now() - started })}`),
        );
        writing.catch(() => {}); // awaited (and thrown) at the next batch; not unhandled meanwhile
        // Let the statement reach the server before generating blocks this thread.
        await nextTurn();
      }
      await writing;
      if (deferred) {
        const indexStarted = Date.now();
        const built = await deferred.rebuild();
        log(`Built ${built} indexes of the large tables in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s`);
      }
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
  return counts;
}
