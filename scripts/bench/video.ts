// 1. Time to video: the patient waits in the waiting room, the physician
// admits them; from the admit click to the first remote frame on each side.
// Then, on some visits, the patient's browser goes offline for a moment
// (Playwright's context.setOffline, i.e. Chromium's network emulation) and we
// time how long until remote video is painted again after it comes back.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../../lib/auth/sign-in/demo-credentials";
import type { Database } from "../../lib/db/prisma";
import { DEMO_PHYSICIANS } from "../../lib/db/seed";
import { bookVisitStartingNow } from "../../e2e/support/visit-now";
import { newSignedInContext, type Session } from "./browser";
import { isInterrupted } from "./cleanup";
import { BENCH_DIR, sleep } from "./environment";
import { describeVideos, installCallProbe, readCallProbe, type CallProbe, type FrameMark } from "./probe";
import { summarize, type Summary } from "./stats";

export interface VideoResult {
  visits: number;
  failures: string[];
  /** Admit click → first remote frame on the patient's page (the physician's video). */
  patientSide: Summary | null;
  /** Admit click → first remote frame on the physician's page (the patient's video). */
  physicianSide: Summary | null;
  /** The later of the two: both people see each other. */
  bothSides: Summary | null;
  reconnect: ReconnectResult | null;
  /** The patient's path: opening the visit page → the device check's camera preview shows a picture. */
  patientPreview: Summary | null;
  /** The patient's path: "Join the waiting room" pressed (check-in already done) → the waiting room shown. */
  patientWaiting: Summary | null;
  /** Where the time between the admit click and the first frames goes: each step's first time after the click, over the visits. */
  steps: StepResult[];
}

export interface StepResult {
  side: "patient" | "physician";
  what: string;
  /** From the admit click to the step's first occurrence after it. */
  sinceClick: Summary | null;
}

export interface ReconnectResult {
  runs: number;
  failures: number;
  offlineMs: number;
  /** Back online → "Reconnecting…" gone on the patient's page (runs where it appeared). */
  signalRestored: Summary | null;
  reconnectingShown: number;
  /** Back online → first remote frame after the patient's call is reconnected, on the patient's page. */
  patientMediaAgain: Summary | null;
  /** Back online → the frame that ends the longest gap in the patient's video on the physician's page (0 if that gap ended before). */
  physicianMediaAgain: Summary | null;
  /** Longest interval without a remote frame, from going offline until media is back, per side. */
  patientLongestGap: Summary | null;
  physicianLongestGap: Summary | null;
}

interface Context {
  browser: Browser;
  baseUrl: string;
  db: Database;
  patient: Session;
  physicians: Map<string, Session>;
  visits: number;
  reconnects: number;
  offlineMs: number;
  log: (message: string) => void;
}

const STEP_TIMEOUT_MS = 30_000;
/** Video normally arrives within a few seconds; a visit that waits longer is counted as failed. */
const MEDIA_TIMEOUT_MS = 15_000;
const REASON = "Video visit (benchmark)";

async function probe(page: Page): Promise<CallProbe> {
  const value = await page.evaluate(readCallProbe);
  if (!value) throw new Error("the page lost its probe (it navigated)");
  return value;
}

async function waitForProbe(page: Page, test: (probe: CallProbe) => boolean, timeoutMs: number, what: string): Promise<CallProbe> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe(page);
    if (test(value)) return value;
    if (Date.now() > deadline) {
      const now = Date.now();
      const recent = value.frames.filter((frame) => frame.t > now - 5_000).length;
      const last = value.frames[value.frames.length - 1];
      const seen = last ? `last remote frame ${Math.round(now - last.t)} ms ago, ${recent} in the last 5 s` : "no remote frame ever";
      const videos = await page.evaluate(describeVideos).catch(() => "");
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (${seen}; ${videos})`);
    }
    await sleep(50);
  }
}

/**
 * Every console message of the page, with the wall-clock time it arrived, so a
 * failed visit can be read against LiveKit's log (.data/bench/livekit.log).
 * BENCH_LIVEKIT_LOG_LEVEL=debug turns livekit-client's own logging up (it
 * reads its level from localStorage before the call's code runs).
 */
async function recordConsole(context: BrowserContext, page: Page): Promise<string[]> {
  const level = process.env.BENCH_LIVEKIT_LOG_LEVEL?.trim();
  if (level) {
    await context.addInitScript((value) => {
      for (const name of ["livekit", "livekit-room", "livekit-participant", "livekit-engine", "livekit-signal", "livekit-pc-manager", "livekit-pc-transport"]) {
        localStorage.setItem(`loglevel:${name}`, value.toUpperCase());
      }
    }, level);
  }
  const lines: string[] = [];
  page.on("console", (message) => lines.push(`${new Date().toISOString()} ${message.type()} ${message.text()}`));
  page.on("pageerror", (error) => lines.push(`${new Date().toISOString()} pageerror ${error.message}`));
  return lines;
}

async function keepConsoles(index: number, consoles: Record<string, string[]>, log: (message: string) => void): Promise<void> {
  await mkdir(BENCH_DIR, { recursive: true });
  for (const [side, lines] of Object.entries(consoles)) {
    const file = path.join(BENCH_DIR, `video-visit-${index + 1}-${side}.log`);
    await writeFile(file, `${lines.join("\n")}\n`);
    log(`    ${side}'s console: ${path.relative(process.cwd(), file)}`);
  }
}

