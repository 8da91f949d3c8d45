// Ten times the clinic: the chart endpoints (chart.ts's load runs) and the
// whole clinic's slot search (scheduling.ts) on clinics of several sizes, each its own kept database (seeded once, reused after), so
// a cost that grows with the clinic shows as a row that is not flat; and at the
// largest, EXPLAIN (ANALYZE, BUFFERS) of every statement each endpoint sends,
// to show which index answers it.
import { readFileSync } from "node:fs";
import pg from "pg";
import type { Browser } from "@playwright/test";
import { DEMO_PHYSICIANS, DEMO_SCHEDULER } from "../../lib/db/seed";
import { createPrismaClient, type Database } from "../../lib/db/prisma";
import type { RequestContext } from "../../lib/auth/access";
import { getChartSummary } from "../../lib/chart/summary";
import { getAnalyteTrend, listLabResults } from "../../lib/chart/labs";
import { listVisitHistory } from "../../lib/chart/history";
import { findFreeSlots } from "../../lib/scheduling/slot-search";
import { signIn } from "./browser";
import { chartSubjects, measureChartEndpoints, type EndpointResult } from "./chart";
import { prepareDatabase, startApp, type BenchDatabase } from "./environment";
import { measureWholeClinicSlotSearch, type WholeClinicSlotSearch } from "./scheduling";
import type { BenchOptions } from "./options";
import { table } from "./report";

export interface ScaleRun {
  scale: number;
  database: string;
  patients: number;
  labResults: number;
  /** Seconds the clinic took to seed (with VACUUM ANALYZE), in this run or the one that kept it; null when not recorded. */
  seedSeconds: number | null;
  seededThisRun: boolean;
  /** The 1-minute load average before and after the load runs. */
  load: [number, number];
  endpoints: EndpointResult[];
  /** Every active physician's free slots over 30 days in one request, as the scheduler, at 1 and 10 clients. */
  slotSearch: WholeClinicSlotSearch;
  plans: QueryPlan[] | null;
}

export interface QueryPlan {
  endpoint: string;
  statement: string;
  root: string;
  indexes: string[];
  sequentialScans: string[];
  buffers: { hit: number; read: number };
  ms: number;
  error: string | null;
}

interface Context {
  options: BenchOptions;
  browser: Browser;
  scales: number[];
  /** Each clinic's database is <prefix>_<patients>, kept for the next run. */
  prefix: string;
  /**
   * The run's own database: when it is one of the clinics (BENCH_KEEP_DB at a
   * scale the phase measures) it is used as it is, since provisioning it again
   * would give its roles new passwords under the phases that follow.
   */
  runDatabase: BenchDatabase | null;
  log: (message: string) => void;
}

function loadAverage(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}

export async function measureScale(context: Context): Promise<ScaleRun[]> {
  const runs: ScaleRun[] = [];
  const largest = Math.max(...context.scales);
  const physician = DEMO_PHYSICIANS[0]!;
  for (const scale of context.scales) {
    context.log(`  SEED_SCALE=${scale}`);
    const name = `${context.prefix}_${scale}`;
    const database =
      context.runDatabase?.name === name
        ? context.runDatabase
        : await prepareDatabase({ ...context.options, seedScale: scale, keepDb: true, dbName: name }, context.log);
    const app = await startApp(context.options, database.url, context.log);
    const db = createPrismaClient(database.url, { max: 2 });
    try {
      const session = await signIn(context.browser, app.baseUrl, physician.email);
      const subjects = await chartSubjects(db, physician.email);
      const scheduler = await signIn(context.browser, app.baseUrl, DEMO_SCHEDULER.email);
      const visitType = await db.visitType.findFirstOrThrow({ where: { isActive: true, durationMinutes: 30 }, select: { id: true } });
      try {
        const before = loadAverage();
        const endpoints = await measureChartEndpoints({
          baseUrl: app.baseUrl,
          cookie: session.cookie,
          patientId: subjects.patient.id,
          loincCode: subjects.analyte?.loincCode ?? null,
          concurrency: [10],
          seconds: context.options.httpSeconds,
          log: context.log,
        });
        const slotSearch = await measureWholeClinicSlotSearch({
          baseUrl: app.baseUrl,
          cookie: scheduler.cookie,
          visitTypeId: visitType.id,
          concurrency: SLOT_SEARCH_CLIENTS,
          seconds: context.options.httpSeconds,
          log: context.log,
        });
        const load: [number, number] = [before, loadAverage()];
        const plans = scale === largest ? await explainChartQueries(database.url, db, subjects, visitType.id, context.log) : null;
        runs.push({
          scale,
          database: database.name,
          patients: database.patients,
          labResults: database.labResults,
          seedSeconds: database.seededInMs === null ? null : database.seededInMs / 1000,
          seededThisRun: !database.reused,
          load,
          endpoints,
          slotSearch,
          plans,
        });
      } finally {
        await subjects.release();
      }
    } finally {
      await db.$disconnect();
      await app.stop();
    }
  }
  return runs;
}

