import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { databasePoolUse, getDb } from "@/lib/db/client";
import { MetricsNotConfiguredError, MetricsTokenError } from "./errors";
import { appMetrics } from "./metrics";

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * The Prometheus exposition of this instance, for a scraper holding
 * METRICS_TOKEN as its bearer token. Without METRICS_TOKEN the endpoint does
 * not exist (404); a missing or wrong token is 401, compared in constant time.
 * The queue and visit gauges are read from the database at each scrape, so
 * they are the clinic's, the same from every instance; the rest are this
 * instance's own.
 */
export async function metricsExposition(authorization: string | null, configuredToken = process.env.METRICS_TOKEN): Promise<string> {
  if (!configuredToken) throw new MetricsNotConfiguredError();
  const presented = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "";
  if (!sameSecret(presented, configuredToken)) throw new MetricsTokenError();

  const metrics = appMetrics();
  const pool = databasePoolUse();
  for (const state of ["total", "idle", "waiting"] as const) metrics.databasePoolConnections.set({ state }, pool[state]);
  const db = getDb();
  const now = new Date();
  const [[jobs], activeVisits] = await Promise.all([
    db.$queryRaw<[{ due: bigint; oldest: Date | null }]>`
      SELECT count(*) AS due, min("runAt") AS oldest FROM "Job"
      WHERE "completedAt" IS NULL AND "failedAt" IS NULL AND "runAt" <= ${now}`,
    db.appointment.count({ where: { status: "IN_PROGRESS" } }),
  ]);
  metrics.jobsDue.set(Number(jobs.due));
  metrics.oldestDueJobAge.set(jobs.oldest ? (now.getTime() - jobs.oldest.getTime()) / 1000 : 0);
  metrics.activeVisits.set(activeVisits);
  return metrics.registry.metrics();
}

// Hashing first gives both sides one length, so the comparison time says nothing about the token's.
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
