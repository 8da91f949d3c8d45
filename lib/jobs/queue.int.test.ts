import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/prisma";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/testing/scratch-database";
import { startMailCatcher } from "@/lib/mail/catcher";
import { readMailbox } from "@/lib/mail/mailbox";
import { sendMail } from "@/lib/mail/send";
import { enqueueJob, JOB_LOCK_TIMEOUT_MS, purgeFinishedJobs, releaseClaimedJobs, retryDelayMs, runDueJobs, type JobHandler } from "./queue";
import { createLogger } from "@/lib/observability/log";
import { startReminderWorker } from "@/scripts/support/reminder-worker";

// A database of its own, so no other test's jobs are due here.
let database: ScratchDatabase;
let db: Database;
beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  db = createPrismaClient(database.url);
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const MINUTE = 60_000;
const later = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

/** A handler that records the payloads it was given. */
function recorder(): { handler: JobHandler; seen: unknown[] } {
  const seen: unknown[] = [];
  return { seen, handler: async (payload) => void seen.push(payload) };
}

describe("the job queue", () => {
  it("runs each job exactly once when two workers race for them", async () => {
    const now = new Date("2031-01-01T09:00:00Z");
    for (let n = 0; n < 20; n++) await enqueueJob(db, { kind: "count", payload: { n }, runAt: now });
    const second = createPrismaClient(database.url);
    const { handler, seen } = recorder();
    try {
      const [a, b] = await Promise.all([
        runDueJobs(db, { count: handler }, { workerId: "worker-a", now, limit: 20 }),
        runDueJobs(second, { count: handler }, { workerId: "worker-b", now, limit: 20 }),
      ]);
      expect(a.completed + b.completed).toBe(20);
    } finally {
      await second.$disconnect();
    }
    expect(seen.map((payload) => (payload as { n: number }).n).sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
    expect(await runDueJobs(db, { count: handler }, { workerId: "worker-a", now: later(now, MINUTE) })).toEqual({
      completed: 0,
      retried: 0,
      failed: 0,
    });
    expect(seen).toHaveLength(20);
  });

  it("does not run a job before its time, nor twice with the same dedupe key", async () => {
    const runAt = new Date("2031-02-01T09:00:00Z");
    expect(await enqueueJob(db, { kind: "reminder", payload: { to: "a" }, runAt, dedupeKey: "reminder:a" })).toBe(true);
    expect(await enqueueJob(db, { kind: "reminder", payload: { to: "a" }, runAt, dedupeKey: "reminder:a" })).toBe(false);
    const { handler, seen } = recorder();
    await runDueJobs(db, { reminder: handler }, { workerId: "w", now: later(runAt, -1) });
    expect(seen).toEqual([]);
    await runDueJobs(db, { reminder: handler }, { workerId: "w", now: runAt });
    expect(seen).toEqual([{ to: "a" }]);
  });

  it("survives a restart: a new process finishes what was enqueued, and takes over a dead worker's claim once it goes stale", async () => {
    const now = new Date("2031-03-01T09:00:00Z");
    const before = createPrismaClient(database.url);
    await enqueueJob(before, { kind: "restart", payload: { step: "queued" }, runAt: now });
    await enqueueJob(before, { kind: "restart", payload: { step: "claimed by a worker that died" }, runAt: now });
    // The worker that died had claimed the second job and never finished it.
    await before.$executeRaw`UPDATE "Job" SET "lockedAt" = ${now}, "lockedBy" = 'dead-worker' WHERE "payload"->>'step' = 'claimed by a worker that died'`;
    await before.$disconnect();

    const after = createPrismaClient(database.url);
    const { handler, seen } = recorder();
    try {
      await runDueJobs(after, { restart: handler }, { workerId: "new-worker", now: later(now, MINUTE) });
      expect(seen).toEqual([{ step: "queued" }]);
      await runDueJobs(after, { restart: handler }, { workerId: "new-worker", now: later(now, JOB_LOCK_TIMEOUT_MS + 1) });
      expect(seen).toEqual([{ step: "queued" }, { step: "claimed by a worker that died" }]);
    } finally {
      await after.$disconnect();
    }
  });

  it("a stopping worker finishes the job in hand and gives the rest of its batch back, for another worker at once", async () => {
    const now = new Date("2031-03-01T09:00:00Z");
    for (let n = 0; n < 5; n++) await enqueueJob(db, { kind: "stop", payload: { n }, runAt: now });
    let stopping = false;
    const seen: unknown[] = [];
    // The signal arrives while the first job runs.
    const firstStops: JobHandler = async (payload) => {
      seen.push(payload);
      stopping = true;
    };
    const summary = await runDueJobs(db, { stop: firstStops }, { workerId: "worker-stopping", now, limit: 5, stopping: () => stopping });
    expect(summary).toEqual({ completed: 1, retried: 0, failed: 0 });
    expect(await db.job.count({ where: { kind: "stop", lockedBy: "worker-stopping", completedAt: null } })).toBe(4);

    expect(await releaseClaimedJobs(db, "worker-stopping")).toBe(4);
    expect(await db.job.count({ where: { kind: "stop", lockedBy: { not: null }, completedAt: null } })).toBe(0);
    // Not five minutes later: at once.
    const { handler, seen: takenOver } = recorder();
    expect(await runDueJobs(db, { stop: handler }, { workerId: "worker-other", now, limit: 5 })).toEqual({ completed: 4, retried: 0, failed: 0 });
    expect([...seen, ...takenOver].map((payload) => (payload as { n: number }).n).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("retries a failed job after an exponential backoff, keeping the error", async () => {
    const now = new Date("2031-04-01T09:00:00Z");
    await enqueueJob(db, { kind: "flaky", payload: {}, runAt: now, dedupeKey: "flaky" });
    let calls = 0;
    const flaky: JobHandler = async () => {
      calls += 1;
      if (calls <= 2) throw new Error(`upstream unavailable (${calls})`);
    };

    expect(await runDueJobs(db, { flaky }, { workerId: "w", now })).toEqual({ completed: 0, retried: 1, failed: 0 });
    expect(await db.job.findUniqueOrThrow({ where: { dedupeKey: "flaky" } })).toMatchObject({
      attempts: 1,
      lastError: "Error: upstream unavailable (1)",
      runAt: later(now, MINUTE),
      lockedAt: null,
      completedAt: null,
    });
    const secondTry = later(now, retryDelayMs(1));
    await runDueJobs(db, { flaky }, { workerId: "w", now: later(secondTry, -1) });
    expect(calls).toBe(1);
    await runDueJobs(db, { flaky }, { workerId: "w", now: secondTry });
    expect(await db.job.findUniqueOrThrow({ where: { dedupeKey: "flaky" } })).toMatchObject({
      attempts: 2,
      runAt: later(secondTry, 2 * MINUTE),
    });
    const thirdTry = later(secondTry, retryDelayMs(2));
    expect(await runDueJobs(db, { flaky }, { workerId: "w", now: thirdTry })).toEqual({ completed: 1, retried: 0, failed: 0 });
    expect((await db.job.findUniqueOrThrow({ where: { dedupeKey: "flaky" } })).completedAt).toEqual(thirdTry);
  });

  it("gives up after the last allowed attempt and never runs the job again", async () => {
    const now = new Date("2031-05-01T09:00:00Z");
    await enqueueJob(db, { kind: "doomed", payload: {}, runAt: now, dedupeKey: "doomed", maxAttempts: 2 });
    let calls = 0;
    const doomed: JobHandler = async () => {
      calls += 1;
      throw new Error("mailbox does not exist");
    };
    await runDueJobs(db, { doomed }, { workerId: "w", now });
    expect(await runDueJobs(db, { doomed }, { workerId: "w", now: later(now, retryDelayMs(1)) })).toEqual({
      completed: 0,
      retried: 0,
      failed: 1,
    });
    await runDueJobs(db, { doomed }, { workerId: "w", now: later(now, 30 * 24 * 60 * MINUTE) });
    expect(calls).toBe(2);
    expect(await db.job.findUniqueOrThrow({ where: { dedupeKey: "doomed" } })).toMatchObject({
      attempts: 2,
      completedAt: null,
      failedAt: later(now, retryDelayMs(1)),
      lastError: "Error: mailbox does not exist",
    });
  });

  it("retries a send the SMTP server refused, and delivers it once the server is up", async () => {
    const port = await unusedPort();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const mailDir = await mkdtemp(path.join(tmpdir(), "queue-mail-"));
    const mail: JobHandler = async (payload) => {
      const { to } = payload as { to: string };
      await sendMail({ to, subject: "Your visit is tomorrow", text: "See you then." });
    };
    const now = new Date("2031-06-01T09:00:00Z");
    await enqueueJob(db, { kind: "mail", payload: { to: "pat@example.test" }, runAt: now, dedupeKey: "mail" });

    expect(await runDueJobs(db, { mail }, { workerId: "w", now })).toEqual({ completed: 0, retried: 1, failed: 0 });
    expect((await db.job.findUniqueOrThrow({ where: { dedupeKey: "mail" } })).lastError).toMatch(/ECONNREFUSED/);

    const catcher = await startMailCatcher({ dir: mailDir, port });
    try {
      expect(await runDueJobs(db, { mail }, { workerId: "w", now: later(now, retryDelayMs(1)) })).toEqual({
        completed: 1,
        retried: 0,
        failed: 0,
      });
      await runDueJobs(db, { mail }, { workerId: "w", now: later(now, 60 * MINUTE) });
      const received = await readMailbox(mailDir);
      expect(received.map((message) => [message.to, message.subject])).toEqual([["pat@example.test", "Your visit is tomorrow"]]);
    } finally {
      await catcher.stop();
      await rm(mailDir, { recursive: true, force: true });
    }
  });
});

describe("finished jobs", () => {
  const DAY = 24 * 60 * MINUTE;
  const finishedJob = (key: string, finished: { completedAt?: Date; failedAt?: Date }, runAt: Date) =>
    db.job.create({ data: { kind: "purge", payload: { to: "pat@example.test" }, runAt, dedupeKey: key, ...finished } });
  const remaining = async (prefix: string) =>
    (await db.job.findMany({ where: { dedupeKey: { startsWith: prefix } }, orderBy: { dedupeKey: "asc" } })).map((job) => job.dedupeKey);

  it("are deleted once they finished more than the retention ago; waiting and recently finished ones stay", async () => {
    // Before the other tests' jobs (2031), which this must leave alone.
    const now = new Date("2030-07-01T09:00:00Z");
    const queued = later(now, -40 * DAY);
    await finishedJob("purge:completed-31-days-ago", { completedAt: later(now, -31 * DAY) }, queued);
    await finishedJob("purge:failed-31-days-ago", { failedAt: later(now, -31 * DAY) }, queued);
    await finishedJob("purge:completed-29-days-ago", { completedAt: later(now, -29 * DAY) }, queued);
    await finishedJob("purge:still-waiting", {}, queued);

    expect(await purgeFinishedJobs(db, now, 30)).toBe(2);
    expect(await remaining("purge:")).toEqual(["purge:completed-29-days-ago", "purge:still-waiting"]);
  });

  it("are deleted by the worker beside the web server after JOB_RETENTION_DAYS", async () => {
    const now = Date.now();
    await finishedJob("worker-purge:8-days-ago", { completedAt: new Date(now - 8 * DAY) }, new Date(now - 9 * DAY));
    await finishedJob("worker-purge:6-days-ago", { completedAt: new Date(now - 6 * DAY) }, new Date(now - 9 * DAY));

    Object.assign(process.env, { JOB_RETENTION_DAYS: "7", JOB_POLL_MS: "50" });
    const log: string[] = [];
    const worker = startReminderWorker(database.url, createLogger({ write: (line: string) => log.push(line) }));
    try {
      await expect.poll(() => remaining("worker-purge:"), { timeout: 15_000, interval: 100 }).toEqual(["worker-purge:6-days-ago"]);
    } finally {
      await worker.stop();
      delete process.env.JOB_RETENTION_DAYS;
      delete process.env.JOB_POLL_MS;
    }
    expect(log).toEqual([]);
  });
});

/** A loopback port nothing listens on (yet). */
async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("No port");
  return address.port;
}
