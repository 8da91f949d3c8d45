// The run's figures as a console table and as docs/BENCHMARKS.md. The doc is
// rewritten on every run except its "Findings and fixes" section, which people
// write (what each fix changed and gained) and which is carried over.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EndpointResult } from "./chart";
import { scaleSection, type ScaleRun } from "./scale";
import type { BenchDatabase } from "./environment";
import type { LoadResult } from "./http";
import type { AutosaveResult } from "./notes";
import type { BenchOptions } from "./options";
import type { BookingRaceResult, SlotSearchResult } from "./scheduling";
import { count, kB, ms, seconds, type Summary } from "./stats";
import type { VideoResult } from "./video";
import { FLOOR_HEADER, FLOOR_TEXT, floorRows, type FloorResult } from "./video-floors";
import type { VisitPageResult } from "./visit-page";
import type { RouteWeight, WeightResult } from "./weight";
import type { FhirBenchResult } from "./fhir";
import { imagingBudgetRows, type ImagingBenchResult } from "./imaging";

export const VISIT_PAGE_ROUTE = "/physician/visits/[appointmentId]";
const PATIENT_VISIT_PAGE_ROUTE = "/patient/visits/[appointmentId]";

export interface BenchResults {
  startedAt: Date;
  totalMs: number;
  machine: { cpuModel: string; cores: number; ramGb: number; os: string };
  versions: Record<string, string>;
  database: BenchDatabase | null;
  options: BenchOptions;
  phaseTimings: { name: string; ms: number }[];
  fixtures: { patient: string; physician: string; loinc: string | null };
  video: VideoResult | null;
  videoFloors: FloorResult | null;
  page: VisitPageResult | null;
  chart: EndpointResult[] | null;
  slots: SlotSearchResult | null;
  booking: BookingRaceResult | null;
  notes: AutosaveResult | null;
  weight: WeightResult | null;
  fhir: FhirBenchResult | null;
  imaging: ImagingBenchResult | null;
  scale: ScaleRun[] | null;
  /** Gzipped JS the browser actually loaded for the visit page (Resource Timing), if measured. */
  visitPageLoadedJs: { files: number; gzipBytes: number; transferBytes: number } | null;
  errors: { phase: string; message: string }[];
}

interface BudgetRow {
  figure: string;
  budget: string;
  measured: string;
  status: string;
}

const status = (value: number | null | undefined, limit: number) =>
  value === null || value === undefined || !Number.isFinite(value) ? null : value <= limit ? "met" : "missed";

function chartAt(chart: EndpointResult[] | null, prefix: string, connections: number): { endpoint?: EndpointResult; run?: LoadResult } {
  const endpoint = chart?.find((entry) => entry.name.startsWith(prefix));
  return { endpoint, run: endpoint?.runs.find((run) => run.connections === connections) };
}

function phaseProblem(results: BenchResults, phase: string, fallback = "not measured (phase skipped)"): string {
  const error = results.errors.find((entry) => entry.phase === phase);
  if (error) return `not measured: ${error.message.split("\n")[0]}`;
  return fallback;
}