type Subjects = Awaited<ReturnType<typeof chartSubjects>>;

/** The whole-clinic slot search runs at these concurrencies (the chart endpoints at 10 only). */
const SLOT_SEARCH_CLIENTS = [1, 10];

/**
 * Calls each endpoint's lib function as the treating physician while noting
 * the statements it sends, then runs every SELECT again under EXPLAIN
 * (ANALYZE, BUFFERS) on a connection of its own.
 */
async function explainChartQueries(url: string, db: Database, subjects: Subjects, visitTypeId: string, log: (message: string) => void): Promise<QueryPlan[]> {
  const context: RequestContext = { actor: subjects.physicianActor, ip: "127.0.0.1", userAgent: "bench/scale" };
  const from = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const to = new Date(from.getTime() + 30 * 86_400_000);
  const patientId = subjects.patient.id;
  const calls: { endpoint: string; run: () => Promise<unknown> }[] = [
    { endpoint: "summary", run: () => getChartSummary(db, context, { patientId }) },
    ...(subjects.analyte ? [{ endpoint: "labs trend", run: () => getAnalyteTrend(db, context, { patientId, loincCode: subjects.analyte!.loincCode }) }] : []),
    { endpoint: "labs (first page)", run: () => listLabResults(db, context, { patientId }) },
    { endpoint: "history (first page)", run: () => listVisitHistory(db, context, { patientId }) },
    // Who searches does not change the statements (availability is not patient-scoped): the physician's context serves.
    { endpoint: "slot search (all physicians, 30 days)", run: () => findFreeSlots(db, context, { visitTypeId, from, to }) },
  ];
  const explainer = new pg.Client({ connectionString: url });
  await explainer.connect();
  const plans: QueryPlan[] = [];
  try {
    for (const call of calls) {
      await call.run(); // warm: the plans below are of a warm cache, as under load
      const statements = await recordStatements(call.run);
      for (const statement of statements.filter((text) => /^\s*(SELECT|WITH)\b/i.test(text.text))) {
        plans.push(await explain(explainer, call.endpoint, statement));
      }
    }
  } finally {
    await explainer.end();
  }
  for (const plan of plans) log(`  EXPLAIN ${plan.endpoint}: ${planLine(plan)}`);
  return plans;
}

interface Statement {
  text: string;
  values: unknown[];
}

/** The statements sent through any pg client while `run` runs (the bench process sends nothing else meanwhile). */
async function recordStatements(run: () => Promise<unknown>): Promise<Statement[]> {
  const seen: Statement[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === "string") seen.push({ text: first, values: Array.isArray(second) ? second : [] });
    else if (first && typeof first === "object" && "text" in first) {
      const config = first as { text: string; values?: unknown[] };
      seen.push({ text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) });
    }
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    prototype.query = original;
  }
  return seen;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

