// 2. Visit page: from navigation to /physician/visits/[id] until the chart
// summary is visible, and (in separate navigations) until the note editor is
// ready, for the demo patient with ten years of history. Each navigation is in
// a fresh browser context: an empty HTTP cache, as when a physician opens the
// first visit of the day (the server is warm). Then the Largest Contentful
// Paint of the physician's page and of the patient's page of the same visit,
// each over Chrome DevTools' "Fast 4G" network.
import type { Browser } from "@playwright/test";
import { newSignedInContext, type Session } from "./browser";
import { largestContentfulPaint, loadedScripts, navigationMarks, probeVisitPage, type LoadedScript, type VisitPageProbe } from "./probe";
import { summarize, type Summary } from "./stats";

export interface VisitPageResult {
  available: boolean;
  /** Why a figure is missing. */
  note: string | null;
  runs: number;
  summaryVisible: Summary | null;
  editorReady: Summary | null;
  editorNote: string | null;
  responseStart: Summary | null;
  domContentLoaded: Summary | null;
  scripts: LoadedScript[];
  /** Largest Contentful Paint over Fast 4G, from navigation start. */
  lcp: { physician: LargestPaintResult; patient: LargestPaintResult };
}

export interface LargestPaintResult {
  path: string;
  summary: Summary | null;
  /** The element of the last run's LCP entry, or why there is no figure. */
  element: string | null;
}

interface Context {
  browser: Browser;
  baseUrl: string;
  session: Session;
  /** The visit's patient: their page of the same visit is measured too. */
  patientSession: Session;
  appointmentId: string;
  runs: number;
  log: (message: string) => void;
}

const TIMEOUT_MS = 20_000;

/**
 * Chrome DevTools' own "Fast 4G" preset, as CDP Network.emulateNetworkConditions
 * takes it: Fast4GConditions in devtools-frontend
 * (front_end/core/sdk/NetworkManager.ts) is 9 Mbit/s down and 1.5 Mbit/s up,
 * each × 0.9, and a 60 ms round trip × 2.75 — 1,012,500 B/s, 168,750 B/s, 165 ms.
 */
export const FAST_4G = { offline: false, downloadThroughput: ((9 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((1.5 * 1000 * 1000) / 8) * 0.9, latency: 60 * 2.75 };

/** Time the page settles after load before its LCP is read (LCP ends at the first input; there is none). */
const LCP_SETTLE_MS = 1_000;

async function largestPaintOnce(context: Context, session: Session, path: string) {
  const browserContext = await newSignedInContext(context.browser, context.baseUrl, session);
  try {
    const page = await browserContext.newPage();
    const cdp = await browserContext.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", FAST_4G);
    const response = await page.goto(path, { waitUntil: "load", timeout: TIMEOUT_MS });
    const status = response?.status() ?? 0;
    return { status, paint: status === 200 ? await page.evaluate(largestContentfulPaint, LCP_SETTLE_MS) : null };
  } finally {
    await browserContext.close();
  }
}

/** One unrecorded navigation warms the page's server code, then `runs` recorded ones, each in a fresh context (empty cache). */
async function measureLargestPaint(context: Context, session: Session, path: string): Promise<LargestPaintResult> {
  const warm = await largestPaintOnce(context, session, path);
  if (warm.status !== 200) return { path, summary: null, element: `the page answered HTTP ${warm.status}` };
  const samples: number[] = [];
  let element: string | null = "no largest-contentful-paint entry";
  for (let run = 0; run < context.runs; run++) {
    const { paint } = await largestPaintOnce(context, session, path);
    if (paint) {
      samples.push(paint.startTime);
      element = paint.element;
    }
  }
  context.log(`  LCP over Fast 4G, ${path}: ${samples.length} runs`);
  return { path, summary: summarize(samples), element };
}

async function navigate(context: Context, openNote: boolean) {
  const browserContext = await newSignedInContext(context.browser, context.baseUrl, context.session);
  try {
    const page = await browserContext.newPage();
    const response = await page.goto(`/physician/visits/${context.appointmentId}`, { waitUntil: "commit" });
    const status = response?.status() ?? 0;
    const result: VisitPageProbe = await page.evaluate(probeVisitPage, { openNote, timeoutMs: TIMEOUT_MS, missingAfterLoadMs: 5_000 });
    await page.waitForLoadState("load").catch(() => undefined);
    const marks = await page.evaluate(navigationMarks);
    const scripts = await page.evaluate(loadedScripts);
    return { status, result, marks, scripts };
  } finally {
    await browserContext.close();
  }
}

export async function measureVisitPage(context: Context): Promise<VisitPageResult> {
  const summary: number[] = [];
  const editor: number[] = [];
  const responseStart: number[] = [];
  const domContentLoaded: number[] = [];
  let scripts: LoadedScript[] = [];
  let note: string | null = null;
  let editorNote: string | null = null;

  // A first, unrecorded navigation warms the server's code paths for this page.
  const warm = await navigate(context, false);
  if (warm.status !== 200) {
    return {
      available: false,
      note: `the page answered HTTP ${warm.status}`,
      runs: 0,
      summaryVisible: null,
      editorReady: null,
      editorNote: null,
      responseStart: null,
      domContentLoaded: null,
      scripts: warm.scripts,
      lcp: await measureBothLargestPaints(context),
    };
  }
  scripts = warm.scripts;
  if (!warm.result.hasChartPanel || warm.result.summaryVisible === null) {
    note = warm.result.hasChartPanel
      ? 'not available in this build: the chart panel shows no visible "Allergies" heading'
      : 'not available in this build: no chart panel (aside "Patient chart") on the visit page';
    context.log(`  ${note}`);
  }

  for (let run = 0; run < context.runs && note === null; run++) {
    const { result, marks } = await navigate(context, false);
    if (result.summaryVisible !== null) summary.push(result.summaryVisible);
    if (marks) {
      responseStart.push(marks.responseStart);
      domContentLoaded.push(marks.domContentLoaded);
    }
  }
  if (note === null) context.log(`  chart summary visible: ${summary.length} runs`);

  const firstEditor = warm.result.hasChartPanel ? await navigate(context, true) : null;
  if (!firstEditor) {
    editorNote = "not available in this build: no chart panel";
  } else if (firstEditor.result.editorReady === null) {
    editorNote = firstEditor.result.hasNoteTab
      ? 'not available in this build: the "Note" tab shows no editable "Subjective" field'
      : 'not available in this build: no "Note" tab in the chart panel';
    context.log(`  ${editorNote}`);
  } else {
    editor.push(firstEditor.result.editorReady);
    for (let run = 1; run < context.runs; run++) {
      const { result } = await navigate(context, true);
      if (result.editorReady !== null) editor.push(result.editorReady);
    }
    context.log(`  note editor ready: ${editor.length} runs`);
  }

  return {
    available: note === null,
    note,
    runs: summary.length,
    summaryVisible: summarize(summary),
    editorReady: summarize(editor),
    editorNote,
    responseStart: summarize(responseStart),
    domContentLoaded: summarize(domContentLoaded),
    scripts,
    lcp: await measureBothLargestPaints(context),
  };
}

async function measureBothLargestPaints(context: Context): Promise<VisitPageResult["lcp"]> {
  return {
    physician: await measureLargestPaint(context, context.session, `/physician/visits/${context.appointmentId}`),
    patient: await measureLargestPaint(context, context.patientSession, `/patient/visits/${context.appointmentId}`),
  };
}