export function budgetRows(results: BenchResults): BudgetRow[] {
  const rows: BudgetRow[] = [];
  const add = (figure: string, budget: string, value: number | null | undefined, limit: number, format: (v: number) => string, missing: string) => {
    const verdict = status(value, limit);
    rows.push({ figure, budget, measured: verdict ? format(value!) : "–", status: verdict ?? missing });
  };

  const video = results.video;
  const videoMissing = video ? `not measured (${video.failures.length} of ${video.visits} visits failed)` : phaseProblem(results, "video");
  const grantFloor = results.videoFloors?.grant?.p50;
  add("admit click to first remote frame, p50 (slower of the two sides)", "≤ 350 ms", video?.bothSides?.p50, 350, ms, videoMissing);
  if (grantFloor !== undefined) {
    add(`… and within 150 ms of the grant floor's p50 (${ms(grantFloor)})`, `≤ ${ms(grantFloor + 150)}`, video?.bothSides?.p50, grantFloor + 150, ms, videoMissing);
  }
  add("admit click to first remote frame, p95 (slower of the two sides)", "≤ 700 ms", video?.bothSides?.p95, 700, ms, videoMissing);
  if (video && video.failures.length > 0 && video.bothSides) {
    rows[rows.length - 1]!.status += ` (${video.failures.length} of ${video.visits} visits failed)`;
  }
  const page = results.page;
  add(
    "visit page to chart summary visible, p95",
    "≤ 1,000 ms",
    page?.summaryVisible?.p95,
    1000,
    ms,
    page ? (page.note ?? "not measured") : phaseProblem(results, "page"),
  );
  const summary = chartAt(results.chart, "summary", 10);
  add(
    "chart summary endpoint p95 at 10 concurrent",
    "≤ 30 ms",
    summary.run?.latency?.p95,
    30,
    ms,
    summary.endpoint?.note ?? (results.chart ? "not measured (no run at 10 concurrent)" : phaseProblem(results, "chart")),
  );
  const trend = chartAt(results.chart, "labs trend", 10);
  add(
    "labs endpoint (one analyte, 10 years) p95 at 10 concurrent",
    "≤ 40 ms",
    trend.run?.latency?.p95,
    40,
    ms,
    trend.endpoint?.note ?? (results.chart ? "not measured (no run at 10 concurrent)" : phaseProblem(results, "chart")),
  );
  add(
    "slot search, 3 physicians × 30 days (p95)",
    "≤ 20 ms",
    results.slots?.search?.p95,
    20,
    ms,
    results.slots ? "not measured" : phaseProblem(results, "slots"),
  );
  const paced = results.notes?.runs.find((run) => run.mode === "paced");
  add(
    "note autosave round trip p95 (10 writers, 1 save/s each)",
    "≤ 50 ms",
    paced?.latency?.p95,
    50,
    ms,
    results.notes ? (results.notes.note ?? "not measured") : phaseProblem(results, "notes"),
  );
  for (const [figure, route, limit] of [
    ["physician's visit page first-load JS (gzip)", VISIT_PAGE_ROUTE, 130],
    ["patient's visit page first-load JS (gzip)", PATIENT_VISIT_PAGE_ROUTE, 120],
  ] as const) {
    const weight = results.weight?.routes.find((each) => each.route === route);
    add(
      figure,
      `≤ ${limit} kB`,
      weight ? weight.jsGzipBytes / 1000 : null,
      limit,
      (v) => `${v.toFixed(1)} kB`,
      results.weight ? `not measured (no ${route} in the build)` : phaseProblem(results, "weight"),
    );
  }
  const patientPaint = results.page?.lcp.patient;
  add(
    "patient's visit page Largest Contentful Paint p95 (Fast 4G)",
    "≤ 800 ms",
    patientPaint?.summary?.p95,
    800,
    ms,
    page ? (patientPaint?.element ?? "not measured") : phaseProblem(results, "page"),
  );
  rows.push(...imagingBudgetRows(results.imaging, phaseProblem(results, "imaging")));
  return rows;
}

// ---------------------------------------------------------------------------
// Console

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")).join("\n");
}

export function consoleReport(results: BenchResults): string {
  const lines: string[] = [];
  lines.push("", "Budgets", pad([["figure", "budget", "measured", "status"], ...budgetRows(results).map((row) => [row.figure, row.budget, row.measured, row.status])]));
  if (results.video) {
    const v = results.video;
    lines.push("", "Time to video (admit click → first remote frame)");
    lines.push(
      pad([
        ["side", "n", "p50", "p95", "max"],
        ...([
          ["patient sees physician", v.patientSide],
          ["physician sees patient", v.physicianSide],
          ["both (slower side)", v.bothSides],
        ] as const).map(([name, s]) => [name, String(s?.n ?? 0), ms(s?.p50), ms(s?.p95), ms(s?.max)]),
        ...(results.videoFloors ? floorRows(results.videoFloors, v.bothSides).map(([name, n, p50, p95, d50]) => [`floor: ${name!.split(" (")[0]} (app p50 ${d50})`, n!, p50!, p95!, "–"]) : []),
        ...([
          ["patient: page opened → camera preview live", v.patientPreview],
          ["patient: Join pressed → in the waiting room", v.patientWaiting],
        ] as const).map(([name, s]) => [name, String(s?.n ?? 0), ms(s?.p50), ms(s?.p95), ms(s?.max)]),
        ...v.steps.map((step) => [`  ${step.side}: ${step.what}`, String(step.sinceClick?.n ?? 0), ms(step.sinceClick?.p50), ms(step.sinceClick?.p95), ms(step.sinceClick?.max)]),
        ...(v.reconnect
          ? ([
              ["media again after offline (patient)", v.reconnect.patientMediaAgain],
              ["media again after offline (physician)", v.reconnect.physicianMediaAgain],
              ["longest frame gap (patient)", v.reconnect.patientLongestGap],
              ["longest frame gap (physician)", v.reconnect.physicianLongestGap],
            ] as const).map(([name, s]) => [name, String(s?.n ?? 0), ms(s?.p50), ms(s?.p95), ms(s?.max)])
          : []),
      ]),
    );
  }
  if (results.chart) {
    lines.push("", "Chart endpoints (exact percentiles over every request)");
    const rows = [["endpoint", "clients", "requests", "req/s", "p50", "p95", "p99"]];
    for (const endpoint of results.chart) {
      if (!endpoint.available) rows.push([endpoint.name, "–", "–", "–", endpoint.note ?? "", "", ""]);
      for (const run of endpoint.runs) {
        rows.push([endpoint.name, String(run.connections), count(run.requests), run.requestsPerSecond.toFixed(0), ms(run.latency?.p50), ms(run.latency?.p95), ms(run.latency?.p99)]);
      }
    }
    lines.push(pad(rows));
  }
  if (results.weight) {
    lines.push("", "Heaviest routes (first-load JS, gzip)");
    lines.push(pad([["route", "JS gzip", "files"], ...weightHighlights(results.weight).map((r) => [r.route, kB(r.jsGzipBytes), String(r.files)])]));
  }
  lines.push("", "Phase timings", pad(results.phaseTimings.map((phase) => [phase.name, seconds(phase.ms)])), `total ${seconds(results.totalMs)}`);
  if (results.errors.length > 0) lines.push("", "Errors", ...results.errors.map((error) => `  ${error.phase}: ${error.message.split("\n")[0]}`));
  return lines.join("\n");
}

