import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "@/lib/auth/sign-in/sign-in";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";
import { metricsExposition } from "./metrics-report";
import { appMetrics } from "./metrics";

// GET /api/metrics's content, as Prometheus scrapes it with METRICS_TOKEN.
const TOKEN = "metrics-token-of-this-test-0123456789";
const db = getDb();
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

// The text format, line by line: `# HELP`/`# TYPE` comments and `name{label="value",…} number` samples; anything else fails.
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!match) throw new Error(`Not a line of the Prometheus text format: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;

async function refusal(authorization: string | null, token: string | undefined) {
  const error = await metricsExposition(authorization, token).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  const refused = asAppError(error);
  return refused && { status: refused.status, code: refused.code, headers: refused.headers() };
}

describe("the metrics endpoint", () => {
  it("does not exist without METRICS_TOKEN, and refuses any other token", async () => {
    expect(await refusal(`Bearer ${TOKEN}`, undefined)).toMatchObject({ status: 404 });
    expect(await refusal(`Bearer ${TOKEN}`, "")).toMatchObject({ status: 404 });
    const unauthorized = { status: 401, code: "METRICS_TOKEN_REQUIRED", headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } };
    for (const wrong of [null, "", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN, "Bearer "]) {
      expect(await refusal(wrong, TOKEN), String(wrong)).toEqual(unauthorized);
    }
  });

  it("answers the scraper in the Prometheus format: requests per route, the pool, the queue, visits, refused sign-ins", async () => {
    appMetrics().httpRequestDuration.observe({ method: "GET", route: "/api/visits/[appointmentId]/roster", status: "200" }, 0.042);
    const before = parseExposition(await metricsExposition(`Bearer ${TOKEN}`, TOKEN));

    // A job due for 90 seconds, and a refused sign-in.
    const job = await db.job.create({ data: { kind: "metrics-test", payload: {}, runAt: new Date(Date.now() - 90_000) } });
    cleanups.push(() => db.job.delete({ where: { id: job.id } }));
    expect(await signInWithPassword(db, { email: "nobody@metrics.test", password: "Wrong-password-1" }, { ip: "203.0.113.77", userAgent: "metrics.int.test" })).toEqual({
      ok: false,
      failure: "invalid",
    });
    const after = parseExposition(await metricsExposition(`Bearer ${TOKEN}`, TOKEN));

    expect(valueOf(after, "http_request_duration_seconds_count", { method: "GET", route: "/api/visits/[appointmentId]/roster", status: "200" })).toBe(1);
    expect(valueOf(after, "http_request_duration_seconds_bucket", { route: "/api/visits/[appointmentId]/roster", le: "0.05" })).toBe(1);
    expect(valueOf(after, "http_request_duration_seconds_bucket", { route: "/api/visits/[appointmentId]/roster", le: "0.025" })).toBe(0);
    expect(valueOf(after, "database_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, "database_pool_connections", { state: "waiting" })).toBe(0);
    expect(valueOf(after, "jobs_due")).toBe(valueOf(before, "jobs_due")! + 1);
    expect(valueOf(after, "jobs_oldest_due_age_seconds")).toBeGreaterThanOrEqual(90);
    expect(valueOf(after, "visits_active")).toBe(await db.appointment.count({ where: { status: "IN_PROGRESS" } }));
    expect(valueOf(after, "sign_in_failures_total")).toBe(valueOf(before, "sign_in_failures_total")! + 1);
    // The process's own, from prom-client's defaults.
    expect(valueOf(after, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});
