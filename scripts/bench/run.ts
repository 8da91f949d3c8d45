// `npm run bench`: the performance suite of issue 7. Seeds (or reuses) a
// benchmark clinic on PostgreSQL, builds and starts the production app with
// LiveKit and the mail catcher, measures time to video, the visit page, the
// chart endpoints, scheduling, note autosave and bundle weight, prints a table
// and rewrites docs/BENCHMARKS.md. Budgets are reported, never asserted: the
// exit code is non-zero only when the harness itself failed.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { DEMO_PATIENT_EMAIL, DEMO_TOTP_SECRETS } from "../../lib/auth/sign-in/demo-credentials";
import { DEMO_PHYSICIANS, DEMO_SCHEDULER } from "../../lib/db/seed";
import { launchBrowser, signIn, type Session } from "./browser";
import { chartSubjects, measureChartEndpoints } from "./chart";
import { measureFhirImportExport } from "./fhir";
import { measureImaging, prepareImagingArchive } from "./imaging";
import { cleanUp, cleanUpOnSignals, isInterrupted } from "./cleanup";
import { BENCH_DIR, benchDb, buildApp, nextVersion, prepareDatabase, startApp, type RunningApp } from "./environment";
import { measureAutosave } from "./notes";
import { readOptions, type Phase } from "./options";
import { consoleReport, VISIT_PAGE_ROUTE, writeReports, type BenchResults } from "./report";
import { measureBookingRace, measureSlotSearch } from "./scheduling";
import { measureTimeToVideo } from "./video";
import { measureScale } from "./scale";
import { measureVideoFloors } from "./video-floors";
import { measureVisitPage } from "./visit-page";
import { gzipSizeOfLoaded, measureWeight } from "./weight";

const log = (message: string) => console.log(`[bench] ${message}`);
const started = Date.now();
cleanUpOnSignals(log);

const options = readOptions();
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
const require = createRequire(import.meta.url);

