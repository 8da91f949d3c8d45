// Not `server-only`: the app server (scripts/support/app-server.ts) times every
// request with it, outside Next's react-server build.
//
// Prometheus metrics of this app instance, read at GET /api/metrics
// (metrics-report.ts). Each instance keeps its own: Prometheus scrapes every
// instance and sums. The registry lives on globalThis because the app server
// and Next's server bundle each evaluate this module in the same process.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface AppMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
  signInFailures: Counter;
  databasePoolConnections: Gauge<"state">;
  jobsDue: Gauge;
  oldestDueJobAge: Gauge;
  activeVisits: Gauge;
}

function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  // The process's CPU, memory, event loop lag and garbage collection.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its response, by method, route pattern and status (its _count is the request count).",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    signInFailures: new Counter({
      name: "sign_in_failures_total",
      help: "Sign-ins refused by this instance (wrong password or code, unknown or disabled account, throttled).",
      registers,
    }),
    databasePoolConnections: new Gauge({
      name: "database_pool_connections",
      help: "Connections of this instance's database pool: total open, idle, and requests waiting for one.",
      labelNames: ["state"],
      registers,
    }),
    jobsDue: new Gauge({
      name: "jobs_due",
      help: "Jobs in the queue (all instances) that are due and not finished: waiting for a worker or being run.",
      registers,
    }),
    oldestDueJobAge: new Gauge({
      name: "jobs_oldest_due_age_seconds",
      help: "How long the oldest due, unfinished job has been due (0 when none is).",
      registers,
    }),
    activeVisits: new Gauge({
      name: "visits_active",
      help: "Video visits in progress (started, not ended), across all instances.",
      registers,
    }),
  };
}

const METRICS = Symbol.for("clinic.observability.metrics");
const globalWithMetrics = globalThis as typeof globalThis & { [METRICS]?: AppMetrics };

export function appMetrics(): AppMetrics {
  return (globalWithMetrics[METRICS] ??= createAppMetrics());
}
