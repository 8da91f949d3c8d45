// What `npm run bench` can be told, all through the environment (see docs/BENCHMARKS.md).

import { CHROMIUM_PATH } from "../support/chromium";

export const PHASES = ["weight", "video", "page", "chart", "slots", "notes", "booking", "fhir", "imaging", "scale"] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  /** The PostgreSQL server the bench database is created on (its own database is never touched otherwise). */
  serverUrl: string;
  seedScale: number;
  /** Keep the seeded database after the run and reuse it on the next (named after the scale). */
  keepDb: boolean;
  dbName: string | null;
  appPort: number;
  liveKitPort: number;
  skipBuild: boolean;
  phases: Set<Phase>;
  visits: number;
  reconnects: number;
  offlineMs: number;
  /** Runs of each time-to-video floor (bare pages, no app). */
  floorRuns: number;
  pageRuns: number;
  httpSeconds: number;
  concurrency: number[];
  slotRuns: number;
  bookingClients: number;
  bookingRequests: number;
  fhirImportPatients: number;
  /** Clinic sizes of the scale phase, and the name prefix of their kept databases. */
  scales: number[];
  scaleDbPrefix: string;
  noteWriters: number;
  noteSeconds: number;
  chromiumPath: string;
  docPath: string;
  writeDoc: boolean;
  /** A directory for the app server's V8 CPU profile (written when it stops), or null. */
  cpuProfileDir: string | null;
}

function integer(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min} (it is "${raw}").`);
  return value;
}

function wholeNumbers(name: string, fallback: string): number[] {
  const raw = process.env[name] ?? fallback;
  return raw.split(",").map((value) => {
    const n = Number(value.trim());
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must list whole numbers (it is "${raw}").`);
    return n;
  });
}

function flag(name: string): boolean {
  const raw = (process.env[name] ?? "").trim().toLowerCase();
  return raw !== "" && raw !== "0" && raw !== "false" && raw !== "no";
}

export function readOptions(): BenchOptions {
  const phaseList = (process.env.BENCH_PHASES ?? "").trim();
  const phases = new Set<Phase>(
    phaseList === ""
      ? PHASES
      : phaseList.split(",").map((name) => {
          const phase = name.trim() as Phase;
          if (!PHASES.includes(phase)) throw new Error(`BENCH_PHASES: unknown phase "${name}" (known: ${PHASES.join(", ")}).`);
          return phase;
        }),
  );
  const concurrency = wholeNumbers("BENCH_CONCURRENCY", "1,10,50");
  const visits = integer("BENCH_VISITS", 20, 1);
  return {
    serverUrl: process.env.BENCH_DATABASE_SERVER ?? process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres",
    seedScale: integer("SEED_SCALE", 10_000, 1),
    keepDb: flag("BENCH_KEEP_DB"),
    dbName: process.env.BENCH_DB_NAME?.trim() || null,
    appPort: integer("BENCH_PORT", 3400, 1024),
    liveKitPort: integer("BENCH_LIVEKIT_PORT", 8280, 1024),
    skipBuild: flag("BENCH_SKIP_BUILD"),
    phases,
    visits,
    reconnects: Math.min(visits, integer("BENCH_RECONNECTS", 10, 0)),
    offlineMs: integer("BENCH_OFFLINE_MS", 1_000, 100),
    floorRuns: integer("BENCH_FLOOR_RUNS", 12, 1),
    pageRuns: integer("BENCH_PAGE_RUNS", 20, 1),
    httpSeconds: integer("BENCH_HTTP_SECONDS", 6, 1),
    concurrency,
    slotRuns: integer("BENCH_SLOT_RUNS", 60, 1),
    fhirImportPatients: integer("BENCH_FHIR_IMPORT_PATIENTS", 500, 1),
    scales: wholeNumbers("BENCH_SCALES", "1000,10000,100000"),
    scaleDbPrefix: process.env.BENCH_SCALE_DB_PREFIX?.trim() || "bench_clinic",
    bookingClients: integer("BENCH_BOOKING_CLIENTS", 50, 1),
    bookingRequests: integer("BENCH_BOOKING_REQUESTS", 500, 1),
    noteWriters: integer("BENCH_NOTE_WRITERS", 10, 1),
    noteSeconds: integer("BENCH_NOTE_SECONDS", 10, 1),
    chromiumPath: CHROMIUM_PATH,
    docPath: process.env.BENCH_DOC ?? "docs/BENCHMARKS.md",
    writeDoc: !flag("BENCH_NO_DOC"),
    cpuProfileDir: process.env.BENCH_CPU_PROFILE?.trim() || null,
  };
}