const firstFrameAfter = (frames: FrameMark[], t: number) => frames.find((frame) => frame.t > t)?.t ?? null;

/** The admit request as the physician's page sent it and got its answer (wall-clock times, as the probes'). */
function watchAdmitRequest(page: Page): { sent?: number; answered?: number } {
  const times: { sent?: number; answered?: number } = {};
  page.on("request", (request) => {
    if (request.method() === "POST" && /\/admit$/.test(new URL(request.url()).pathname)) times.sent ??= Date.now();
  });
  page.on("requestfinished", (request) => {
    if (request.method() === "POST" && /\/admit$/.test(new URL(request.url()).pathname)) times.answered ??= Date.now();
  });
  return times;
}

/** Each step's first time after the click on one page, keyed "side: step", from the page's probe. */
function stepsAfter(side: StepResult["side"], probe: CallProbe, clickAt: number, into: Map<string, number[]>): [number, string][] {
  const seen = new Map<string, number>();
  for (const mark of probe.marks) if (mark.t > clickAt && !seen.has(mark.what)) seen.set(mark.what, mark.t - clickAt);
  const frame = firstFrameAfter(probe.frames, clickAt);
  if (frame !== null) seen.set("first remote frame", frame - clickAt);
  for (const [what, ms] of seen) {
    const key = `${side}: ${what}`;
    into.set(key, [...(into.get(key) ?? []), ms]);
  }
  return [...seen].map(([what, ms]) => [ms, `${side}: ${what}`]);
}

/** The longest run without a frame in [from, until], counting the edges. */
function longestGap(frames: FrameMark[], from: number, until: number): number {
  let previous = from;
  let longest = 0;
  for (const frame of frames) {
    if (frame.t <= from) continue;
    if (frame.t > until) break;
    longest = Math.max(longest, frame.t - previous);
    previous = frame.t;
  }
  return Math.max(longest, until - previous);
}

