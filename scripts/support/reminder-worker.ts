import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createPrismaClient } from "../../lib/db/prisma";
import { endLapsedSessions } from "../../lib/auth/sessions/sessions";
import { pruneSignInThrottles } from "../../lib/auth/sign-in/throttle";
import { bulkExportHandlers } from "../../lib/fhir/bulk/async-export";
import { signInLinkMailHandlers } from "../../lib/auth/links/sign-in-links";
import { jobRetentionDays, purgeFinishedJobs, releaseClaimedJobs, runDueJobs } from "../../lib/jobs/queue";
import { log as appLog } from "../../lib/observability/log";
import type { Logger } from "pino";
import { accessReviewMailHandlers } from "../../lib/notifications/access-review-mail";
import { appointmentMailHandlers } from "../../lib/notifications/appointment-mail";
import { confirmOrCancelMailHandlers } from "../../lib/notifications/confirm-or-cancel-mail";
import { waitlistOfferMailHandlers } from "../../lib/notifications/waitlist-offer-mail";
import { interpreterMailHandlers } from "../../lib/notifications/interpreter-mail";
import { labResultsMailHandlers } from "../../lib/notifications/lab-results-mail";
import { schedulingNow } from "../../lib/scheduling/clock";

// Runs the job queue beside the web server: appointment invitations,
// cancellations and reminders, interpreters' invitations, patients' one-time
// sign-in links and FHIR bulk exports; and, once
// a minute, drops sign-in throttle counters that have run out and jobs that
// finished more than JOB_RETENTION_DAYS (default 30) ago, and ends (and audits)
// the sessions that have lapsed without their browser coming back. Several
// instances may run at once (one per app process); the queue's row locks keep
// them from sending a job twice, and a session is ended once whoever finds it.

const DEFAULT_POLL_MS = 5_000;
const BATCH_SIZE = 20;
const PRUNE_INTERVAL_MS = 60_000;
// Appointment mail (reminders, confirm-or-cancel, waitlist offers), interpreters' invitations, lab results, sign-in links, notices of access for administrators to review, FHIR bulk exports.
const JOB_HANDLERS = {
  ...appointmentMailHandlers,
  ...confirmOrCancelMailHandlers,
  ...waitlistOfferMailHandlers,
  ...interpreterMailHandlers,
  ...labResultsMailHandlers,
  ...signInLinkMailHandlers,
  ...accessReviewMailHandlers,
  ...bulkExportHandlers,
};

export interface ReminderWorker {
  /**
   * Finishes the job in hand, gives the rest of its claimed batch back to the
   * queue (for another instance's worker at once), stops polling and closes the
   * database pool.
   */
  stop: () => Promise<void>;
}

/**
 * Polls every 5 seconds, or every JOB_POLL_MS milliseconds when that is set
 * (tests). Logs as the app does (lib/observability/log.ts): counts and job
 * ids, never a payload. Throws on a malformed JOB_RETENTION_DAYS.
 */
export function startReminderWorker(databaseUrl: string, log: Pick<Logger, "info" | "warn" | "error"> = appLog): ReminderWorker {
  const retentionDays = jobRetentionDays();
  const db = createPrismaClient(databaseUrl, { max: 2 });
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = Number(process.env.JOB_POLL_MS) || DEFAULT_POLL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let prunedAt = 0;

  async function poll(): Promise<void> {
    try {
      let handled: number;
      do {
        const summary = await runDueJobs(db, JOB_HANDLERS, { workerId, limit: BATCH_SIZE, now: schedulingNow(), stopping: () => stopped });
        if (summary.retried > 0) log.warn({ workerId, retried: summary.retried }, "jobs failed and will be retried");
        if (summary.failed > 0) log.error({ workerId, failed: summary.failed }, "jobs failed for the last time; see lastError in the Job table");
        handled = summary.completed + summary.retried + summary.failed;
        // A full batch means more may be due: keep going rather than wait.
      } while (!stopped && handled === BATCH_SIZE);
      if (Date.now() - prunedAt >= PRUNE_INTERVAL_MS) {
        prunedAt = Date.now();
        await pruneSignInThrottles(db);
        await purgeFinishedJobs(db, new Date(), retentionDays);
        await endLapsedSessions(db);
      }
    } catch (error) {
      // The database may be restarting; the next poll tries again.
      // An expected event (a database restart), so its message without a stack.
      log.warn({ workerId, cause: messageOf(error) }, "the job queue, the sign-in counters or the sessions could not be reached");
    }
    if (!stopped) timer = setTimeout(() => (running = poll()), pollMs);
  }

  let running = poll();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      const released = await releaseClaimedJobs(db, workerId).catch((error: unknown) => {
        log.warn({ workerId, cause: messageOf(error) }, "could not give the claimed jobs back; they run again once their claim is stale");
        return 0;
      });
      if (released > 0) log.info({ workerId, released }, "gave claimed jobs back to the queue");
      await db.$disconnect();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