async function explain(client: pg.Client, endpoint: string, statement: Statement): Promise<QueryPlan> {
  const shown = statement.text.replace(/\s+/g, " ").trim().slice(0, 120);
  try {
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`,
      statement.values,
    );
    const [result] = rows[0]!["QUERY PLAN"];
    const indexes = new Set<string>();
    const sequentialScans = new Set<string>();
    const walk = (node: PlanNode) => {
      if (node["Index Name"]) indexes.add(node["Index Name"]);
      if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) sequentialScans.add(node["Relation Name"]);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(result.Plan);
    return {
      endpoint,
      statement: shown,
      root: result.Plan["Node Type"],
      indexes: [...indexes],
      sequentialScans: [...sequentialScans],
      buffers: { hit: result.Plan["Shared Hit Blocks"] ?? 0, read: result.Plan["Shared Read Blocks"] ?? 0 },
      ms: result["Execution Time"],
      error: null,
    };
  } catch (error) {
    return {
      endpoint,
      statement: shown,
      root: "",
      indexes: [],
      sequentialScans: [],
      buffers: { hit: 0, read: 0 },
      ms: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

function planLine(plan: QueryPlan): string {
  if (plan.error) return `${plan.statement} — EXPLAIN failed: ${plan.error}`;
  const scans = plan.sequentialScans.length > 0 ? `; sequential scans: ${plan.sequentialScans.join(", ")}` : "";
  return (
    `${plan.root}, ${plan.ms.toFixed(2)} ms, buffers ${plan.buffers.hit} hit / ${plan.buffers.read} read; ` +
    `indexes: ${plan.indexes.join(", ") || "none"}${scans} — ${plan.statement}`
  );
}

const BUDGETS_MS: [prefix: string, budget: number][] = [
  ["summary", 30],
  ["labs trend", 30],
  ["labs (first page)", 40],
  ["history (first page)", 60],
];

/** Section 3b of docs/BENCHMARKS.md: p95 at 10 clients against the clinic's size, then the plans at the largest. */
export function scaleSection(runs: ScaleRun[]): string[] {
  const out: string[] = [
    "The chart endpoints of section 3 at 10 clients, run the same way (autocannon, the same sign-in, patient and analyte) on clinics of",
    "each size: each is its own database, kept and reused (`<prefix>_<patients>`), with its own app server started against it. A cost",
    "that grows with the clinic shows as a row that is not flat. The load average is the machine's, not the app's. The slot search is",
    "`GET /api/slots` without a physician, as the scheduler: every active physician's free 30-minute slots over the next 30 days (the",
    "clinic has one physician per 400 patients), at 1 and at 10 clients.",
    "",
  ];
  const p95 = (run: ScaleRun, prefix: string) => run.endpoints.find((endpoint) => endpoint.name.startsWith(prefix))?.runs[0]?.latency?.p95;
  out.push(
    table(
      ["endpoint (p95, 10 clients)", "budget", ...runs.map((run) => `${run.patients.toLocaleString("en-US")} patients, ${run.labResults.toLocaleString("en-US")} lab results`)],
      [
        ...BUDGETS_MS.map(([prefix, budget]) => [prefix, `≤ ${budget} ms`, ...runs.map((run) => (p95(run, prefix) === undefined ? "–" : `${p95(run, prefix)!.toFixed(1)} ms`))]),
        ["floor: health check", "–", ...runs.map((run) => (p95(run, "floor") === undefined ? "–" : `${p95(run, "floor")!.toFixed(1)} ms`))],
        ...SLOT_SEARCH_CLIENTS.map((clients, index) => [
          `slot search, all physicians × 30 days (p95, ${clients} client${clients === 1 ? "" : "s"})`,
          "≤ 40 ms",
          ...runs.map((run) => (run.slotSearch.runs[index]?.latency ? `${run.slotSearch.runs[index].latency.p95.toFixed(1)} ms` : (run.slotSearch.note ?? "–"))),
        ]),
        [
          "slot search answer: physicians, free slots, size",
          "",
          ...runs.map(({ slotSearch: s }) => `${s.physicians}, ${s.slots.toLocaleString("en-US")}, ${(s.bytes / 1000).toFixed(0)} kB`),
        ],
        ["load average (1 min) before / after", "", ...runs.map((run) => `${run.load[0].toFixed(1)} / ${run.load[1].toFixed(1)}`)],
        [
          "seeding time (rows, indexes, VACUUM ANALYZE)",
          "bounded",
          ...runs.map((run) =>
            run.seedSeconds === null ? "not recorded" : `${run.seedSeconds.toFixed(0)} s${run.seededThisRun ? "" : " (kept from an earlier run)"}`,
          ),
        ],
      ],
    ),
    "",
  );
  const largest = runs.find((run) => run.plans);
  if (largest?.plans) {
    out.push(
      `EXPLAIN (ANALYZE, BUFFERS) at ${largest.patients.toLocaleString("en-US")} patients of every statement each endpoint sends (warm cache), one line each:`,
      "",
      table(
        ["endpoint", "plan root", "time", "buffers hit / read", "indexes", "sequential scans", "statement"],
        largest.plans.map((plan) =>
          plan.error
            ? [plan.endpoint, "EXPLAIN failed", "", "", "", "", `${plan.statement}: ${plan.error}`]
            : [plan.endpoint, plan.root, `${plan.ms.toFixed(2)} ms`, `${plan.buffers.hit} / ${plan.buffers.read}`, plan.indexes.join(", ") || "none", plan.sequentialScans.join(", ") || "none", `\`${plan.statement}…\``],
        ),
      ),
      "",
    );
  }
  return out;
}