export async function measureTimeToVideo(context: Context): Promise<VideoResult> {
  const patientSide: number[] = [];
  const physicianSide: number[] = [];
  const bothSides: number[] = [];
  const failures: string[] = [];
  const patientPreview: number[] = [];
  const patientWaiting: number[] = [];
  const steps = new Map<string, number[]>();
  const reconnect = {
    runs: 0,
    failures: 0,
    restored: [] as number[],
    shown: 0,
    patientAgain: [] as number[],
    physicianAgain: [] as number[],
    patientGap: [] as number[],
    physicianGap: [] as number[],
  };

  for (let index = 0; index < context.visits && !isInterrupted(); index++) {
    const physician = DEMO_PHYSICIANS[index % DEMO_PHYSICIANS.length]!;
    const physicianSession = context.physicians.get(physician.email)!;
    const contexts: BrowserContext[] = [];
    const consoles: Record<string, string[]> = {};
    let appointmentId: string | null = null;
    try {
      const visit = await bookVisitStartingNow(context.db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: physician.email, reason: REASON });
      appointmentId = visit.appointmentId;
      const patientContext = await newSignedInContext(context.browser, context.baseUrl, context.patient);
      const physicianContext = await newSignedInContext(context.browser, context.baseUrl, physicianSession);
      contexts.push(patientContext, physicianContext);
      const patientPage = await patientContext.newPage();
      const physicianPage = await physicianContext.newPage();
      consoles.patient = await recordConsole(patientContext, patientPage);
      consoles.physician = await recordConsole(physicianContext, physicianPage);
      const admitRequest = watchAdmitRequest(physicianPage);

      const openedAt = Date.now();
      await patientPage.goto(`/patient/visits/${visit.appointmentId}`);
      await patientPage.evaluate(installCallProbe);
      await patientPage.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video[aria-label="Your camera preview"]')?.readyState ?? 0) >= 2, undefined, {
        timeout: STEP_TIMEOUT_MS,
        polling: "raf",
      });
      patientPreview.push(Date.now() - openedAt);
      await patientPage.getByRole("button", { name: "Join the waiting room" }).click({ timeout: STEP_TIMEOUT_MS });
      await patientPage.getByRole("heading", { name: "Waiting room" }).waitFor({ timeout: STEP_TIMEOUT_MS });
      const joinedAt = (await probe(patientPage)).clicks.find((click) => click.text === "Join the waiting room")?.t;
      if (joinedAt !== undefined) patientWaiting.push(Date.now() - joinedAt);

      await physicianPage.goto(`/physician/visits/${visit.appointmentId}`);
      await physicianPage.evaluate(installCallProbe);
      await physicianPage.getByRole("button", { name: "Start the visit" }).click({ timeout: STEP_TIMEOUT_MS });
      const admit = physicianPage.getByRole("button", { name: `Admit ${visit.patientName}` });
      await admit.waitFor({ timeout: STEP_TIMEOUT_MS });
      // The Admit button shows before the physician's own call is up; a physician admits once they are in it
      // (connected, their own camera shown in the call), as the floors' other side already publishes.
      await waitForProbe(physicianPage, (p) => p.marks.some((m) => m.what.endsWith("connection connected")), STEP_TIMEOUT_MS, "the physician's connection");
      await physicianPage.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video[aria-label="Your video"]')?.readyState ?? 0) >= 2, undefined, {
        timeout: STEP_TIMEOUT_MS,
      });
      await admit.click();

      const admitted = await waitForProbe(physicianPage, (p) => p.clicks.some((c) => c.text.startsWith("Admit")), 5_000, "the admit click");
      const clickAt = admitted.clicks.find((c) => c.text.startsWith("Admit"))!.t;
      const hasFrameAfterClick = (p: CallProbe) => firstFrameAfter(p.frames, clickAt) !== null;
      const [patientProbe, physicianProbe] = await Promise.all([
        waitForProbe(patientPage, hasFrameAfterClick, MEDIA_TIMEOUT_MS, "the physician's video on the patient's page"),
        waitForProbe(physicianPage, hasFrameAfterClick, MEDIA_TIMEOUT_MS, "the patient's video on the physician's page"),
      ]);
      const patientMs = firstFrameAfter(patientProbe.frames, clickAt)! - clickAt;
      const physicianMs = firstFrameAfter(physicianProbe.frames, clickAt)! - clickAt;
      patientSide.push(patientMs);
      physicianSide.push(physicianMs);
      bothSides.push(Math.max(patientMs, physicianMs));
      // Where the time went: the admit request, then each page's WebRTC steps after the click.
      const admitSteps = [["admit request sent", admitRequest.sent], ["admit request answered", admitRequest.answered]] as const;
      const timeline: [number, string][] = [
        ...admitSteps.flatMap(([what, t]) => (t === undefined ? [] : [[t - clickAt, `physician: ${what}`] as [number, string]])),
        ...stepsAfter("patient", patientProbe, clickAt, steps),
        ...stepsAfter("physician", physicianProbe, clickAt, steps),
      ];
      for (const [what, t] of admitSteps) {
        if (t !== undefined) steps.set(`physician: ${what}`, [...(steps.get(`physician: ${what}`) ?? []), t - clickAt]);
      }
      await mkdir(BENCH_DIR, { recursive: true });
      await writeFile(path.join(BENCH_DIR, `video-visit-${index + 1}-timeline.log`), timeline
          .sort((a, b) => a[0] - b[0])
          .map(([ms, what]) => `+${Math.round(ms)} ms ${what}`)
          .join("\n") + "\n");

      let reconnectNote = "";
      if (index < context.reconnects) {
        reconnect.runs += 1;
        try {
          // Let the call settle (bandwidth estimation, adaptive stream) first.
          await sleep(1_500);
          const cutAt = Date.now();
          await patientContext.setOffline(true);
          await sleep(context.offlineMs);
          await patientContext.setOffline(false);
          const backAt = Date.now();
          const offlineEventSeen = await waitForProbe(patientPage, (p) => p.online.some((t) => t >= cutAt - 50), 5_000, "the online event").catch(() => null);
          const onlineAt = offlineEventSeen?.online.find((t) => t >= cutAt - 50) ?? backAt;
          // Media is back on the patient's side once "Reconnecting…" is gone (if it came) and a remote frame follows.
          // (Frames may never have stopped, and the client may start reconnecting a moment after the
          // online event, so nothing is decided in the first 3 s.)
          const settled = (p: CallProbe) => {
            if (Date.now() < backAt + 3_000) return false;
            const last = p.reconnecting[p.reconnecting.length - 1];
            if (last?.present) return false;
            const after = Math.max(onlineAt, last && last.t > cutAt ? last.t : 0);
            return firstFrameAfter(p.frames, after) !== null;
          };
          const patientAfter = await waitForProbe(patientPage, settled, MEDIA_TIMEOUT_MS, "video after reconnecting (patient)");
          const shownTimes = patientAfter.reconnecting.filter((mark) => mark.t > cutAt);
          const restoredAt = shownTimes.length > 0 ? shownTimes[shownTimes.length - 1]!.t : null;
          if (shownTimes.some((mark) => mark.present)) {
            reconnect.shown += 1;
            if (restoredAt !== null) reconnect.restored.push(restoredAt - onlineAt);
          }
          const patientAgainAt = firstFrameAfter(patientAfter.frames, Math.max(onlineAt, restoredAt ?? 0))!;
          reconnect.patientAgain.push(patientAgainAt - onlineAt);
          reconnect.patientGap.push(longestGap(patientAfter.frames, cutAt, patientAgainAt));

          // The physician's side: wait until the patient's video flows steadily again (a frame in the
          // last 300 ms and five in the last second), then take the longest gap since going offline
          // and the frame that ended it.
          const flowing = (p: CallProbe) => {
            const now = Date.now();
            const recent = p.frames.filter((frame) => frame.t > now - 1_000);
            return now > backAt + 3_000 && recent.length >= 5 && now - recent[recent.length - 1]!.t < 300;
          };
          const physicianAfter = await waitForProbe(physicianPage, flowing, MEDIA_TIMEOUT_MS, "the patient's video again (physician)");
          const sinceCut = physicianAfter.frames.filter((frame) => frame.t > cutAt);
          let gap = sinceCut.length > 0 ? sinceCut[0]!.t - cutAt : 0;
          let resumedAt = sinceCut[0]?.t ?? cutAt;
          for (let i = 1; i < sinceCut.length; i++) {
            if (sinceCut[i]!.t - sinceCut[i - 1]!.t > gap) {
              gap = sinceCut[i]!.t - sinceCut[i - 1]!.t;
              resumedAt = sinceCut[i]!.t;
            }
          }
          reconnect.physicianGap.push(gap);
          reconnect.physicianAgain.push(Math.max(0, resumedAt - onlineAt));
          reconnectNote =
            `; after going offline: patient sees video again ${Math.round(patientAgainAt - onlineAt)} ms after online (longest gap ${Math.round(reconnect.patientGap.at(-1)!)} ms), ` +
            `physician ${Math.round(Math.max(0, resumedAt - onlineAt))} ms (longest gap ${Math.round(gap)} ms)`;
        } catch (error) {
          reconnect.failures += 1;
          reconnectNote = `, reconnect not measured: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      context.log(
        `  visit ${index + 1}/${context.visits} (${physician.givenName} ${physician.familyName}): patient sees video ${Math.round(patientMs)} ms, physician ${Math.round(physicianMs)} ms after admit${reconnectNote}`,
      );
    } catch (error) {
      const message = `visit ${index + 1} (${physician.givenName} ${physician.familyName}): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
      failures.push(message);
      context.log(`  ${message}`);
      await keepConsoles(index, consoles, context.log);
    } finally {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      if (appointmentId) {
        await context.db.appointment.updateMany({
          where: { id: appointmentId },
          data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "Benchmark visit done" },
        });
      }
    }
  }

  return {
    visits: context.visits,
    failures,
    patientSide: summarize(patientSide),
    physicianSide: summarize(physicianSide),
    bothSides: summarize(bothSides),
    patientPreview: summarize(patientPreview),
    patientWaiting: summarize(patientWaiting),
    steps: [...steps]
      .map(([key, samples]) => ({ side: key.split(": ")[0] as StepResult["side"], what: key.slice(key.indexOf(": ") + 2), sinceClick: summarize(samples) }))
      .filter((step) => (step.sinceClick?.n ?? 0) * 2 >= patientSide.length)
      .sort((a, b) => a.sinceClick!.p50 - b.sinceClick!.p50),
    reconnect:
      context.reconnects > 0
        ? {
            runs: reconnect.runs,
            failures: reconnect.failures,
            offlineMs: context.offlineMs,
            signalRestored: summarize(reconnect.restored),
            reconnectingShown: reconnect.shown,
            patientMediaAgain: summarize(reconnect.patientAgain),
            physicianMediaAgain: summarize(reconnect.physicianAgain),
            patientLongestGap: summarize(reconnect.patientGap),
            physicianLongestGap: summarize(reconnect.physicianGap),
          }
        : null,
  };
}
