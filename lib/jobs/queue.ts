import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";

// A durable job queue in the Job table, for work that must happen later or
// must not be lost to a restart (appointment mail).
//
// Delivery is at least once. A worker claims due jobs (row locks with SKIP
// LOCKED, so racing workers never claim the same job), runs each handler, then
// marks the job complete. The claim is a lease: if the worker dies before
// completing, the lock goes stale after five minutes and another worker runs
// the job again. So a side effect that cannot share a transaction with the
// completion — sending an email over SMTP — repeats only when the process dies
// between doing it and recording it; handlers must tolerate that, and check
// the current state of what they act on rather than trusting the payload.

/** After this long a claim is treated as abandoned by a crashed worker. */
export const JOB_LOCK_TIMEOUT_MS = 5 * 60_000;
const MAX_ERROR_LENGTH = 2000;

/** How long a finished job stays in the table (JOB_RETENTION_DAYS overrides it). */
export const DEFAULT_JOB_RETENTION_DAYS = 30;
const MAX_JOB_RETENTION_DAYS = 36_500;
const DAY_MS = 24 * 60 * 60_000;

export interface JobRequest {
  kind: string;
  payload: Prisma.InputJsonObject;
  runAt: Date;
  /** A job with a key already enqueued is not enqueued again. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  /** Failed attempts before this one. */
  attempts: number;
  maxAttempts: number;
}

export interface JobContext {
  db: Database;
  job: ClaimedJob;
  /** The time this run of the queue started. */
  now: Date;
}

/** Throws to have the job retried later. */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export interface JobRunSummary {
  completed: number;
  /** Failed this time, to be tried again after a backoff. */
  retried: number;
  /** Failed for the last allowed time; never run again. */
  failed: number;
}

/** Enqueues the jobs in one statement; returns how many were new. */
export async function enqueueJobs(db: Pick<Database, "job">, jobs: readonly JobRequest[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const { count } = await db.job.createMany({ data: [...jobs], skipDuplicates: true });
  return count;
}

/** Enqueues one job; false when its dedupeKey was already taken. */
export async function enqueueJob(db: Pick<Database, "job">, job: JobRequest): Promise<boolean> {
  return (await enqueueJobs(db, [job])) === 1;
}

/** Exponential backoff after the nth failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 6 * 3_600_000);
}

/**
 * Claims up to `limit` due jobs for this worker and runs them one after another.
 * Once `stopping()` says so, it runs no further job of the batch: the worker
 * then gives them back (releaseClaimedJobs) rather than hold them until the
 * claim goes stale.
 */
export async function runDueJobs(
  db: Database,
  handlers: JobHandlers,
  options: { workerId: string; now?: Date; limit?: number; stopping?: () => boolean },
): Promise<JobRunSummary> {
  const now = options.now ?? new Date();
  const claimed = await claimDueJobs(db, options.workerId, now, options.limit ?? 10);
  const summary: JobRunSummary = { completed: 0, retried: 0, failed: 0 };
  for (const job of claimed) {
    if (options.stopping?.()) break;
    const ourClaim = { id: job.id, lockedBy: options.workerId, lockedAt: now };
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`No handler for jobs of kind "${job.kind}"`);
      await handler(job.payload, { db, job, now });
      await db.job.updateMany({ where: ourClaim, data: { completedAt: now } });
      summary.completed += 1;
    } catch (error) {
      const attempts = job.attempts + 1;
      const exhausted = attempts >= job.maxAttempts;
      await db.job.updateMany({
        where: ourClaim,
        data: {
          attempts,
          lastError: describeError(error).slice(0, MAX_ERROR_LENGTH),
          lockedAt: null,
          lockedBy: null,
          ...(exhausted ? { failedAt: now } : { runAt: new Date(now.getTime() + retryDelayMs(attempts)) }),
        },
      });
      if (exhausted) summary.failed += 1;
      else summary.retried += 1;
    }
  }
  return summary;
}

/**
 * Gives the jobs this worker claimed and has not finished back to the queue,
 * for any worker to run at once: a stopping worker calls it, so its unfinished
 * batch is not held for JOB_LOCK_TIMEOUT_MS. Returns how many it released.
 */
export async function releaseClaimedJobs(db: Pick<Database, "job">, workerId: string): Promise<number> {
  const { count } = await db.job.updateMany({
    where: { lockedBy: workerId, completedAt: null, failedAt: null },
    data: { lockedAt: null, lockedBy: null },
  });
  return count;
}

async function claimDueJobs(db: Database, workerId: string, now: Date, limit: number): Promise<ClaimedJob[]> {
  const staleBefore = new Date(now.getTime() - JOB_LOCK_TIMEOUT_MS);
  return db.$queryRaw<ClaimedJob[]>`
    UPDATE "Job" SET "lockedAt" = ${now}, "lockedBy" = ${workerId}
    WHERE "id" IN (
      SELECT "id" FROM "Job"
      WHERE "completedAt" IS NULL AND "failedAt" IS NULL AND "runAt" <= ${now}
        AND ("lockedAt" IS NULL OR "lockedAt" < ${staleBefore})
      ORDER BY "runAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "kind", "payload", "attempts", "maxAttempts"`;
}

/** JOB_RETENTION_DAYS as a whole number of days, 30 when unset; throws on anything else, so a typo stops the start. */
export function jobRetentionDays(setting: string | undefined = process.env.JOB_RETENTION_DAYS): number {
  if (setting === undefined || setting.trim() === "") return DEFAULT_JOB_RETENTION_DAYS;
  const days = Number(setting);
  if (!/^\d+$/.test(setting.trim()) || days < 1 || days > MAX_JOB_RETENTION_DAYS) {
    throw new Error(`JOB_RETENTION_DAYS must be a whole number of days from 1 to ${MAX_JOB_RETENTION_DAYS} (it is "${setting}").`);
  }
  return days;
}

/**
 * Deletes jobs that finished (completed, or failed for the last time) more
 * than `retentionDays` ago: their work is done, and a payload kept for ever is
 * patient data kept for no one.
 */
export async function purgeFinishedJobs(db: Pick<Database, "job">, now: Date, retentionDays: number): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * DAY_MS);
  const { count } = await db.job.deleteMany({ where: { OR: [{ completedAt: { lt: before } }, { failedAt: { lt: before } }] } });
  return count;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