function weightHighlights(weight: WeightResult): RouteWeight[] {
  const top = weight.routes.slice(0, 5);
  const visit = weight.routes.find((route) => route.route === VISIT_PAGE_ROUTE);
  return visit && !top.includes(visit) ? [...top, visit] : top;
}

// ---------------------------------------------------------------------------
// docs/BENCHMARKS.md

const FINDINGS_START = "<!-- findings:start -->";
const FINDINGS_END = "<!-- findings:end -->";
const DEFAULT_FINDINGS = [
  "_Write here, by hand, what was found and fixed to meet the budgets: the cause measured (EXPLAIN ANALYZE, N+1",
  "queries, bundle analysis, waterfalls), the change, and what it gained (figure before → after). `npm run bench`",
  "keeps this section as it is when it rewrites the rest of the file._",
].join("\n");

export function table(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|").replaceAll("\n", " ");
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`)].join("\n");
}

const summaryCells = (s: Summary | null | undefined) => [String(s?.n ?? 0), ms(s?.p50), ms(s?.p95), ms(s?.p99), ms(s?.max)];

function loadRow(label: string, run: LoadResult): string[] {
  const non2xx = Object.entries(run.statuses)
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, n]) => `${code}×${n}`)
    .join(", ");
  return [
    label,
    String(run.connections),
    count(run.requests),
    run.requestsPerSecond.toFixed(0),
    ms(run.latency?.p50),
    ms(run.latency?.p95),
    ms(run.latency?.p99),
    ms(run.autocannon.p97_5),
    non2xx || (run.errors + run.timeouts > 0 ? `${run.errors} errors, ${run.timeouts} timeouts` : "–"),
  ];
}

export function markdownReport(results: BenchResults, findings: string): string {
  const o = results.options;
  const out: string[] = [];
  const date = results.startedAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  out.push("# Benchmarks", "");
  out.push(
    `Written by \`npm run bench\` (scripts/bench/) on ${date}; every run rewrites this file except the`,
    `"Findings and fixes" section. Budgets are reported, never asserted.`,
    "",
  );

  out.push("## Budgets", "");
  out.push(table(["figure", "budget", "measured", "status"], budgetRows(results).map((row) => [row.figure, row.budget, row.measured, row.status])), "");

  out.push("## This run", "");
  const m = results.machine;
  out.push(`- **Date**: ${date}; the whole run took ${seconds(results.totalMs)}.`);
  out.push(`- **Machine**: ${m.cpuModel}, ${m.cores} cores, ${m.ramGb.toFixed(0)} GB RAM, ${m.os}. The load generators, both browsers, the app, LiveKit and PostgreSQL share it.`);
  out.push(`- **Versions**: ${Object.entries(results.versions).map(([name, version]) => `${name} ${version}`).join(", ")}.`);
  if (results.database) {
    const d = results.database;
    out.push(
      `- **Database**: \`${d.name}\` on the local PostgreSQL, SEED_SCALE=${d.seedScale}: ${count(d.patients)} patients, ${count(d.labResults)} lab results; ` +
        (d.reused
          ? `reused from an earlier run (seeded ${d.seededAt ?? "at an unknown time"}${d.seededInMs === null ? "" : ` in ${seconds(d.seededInMs)}`}).`
          : `seeded in this run in ${seconds(d.seedMs)} (then VACUUM ANALYZE).`),
    );
  }
  out.push(`- **Subjects**: the demo patient ${results.fixtures.patient} (ten years of history) and ${results.fixtures.physician} as the treating physician.`);
  out.push(`- **Phases**: ${results.phaseTimings.map((phase) => `${phase.name} ${seconds(phase.ms)}`).join(", ")}.`);
  if (results.errors.length > 0) {
    out.push(`- **Errors**: ${results.errors.map((error) => `${error.phase}: ${error.message.split("\n")[0]}`).join("; ")}.`);
  }
  out.push("");

  // 1
  out.push("## 1. Time to video", "");
  out.push(
    "Two headless Chromium contexts (Debian's Chromium, fake camera and microphone as in the e2e tests) on loopback, against the local",
    "LiveKit server. For each visit a 30-minute appointment starting about now is booked for the demo patient directly in the database,",
    "rotating over the three demo physicians, and cancelled afterwards. The patient passes the device check and waits; the physician",
    "passes the device check, and once their own call is connected and their camera shows in it, presses **Admit**. The click time is the click event's timestamp on the physician's page; each",
    "remote `<video>` (labelled “…'s video”) is watched with `requestVideoFrameCallback`, and the figure is the first frame's",
    "`presentationTime` after the click. Times on both pages are `performance.timeOrigin + performance.now()`, comparable across",
    "pages of one browser. Pages have Playwright's default 1280×720 viewport, as in the e2e tests; LiveKit's adaptive stream pauses",
    "a remote video that is scrolled out of view, so such a video gets no frames and its visit counts as failed (the failure",
    "message gives each video's size and position). A visit whose video has not arrived after 15 s counts as failed.",
    "",
  );
  const v = results.video;
  if (v) {
    out.push(
      table(
        ["from the admit click to", "n", "p50", "p95", "p99", "max"],
        [
          ["the physician's video on the patient's page", ...summaryCells(v.patientSide)],
          ["the patient's video on the physician's page", ...summaryCells(v.physicianSide)],
          ["both (the slower side of each visit)", ...summaryCells(v.bothSides)],
        ],
      ),
      "",
    );
    if (v.failures.length > 0) out.push(`Failed visits (${v.failures.length} of ${v.visits}): ${v.failures.join("; ")}.`, "");
    out.push(
      "**The patient's path** before the admission, on each visit: from `page.goto` of the visit page until the device check's",
      "camera preview has a picture (`readyState` ≥ 2, polled every animation frame), and from pressing “Join the waiting room”",
      "(the check-in is already done, so it completes at once) until the “Waiting room” heading is shown.",
      "",
      table(
        ["figure", "n", "p50", "p95", "p99", "max"],
        [
          ["visit page opened → camera preview live", ...summaryCells(v.patientPreview)],
          ["Join pressed → in the waiting room", ...summaryCells(v.patientWaiting)],
        ],
      ),
      "",
    );
    if (v.steps.length > 0) {
      out.push(
        "**Where the time goes**: each step's first occurrence after the admit click, on each page (WebRTC calls and events recorded by",
        "wrapping `getUserMedia` and `RTCPeerConnection` in the page; `pcN` in the order the page created them), and the admit request",
        "as the physician's page sent it and got its answer. Steps seen in fewer than half the visits are left out.",
        "",
        table(["step", "n", "p50", "p95", "p99", "max"], v.steps.map((step) => [`${step.side}: ${step.what}`, ...summaryCells(step.sinceClick)])),
        "",
      );
    }
    if (results.videoFloors) {
      const f = results.videoFloors;
      out.push(...FLOOR_TEXT, "", table(FLOOR_HEADER, floorRows(f, v.bothSides)), "");
      if (f.failures.length > 0) out.push(`Floor runs that failed (${f.failures.length}): ${f.failures.join("; ")}.`, "");
    }
    if (v.reconnect) {
      const r = v.reconnect;
      out.push(
        `**After the connection is cut** (${r.runs === 1 ? "the first visit" : `the first ${r.runs} visits`}, ${r.failures} not measured): 1.5 s into the call the patient's`,
        `browser context goes offline for ${count(r.offlineMs)} ms (\`context.setOffline\`, Chromium's network emulation: requests and`,
        "WebSockets fail and `offline`/`online` fire, so LiveKit's client sees the network drop and reconnects its signal connection",
        "when it returns; Chromium does not apply this emulation to WebRTC's own UDP, so media may keep flowing meanwhile). Measured",
        "from the page's `online` event: until “Reconnecting…” is gone (runs where it appeared), and until the first remote frame",
        "painted after that on the patient's page; on the physician's page, once the patient's video flows steadily again, until the",
        "frame that ended its longest gap since going offline (0 when that gap ended before the connection came back). The longest",
        "intervals without a remote frame on each page show whether and for how long media actually stopped.",
        "",
        table(
          ["figure", "n", "p50", "p95", "p99", "max"],
          [
            [`online → “Reconnecting…” gone (shown in ${r.reconnectingShown} of ${r.runs})`, ...summaryCells(r.signalRestored)],
            ["online → remote video again, patient's page", ...summaryCells(r.patientMediaAgain)],
            ["online → patient's video resumes after its longest gap, physician's page", ...summaryCells(r.physicianMediaAgain)],
            ["longest gap without a remote frame, patient's page", ...summaryCells(r.patientLongestGap)],
            ["longest gap without a remote frame, physician's page", ...summaryCells(r.physicianLongestGap)],
          ],
        ),
        "",
      );
    }
  } else out.push(phaseProblem(results, "video"), "");

  // 2
  out.push("## 2. Visit page", "");
  out.push(
    `The treating physician opens \`/physician/visits/[id]\` of a future visit of the demo patient (ten years of history). Every`,
    "navigation is in a fresh browser context (empty HTTP cache, signed-in session; the server is warm after one unrecorded",
    "navigation). A script polls every animation frame from the start of the document: **chart summary visible** is when the panel",
    '`aside[aria-label="Patient chart"]` shows a visible “Allergies” heading; **note editor ready** (separate navigations) is when',
    "a visible, enabled, writable textarea labelled “Subjective” is in the panel, pressing the panel's “Note” tab every frame until it",
    "is selected (presses before hydration do nothing). Times are from navigation start.",
    "",
    "**Largest Contentful Paint** (LCP) of the physician's page and of the patient's `/patient/visits/[id]` of the same visit, each",
    "signed in as its person: every navigation in a fresh context whose network is Chrome DevTools' own “Fast 4G” preset, set",
    "with CDP `Network.emulateNetworkConditions` (`Fast4GConditions` in devtools-frontend's `front_end/core/sdk/NetworkManager.ts`:",
    "9 Mbit/s down and 1.5 Mbit/s up, each × 0.9, and 60 ms × 2.75 latency — 1,012,500 B/s, 168,750 B/s, 165 ms; no CPU slowdown).",
    "After the load event and 1 s without input, a buffered `PerformanceObserver` of `largest-contentful-paint` gives its last",
    "entry's `startTime` (from navigation start). One unrecorded navigation per page first warms the server.",
    "",
  );
  const page = results.page;
  if (page) {
    out.push(
      table(
        ["from navigation to", "n", "p50", "p95", "p99", "max"],
        [
          ["first byte of the HTML (responseStart)", ...summaryCells(page.responseStart)],
          ["DOMContentLoaded", ...summaryCells(page.domContentLoaded)],
          ["chart summary visible", ...(page.summaryVisible ? summaryCells(page.summaryVisible) : [page.note ?? "not measured", "", "", "", ""])],
          ["note editor ready", ...(page.editorReady ? summaryCells(page.editorReady) : [page.editorNote ?? "not measured", "", "", "", ""])],
          ...(["physician", "patient"] as const).map((person) => {
            const paint = page.lcp[person];
            return [`LCP over Fast 4G, ${person}'s page`, ...(paint.summary ? summaryCells(paint.summary) : [paint.element ?? "not measured", "", "", "", ""])];
          }),
        ],
      ),
      "",
      ...(["physician", "patient"] as const).flatMap((person) =>
        page.lcp[person].summary ? [`The ${person}'s largest paint (last run): ${page.lcp[person].element}.`] : [],
      ),
      "",
    );
  } else out.push(phaseProblem(results, "page"), "");

  // 3
  out.push("## 3. Chart endpoints", "");
  out.push(
    `autocannon ${results.versions.autocannon ?? ""} from the same machine, signed in as the treating physician (a session from the real`,
    `sign-in flow, password and TOTP), for the demo patient. Each endpoint at each concurrency for ${o.httpSeconds} s after a 2 s warm-up;`,
    "p50/p95/p99 are exact, over every response's latency taken from autocannon's `response` event (autocannon's own histogram",
    "reports p97.5, shown for reference). The labs trend is one analyte over all of the patient's years" +
      (results.fixtures.loinc ? ` (${results.fixtures.loinc})` : "") +
      "; labs and history are their first page. The last endpoint is no chart endpoint but the floor under all of them:",
    "`GET /api/health` runs one `SELECT 1` with no session, authorization or audit, so it shows what Next and a pooled query",
    "cost on this machine before any work of the app's own.",
    "",
  );
  if (results.chart) {
    const rows: string[][] = [];
    for (const endpoint of results.chart) {
      if (!endpoint.available) rows.push([endpoint.name, "–", "–", "–", endpoint.note ?? "not measured", "", "", "", ""]);
      for (const run of endpoint.runs) rows.push(loadRow(`${endpoint.name} \`${endpoint.path.replace(/\/api\/patients\/[^/]+/, "/api/patients/[id]")}\``, run));
    }
    out.push(table(["endpoint", "clients", "requests", "req/s", "p50", "p95", "p99", "p97.5 (autocannon)", "non-2xx"], rows), "");
  } else out.push(phaseProblem(results, "chart"), "");

  if (results.scale) out.push("## 3b. Chart endpoints and the whole clinic's slot search against the clinic's size", "", ...scaleSection(results.scale));

  // 4
  out.push("## 4. Scheduling", "");
  const s = results.slots;
  out.push(
    "**Slot search**, as the scheduler: one search is `GET /api/slots` for each of the three demo physicians over the next 30 days",
    `(30-minute visit type), the three requests sent at once; timed until the last answer, after 3 unrecorded searches. The clinic`,
    "has more physicians at this scale; a single request for all of them is shown for scale.",
    "",
  );
  if (s) {
    const rows = [
      [`3 physicians × 30 days (${s.slotsFound} free slots)`, ...summaryCells(s.search)],
      ["each of those requests", ...summaryCells(s.request)],
    ];
    if (s.allPhysicians) rows.push([`all ${s.allPhysicians.physicians} physicians × 30 days, one request`, ...summaryCells(s.allPhysicians.latency)]);
    out.push(table(["search", "n", "p50", "p95", "p99", "max"], rows), "");
    if (s.failures.length > 0) out.push(`Failed searches: ${s.failures.length} (${s.failures[0]}).`, "");
  } else out.push(phaseProblem(results, "slots"), "");
  const b = results.booking;
  out.push(
    `**Booking race**: ${o.bookingClients} autocannon connections send ${o.bookingRequests} \`POST /api/appointments\` as the scheduler,`,
    "for different patients, about ten requests per slot, slot after slot (free slots of one physician three weeks out), so",
    "every slot is contended by requests in flight together. The database's exclusion constraint decides: one 201 per slot,",
    "409 (with the next free slots) for the rest. The race's appointments are cancelled afterwards.",
    "",
  );
  if (b?.load) {
    const l = b.load;
    out.push(
      table(
        ["requests", "slots", "req/s", "201", "409", "other", "booked in the database", "p50", "p95", "p99"],
        [
          [
            count(l.requests),
            String(b.slots),
            l.requestsPerSecond.toFixed(0),
            String(b.created),
            String(b.conflicts),
            Object.keys(b.other).length > 0 ? Object.entries(b.other).map(([code, n]) => `${code}×${n}`).join(", ") : "–",
            String(b.booked),
            ms(l.latency?.p50),
            ms(l.latency?.p95),
            ms(l.latency?.p99),
          ],
        ],
      ),
      "",
      table(
        ["response", "n", "p50", "p95", "p99", "max"],
        Object.entries(l.latencyByStatus).map(([code, summary]) => [`HTTP ${code}`, ...summaryCells(summary)]),
      ),
      "",
    );
  } else out.push(b?.note ?? phaseProblem(results, "booking"), "");

  // 5
  out.push("## 5. Note autosave", "");
  out.push(
    `${o.noteWriters} writers, each on a draft note of its own (future visits of the demo patient with the treating physician),`,
    "send `PUT /api/visits/[appointmentId]/note` with the version they last got back and about 600 characters of text, as the",
    `editor's autosave does, for ${o.noteSeconds} s per run: **paced** at one save per writer per second (the autosave's cadence,`,
    "starts spread over a second) and **back to back** (each writer saves again as soon as its last save answers: a stress case).",
    "Round trip = request sent → response read, over HTTP keep-alive.",
    "",
  );
  if (results.notes?.available) {
    out.push(
      table(
        ["run", "writers", "saves", "p50", "p95", "p99", "max", "statuses"],
        results.notes.runs.map((run) => [
          run.mode,
          String(run.writers),
          count(run.saves),
          ms(run.latency?.p50),
          ms(run.latency?.p95),
          ms(run.latency?.p99),
          ms(run.latency?.max),
          Object.entries(run.statuses).map(([code, n]) => `${code}×${n}`).join(", "),
        ]),
      ),
      "",
    );
  } else out.push(results.notes?.note ?? phaseProblem(results, "notes"), "");

  // 6
  out.push("## 6. Weight", "");
  out.push(
    "First-load JavaScript per page route from the production build's manifests: the root main files of build-manifest.json",
    "(framework and runtime) plus, from the route's client reference manifest, the chunks of each entry (layouts, page, error and",
    "not-found boundaries) and of every client component it references that is not lazily loaded. Each file is gzipped with zlib",
    "at level 6 (what `next start` sends) and the sizes summed; lazily imported chunks and nomodule polyfills are not counted.",
    "",
  );
  if (results.weight) {
    const w = results.weight;
    out.push(`Bundler: ${w.bundler}. Heaviest first:`, "");
    out.push(
      table(
        ["route", "JS (gzip)", "JS (raw)", "files", "CSS (gzip)"],
        w.routes.map((route) => [
          route.route === VISIT_PAGE_ROUTE ? `**${route.route}**` : route.route,
          kB(route.jsGzipBytes),
          kB(route.jsBytes),
          String(route.files),
          kB(route.cssGzipBytes),
        ]),
      ),
      "",
    );
    if (results.visitPageLoadedJs) {
      const loaded = results.visitPageLoadedJs;
      out.push(
        `Cross-check: a fresh browser opening the visit page loaded ${loaded.files} JavaScript files, ${kB(loaded.gzipBytes)} gzipped`,
        `(${kB(loaded.transferBytes)} transferred, per Resource Timing), lazily loaded chunks included.`,
        "",
      );
    }
  } else out.push(phaseProblem(results, "weight"), "");

  // 7
  out.push("## 7. FHIR export and import", "");
  out.push(
    "The whole bench clinic exported in the Bulk Data format (`npm run fhir:export`'s code: every resource type, one NDJSON file each,",
    "streamed from the database). Then the records of a sample of its patients (the first by MRN), with the practitioners, organizations",
    "and schedules they refer to, exported the same way and imported into an empty database on the same server (`npm run fhir:import`'s",
    "code: files read line by line, every resource validated, references resolved, all or nothing in one transaction). The import holds",
    "its resources in memory and writes them in one transaction, so it is measured at a practice's size, not a 10,000-patient clinic's",
    "million observations at once. The import's time starts at reading the files. Rates are resources per second of wall time.",
    "",
  );
  if (results.fhir) {
    const f = results.fhir;
    out.push(
      table(
        ["step", "resources", "seconds", "resources/s"],
        [
          ["export", count(f.exported), f.exportSeconds.toFixed(1), count(Math.round(f.exported / f.exportSeconds))],
          [`import (${count(f.importPatients)} patients)`, count(f.imported), f.importSeconds.toFixed(1), count(Math.round(f.imported / f.importSeconds))],
        ],
      ),
      "",
    );
    out.push(
      `Patient/[id]/$everything of the demo patient (ten years of history) read whole by the treating physician, in process (authorization and audit included): ${count(f.everything.resources)} resources in ${f.everything.pages} page${f.everything.pages === 1 ? "" : "s"} of ${f.everything.pageSize}.`,
      "",
      table(["read", "n", "p50", "p95", "p99", "max"], [["the whole record", ...summaryCells(f.everything.latency)]]),
      "",
    );
  } else out.push(phaseProblem(results, "fhir"), "");

  out.push("## Running it", "");
  out.push(
    "```sh",
    "npm run bench                    # the full run: seed, build, start, measure, rewrite this file",
    "BENCH_KEEP_DB=1 npm run bench    # keep the seeded database (bench_clinic_<SEED_SCALE>) and reuse it next time",
    "```",
    "",
    "It needs PostgreSQL (`BENCH_DATABASE_SERVER`, else `DATABASE_URL`, else postgres:postgres@127.0.0.1:5432, as a role that may create databases and roles: the benchmark database gets an owner and a runtime role of its own), Chromium",
    "(`CHROMIUM_PATH`, default /usr/bin/chromium) and the local LiveKit server build (`npm run livekit:build`). It runs `next build`",
    "in the current directory. Options, all environment variables:",
    "",
    table(
      ["variable", "default", "meaning"],
      [
        ["SEED_SCALE", "10000", "patients in the clinic (about 100 lab results each at this scale)"],
        ["BENCH_KEEP_DB", "off", "keep the database and reuse it (migrated, credentials refreshed) on the next run"],
        ["BENCH_DB_NAME", "–", "use (and keep) this database name"],
        ["BENCH_SKIP_BUILD", "off", "use the existing .next build"],
        ["BENCH_PHASES", PHASES_TEXT, "the phases to run, comma-separated"],
        ["BENCH_PORT / BENCH_LIVEKIT_PORT", "3400 / 8280", "the app's port; LiveKit's signal port (ICE TCP +1, UDP +2)"],
        ["BENCH_VISITS", "20", "video visits"],
        ["BENCH_RECONNECTS", "10", "of those, how many also cut the patient's connection"],
        ["BENCH_OFFLINE_MS", "1000", "how long the connection is cut"],
        ["BENCH_FLOOR_RUNS", "12", "runs of each time-to-video floor (bare pages, no app)"],
        ["BENCH_PAGE_RUNS", "20", "visit page navigations per figure"],
        ["BENCH_HTTP_SECONDS", "6", "seconds per chart endpoint and concurrency"],
        ["BENCH_CONCURRENCY", "1,10,50", "concurrent clients for the chart endpoints"],
        ["BENCH_SLOT_RUNS", "60", "slot searches"],
        ["BENCH_FHIR_IMPORT_PATIENTS", "500", "patients whose records the FHIR import moves"],
        ["BENCH_SCALES / BENCH_SCALE_DB_PREFIX", "1000,10000,100000 / bench_clinic", "clinic sizes of the scale phase; each is the kept database <prefix>_<patients>, seeded on first use"],
        ["BENCH_BOOKING_CLIENTS / BENCH_BOOKING_REQUESTS", "50 / 500", "the booking race"],
        ["BENCH_NOTE_WRITERS / BENCH_NOTE_SECONDS", "10 / 10", "note autosave writers and seconds per run"],
        ["BENCH_DOC / BENCH_NO_DOC", "docs/BENCHMARKS.md / off", "where to write this file, or not at all"],
        ["BENCH_CPU_PROFILE", "off", "a directory for the app server's V8 CPU profile (`.cpuprofile`, written when the server stops; Node refuses --cpu-prof in NODE_OPTIONS)"],
      ],
    ),
    "",
    "Raw results of each run are in `.data/bench/results.json`; the app's and the build's output in `.data/bench/*.log`.",
    "",
  );

  out.push("## Findings and fixes", "", FINDINGS_START, findings.trim(), FINDINGS_END, "");
  return out.join("\n");
}

const PHASES_TEXT = "weight,video,page,chart,slots,notes,booking,fhir,imaging,scale";

async function keptFindings(docPath: string): Promise<string> {
  if (!existsSync(docPath)) return DEFAULT_FINDINGS;
  const text = await readFile(docPath, "utf8");
  const start = text.indexOf(FINDINGS_START);
  const end = text.indexOf(FINDINGS_END);
  if (start === -1 || end === -1 || end < start) return DEFAULT_FINDINGS;
  return text.slice(start + FINDINGS_START.length, end).trim() || DEFAULT_FINDINGS;
}

export async function writeReports(results: BenchResults, benchDir: string): Promise<string | null> {
  await mkdir(benchDir, { recursive: true });
  const raw = JSON.stringify(
    results,
    (key, value: unknown) => (value instanceof Map ? undefined : key === "scripts" ? undefined : value),
    2,
  );
  await writeFile(path.join(benchDir, "results.json"), raw);
  if (!results.options.writeDoc) return null;
  const docPath = path.resolve(results.options.docPath);
  const findings = await keptFindings(docPath);
  await mkdir(path.dirname(docPath), { recursive: true });
  await writeFile(docPath, markdownReport(results, findings));
  return docPath;
}