const results: BenchResults = {
  startedAt: new Date(),
  totalMs: 0,
  machine: {
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: os.cpus().length,
    ramGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()}`,
  },
  versions: {
    node: process.version.replace(/^v/, ""),
    next: nextVersion(),
    autocannon: (require("autocannon/package.json") as { version: string }).version,
  },
  database: null,
  options,
  phaseTimings: [],
  fixtures: { patient: DEMO_PATIENT_EMAIL, physician: DEMO_PHYSICIANS[0]!.email, loinc: null },
  video: null,
  videoFloors: null,
  page: null,
  chart: null,
  slots: null,
  booking: null,
  notes: null,
  weight: null,
  fhir: null,
  imaging: null,
  scale: null,
  visitPageLoadedJs: null,
  errors: [],
};

async function phase<T>(name: string, work: () => Promise<T>): Promise<T | null> {
  if (isInterrupted()) return null;
  const phaseStarted = Date.now();
  log(`— ${name}`);
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.errors.push({ phase: name, message });
    log(`${name} failed: ${message}`);
    if (error instanceof Error && error.stack && process.env.BENCH_DEBUG) console.error(error.stack);
    return null;
  } finally {
    const elapsed = Date.now() - phaseStarted;
    results.phaseTimings.push({ name, ms: elapsed });
    log(`  (${name}: ${(elapsed / 1000).toFixed(1)} s)`);
  }
}

const wants = (name: Phase) => options.phases.has(name);
const needsApp = (["video", "page", "chart", "slots", "notes", "booking", "imaging"] as const).some(wants);
let exitCode = 0;

try {
  const database = await phase("database", () => prepareDatabase(options, log));
  if (!database) throw new Error("no database to measure");
  results.database = database;
  results.versions.postgres = database.postgresVersion;

  if (options.skipBuild) {
    if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) throw new Error("BENCH_SKIP_BUILD is set but there is no .next build here.");
    log("Using the existing .next build (BENCH_SKIP_BUILD)");
  } else {
    await phase("build", () => buildApp(log));
    if (results.errors.some((error) => error.phase === "build")) throw new Error("the build failed");
  }

  if (wants("weight")) {
    results.weight = await phase("weight", async () => {
      const weight = await measureWeight(process.cwd());
      for (const route of weight.routes.slice(0, 5)) log(`  ${route.route}: ${(route.jsGzipBytes / 1000).toFixed(1)} kB gzip`);
      const visit = weight.routes.find((route) => route.route === VISIT_PAGE_ROUTE);
      if (visit) log(`  visit page ${VISIT_PAGE_ROUTE}: ${(visit.jsGzipBytes / 1000).toFixed(1)} kB gzip`);
      return weight;
    });
  }

  if (wants("fhir")) {
    const db = benchDb(database.url);
    results.fhir = await phase("fhir", () => measureFhirImportExport({ db, serverUrl: options.serverUrl, importPatients: options.fhirImportPatients, log }));
  }

  if (wants("scale")) {
    const browser = await launchBrowser(options.chromiumPath);
    results.scale = await phase("scale", () => measureScale({ options, browser, scales: options.scales, prefix: options.scaleDbPrefix, runDatabase: database, log }));
  }

  if (needsApp) {
    if (wants("imaging")) await phase("imaging-archive", () => prepareImagingArchive({ db: benchDb(database.url), port: options.liveKitPort + 3, log }));
    const app: RunningApp | null = await phase("start", () => startApp(options, database.url, log));
    if (!app) throw new Error("the app did not start");
    results.versions.livekit = app.liveKitVersion;
    const db = benchDb(database.url);
    const browser: Browser = await launchBrowser(options.chromiumPath);
    results.versions.chromium = browser.version();

    const sessions = new Map<string, Session>();
    await phase("sign-in", async () => {
      const emails = new Set<string>();
      if (wants("video")) {
        emails.add(DEMO_PATIENT_EMAIL);
        for (const physician of DEMO_PHYSICIANS) emails.add(physician.email);
      }
      if (wants("page") || wants("chart") || wants("notes") || wants("imaging")) emails.add(DEMO_PHYSICIANS[0]!.email);
      if (wants("page")) emails.add(DEMO_PATIENT_EMAIL);
      if (wants("slots") || wants("booking")) emails.add(DEMO_SCHEDULER.email);
      for (const email of emails) {
        if (!(email in DEMO_TOTP_SECRETS) && email !== DEMO_PATIENT_EMAIL) throw new Error(`${email} is not a demo account`);
        sessions.set(email, await signIn(browser, app.baseUrl, email));
      }
      log(`  signed in: ${[...emails].join(", ")}`);
    });

    const physicianEmail = DEMO_PHYSICIANS[0]!.email;
    const physicianIds = (
      await db.physician.findMany({ where: { user: { email: { in: DEMO_PHYSICIANS.map((p) => p.email) } } }, select: { id: true, user: { select: { email: true } } } })
    ).sort((a, b) => a.user.email.localeCompare(b.user.email));
    const visitType = await db.visitType.findFirstOrThrow({ where: { isActive: true, durationMinutes: 30 }, select: { id: true } });
    // The demo patient, their longest-running analyte, and a future visit with the treating physician (the visit page to open, and the relationship the chart APIs check).
    const subjects = await chartSubjects(db, physicianEmail);
    const { patient, analyte } = subjects;
    if (analyte) {
      results.fixtures.loinc = `${analyte.loincCode} ${analyte.analyte}, ${analyte.n} results over ${analyte.years.toFixed(1)} years`;
    }
    results.fixtures.patient = `${patient.givenName} ${patient.familyName} (${DEMO_PATIENT_EMAIL})`;
    const physicianName = `${DEMO_PHYSICIANS[0]!.givenName} ${DEMO_PHYSICIANS[0]!.familyName}`;
    results.fixtures.physician = `Dr. ${physicianName}`;

    const chartVisit = subjects.visit;

    const session = (email: string) => {
      const found = sessions.get(email);
      if (!found) throw new Error(`not signed in as ${email}`);
      return found;
    };

    try {
      if (wants("video")) {
        results.video = await phase("video", () =>
          measureTimeToVideo({
            browser,
            baseUrl: app.baseUrl,
            db,
            patient: session(DEMO_PATIENT_EMAIL),
            physicians: new Map(DEMO_PHYSICIANS.map((p) => [p.email, session(p.email)])),
            visits: options.visits,
            reconnects: options.reconnects,
            offlineMs: options.offlineMs,
            log,
          }),
        );
        results.videoFloors = await phase("video floors", () =>
          measureVideoFloors({ browser, liveKit: app.liveKitEnv, runs: options.floorRuns, log }),
        );
      }
      if (wants("page") && chartVisit) {
        results.page = await phase("page", () =>
          measureVisitPage({ browser, baseUrl: app.baseUrl, session: session(physicianEmail), patientSession: session(DEMO_PATIENT_EMAIL), appointmentId: chartVisit.appointmentId, runs: options.pageRuns, log }),
        );
        if (results.page && results.page.scripts.length > 0) {
          results.visitPageLoadedJs = {
            files: results.page.scripts.length,
            gzipBytes: await gzipSizeOfLoaded(process.cwd(), results.page.scripts.map((script) => script.path)),
            transferBytes: results.page.scripts.reduce((sum, script) => sum + script.transferSize, 0),
          };
        }
      }
      if (wants("imaging") && chartVisit) {
        results.imaging = await phase("imaging", () => measureImaging({ browser, baseUrl: app.baseUrl, session: session(physicianEmail), appointmentId: chartVisit.appointmentId, runs: options.pageRuns, log }));
      }
      if (wants("chart")) {
        results.chart = await phase("chart", () =>
          measureChartEndpoints({
            baseUrl: app.baseUrl,
            cookie: session(physicianEmail).cookie,
            patientId: patient.id,
            loincCode: analyte?.loincCode ?? null,
            concurrency: options.concurrency,
            seconds: options.httpSeconds,
            log,
          }),
        );
      }
      if (wants("slots")) {
        results.slots = await phase("slots", () =>
          measureSlotSearch({
            baseUrl: app.baseUrl,
            cookie: session(DEMO_SCHEDULER.email).cookie,
            physicianIds: physicianIds.map((p) => p.id),
            visitTypeId: visitType.id,
            runs: options.slotRuns,
            log,
          }),
        );
      }
      if (wants("notes")) {
        results.notes = await phase("notes", () =>
          measureAutosave({
            baseUrl: app.baseUrl,
            cookie: session(physicianEmail).cookie,
            db,
            physicianEmail,
            writers: options.noteWriters,
            seconds: options.noteSeconds,
            log,
          }),
        );
      }
      if (wants("booking")) {
        results.booking = await phase("booking", () =>
          measureBookingRace({
            baseUrl: app.baseUrl,
            cookie: session(DEMO_SCHEDULER.email).cookie,
            db,
            physicianId: physicianIds[physicianIds.length - 1]!.id,
            visitTypeId: visitType.id,
            clients: options.bookingClients,
            requests: options.bookingRequests,
            log,
          }),
        );
      }
    } finally {
      await subjects.release();
    }
  }
} catch (error) {
  exitCode = 1;
  const message = error instanceof Error ? error.message : String(error);
  if (!results.errors.some((entry) => message.includes(entry.phase))) results.errors.push({ phase: "setup", message });
  log(`Stopped: ${message}`);
} finally {
  const stopping = Date.now();
  await cleanUp(log);
  results.phaseTimings.push({ name: "clean-up", ms: Date.now() - stopping });
  results.totalMs = Date.now() - started;
  if (results.errors.length > 0) exitCode = 1;
  console.log(consoleReport(results));
  const doc = await writeReports(results, BENCH_DIR).catch((error: unknown) => {
    log(`Could not write the report: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  if (doc) log(`Wrote ${path.relative(process.cwd(), doc)}`);
  process.exit(exitCode);
}
