// Imaging (issue 17's budgets): the first image of a 512×512 CT slice displayed
// after opening the study (p95), scrolling the 100-slice series once its images
// are loaded (frames per second actually shown), and the visit page's first-load
// JavaScript with and without the viewer (the viewer is a lazy chunk: it must
// not be in the first load). The phase starts its own Orthanc with a fresh
// storage and stores, through STOW-RS, the demo CT of the demo patient at
// 512×512 (the demo seed's is 128×128), before the app starts.
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Browser, Locator, Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../../lib/auth/sign-in/demo-credentials";
import type { Database } from "../../lib/db/prisma";
import { CT_SLICES, demoStudy } from "../../lib/imaging/demo-studies";
import { writeDicomFile, type DicomDataset } from "../../lib/imaging/dicom-files";
import { DicomWebArchive } from "../../lib/imaging/dicomweb";
import { startLocalOrthanc } from "../support/orthanc-server";
import { chartPanel, openChartTab } from "../../e2e/support/note-editor";
import { newSignedInContext, type Session } from "./browser";
import { onCleanup } from "./cleanup";
import { BENCH_DIR } from "./environment";
import { loadedScripts } from "./probe";
import { summarize, type Summary } from "./stats";
import { gzipSizeOfLoaded } from "./weight";

export interface ImagingBenchResult {
  runs: number;
  /** From the click on "Open images" to the first slice decoded and on screen. */
  firstImage: Summary | null;
  /** Frames per second shown while stepping through all 100 slices, one key press a frame (one sample per sweep). */
  scrollFps: Summary | null;
  slicesShown: number;
  /** gzip bytes of the visit page's first load, and of the viewer's own chunks (loaded when a study opens). */
  visitFirstLoadGzip: number;
  viewerGzip: number;
  viewerFiles: number;
  viewerInFirstLoad: boolean;
}

const SIZE = 512;
const STUDY = "CT chest without contrast";
const TIMEOUT_MS = 30_000;
const SWEEPS = 5;

/** The demo CT's slices upscaled to 512×512 (nearest neighbour: the same picture, four times the pixels). */
function ctAt512(mrn: string, person: { givenName: string; familyName: string; dateOfBirth: Date }): DicomDataset[] {
  const study = demoStudy({ mrn, givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth.toISOString().slice(0, 10), sex: "UNKNOWN" }, "ct-chest", new Date());
  return study.instances().map((slice) => {
    const size = Number(slice.Rows);
    const source = new Int16Array((slice.PixelData as ArrayBuffer[])[0]!);
    const scale = SIZE / size;
    const pixels = new Int16Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) pixels[y * SIZE + x] = source[Math.floor(y / scale) * size + Math.floor(x / scale)]!;
    return { ...slice, Rows: SIZE, Columns: SIZE, PixelSpacing: ["0.625", "0.625"], PixelData: [pixels.buffer] };
  });
}

/** Starts the bench's Orthanc (fresh storage), points the app at it and stores the demo patient's CT at 512×512. */
export async function prepareImagingArchive(options: { db: Database; port: number; log: (message: string) => void }): Promise<void> {
  const dataDir = path.join(BENCH_DIR, "orthanc");
  await rm(path.join(dataDir, "orthanc"), { recursive: true, force: true });
  const orthanc = await startLocalOrthanc({ httpPort: options.port, dataDir, log: options.log });
  onCleanup("Orthanc", orthanc.stop);
  // The app server started after this inherits the environment.
  Object.assign(process.env, orthanc.env);
  const patient = await options.db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { mrn: true, givenName: true, familyName: true, dateOfBirth: true } });
  const archive = new DicomWebArchive({ url: orthanc.env.DICOMWEB_URL, username: orthanc.env.DICOMWEB_USERNAME, password: orthanc.env.DICOMWEB_PASSWORD });
  const files = ctAt512(patient.mrn, patient).map(writeDicomFile);
  for (let start = 0; start < files.length; start += 20) await archive.store(files.slice(start, start + 20));
  options.log(`  stored ${files.length} CT slices of ${SIZE}×${SIZE} for ${patient.givenName} ${patient.familyName} (${patient.mrn})`);
}

interface Context {
  browser: Browser;
  baseUrl: string;
  session: Session;
  appointmentId: string;
  runs: number;
  log: (message: string) => void;
}

/** The visit page with the Imaging tab open and the CT listed; the scripts of the page's first load. */
async function visitWithImaging(page: Page, appointmentId: string): Promise<{ firstLoad: string[]; open: Locator }> {
  await page.goto(`/physician/visits/${appointmentId}`, { waitUntil: "load" });
  const firstLoad = (await page.evaluate(loadedScripts)).map((script) => script.path);
  await openChartTab(page, "Imaging");
  const open = chartPanel(page).getByRole("button", { name: new RegExp(`^Open images: ${STUDY}`) });
  await open.waitFor({ timeout: TIMEOUT_MS });
  return { firstLoad, open };
}

/** Clicks "Open images" and resolves once the viewer's first image is decoded, with the milliseconds it took. */
function openAndTimeFirstImage(open: Locator): Promise<number> {
  return open.evaluate(
    (button, timeoutMs) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        (button as HTMLButtonElement).click();
        const tick = () => {
          const image = document.querySelector<HTMLImageElement>('[aria-roledescription="image stack"] img');
          if (image && image.complete && image.naturalWidth > 0) {
            // The frame after the image is complete is the one that paints it.
            requestAnimationFrame(() => resolve(performance.now() - started));
          } else if (performance.now() - started > timeoutMs) reject(new Error("no image within the timeout"));
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    TIMEOUT_MS,
  );
}

/** One key press a frame from the first slice to the last: the distinct slices shown, and over how long. */
function sweep(stack: Locator): Promise<{ shown: number; ms: number }> {
  return stack.evaluate(async (element) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const press = (key: string) => element.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    const image = () => element.querySelector("img");
    press("Home");
    await frame();
    await frame();
    let last = image()?.src;
    let shown = 0;
    let lastShownAt = 0;
    const started = performance.now();
    for (let pressed = 0; pressed < 120; pressed++) {
      press("ArrowDown");
      await frame();
      const current = image();
      if (current && current.src !== last && current.complete && current.naturalWidth > 0) {
        shown++;
        lastShownAt = performance.now();
        last = current.src;
      }
    }
    return { shown, ms: lastShownAt - started };
  });
}

export async function measureImaging(context: Context): Promise<ImagingBenchResult> {
  const firstImage: number[] = [];
  const fps: number[] = [];
  let slicesShown = 0;
  let firstLoad: string[] = [];
  let viewerScripts: string[] = [];
  // One unrecorded opening warms the server's imaging routes and the archive's caches.
  for (let run = -1; run < context.runs; run++) {
    const browserContext = await newSignedInContext(context.browser, context.baseUrl, context.session);
    try {
      const page = await browserContext.newPage();
      const visit = await visitWithImaging(page, context.appointmentId);
      const beforeViewer = new Set((await page.evaluate(loadedScripts)).map((script) => script.path));
      const took = await openAndTimeFirstImage(visit.open);
      if (run >= 0) firstImage.push(took);
      if (run === context.runs - 1) {
        firstLoad = visit.firstLoad;
        viewerScripts = (await page.evaluate(loadedScripts)).map((script) => script.path).filter((script) => !beforeViewer.has(script));
        // Scrolling "once loaded": after every slice has been fetched (the page's load states passed long before).
        await page.waitForFunction(
          (slices) => performance.getEntriesByType("resource").filter((entry) => entry.name.includes("/rendered")).length >= slices,
          CT_SLICES,
          { timeout: TIMEOUT_MS },
        );
        const stack = chartPanel(page).locator('[aria-roledescription="image stack"]');
        for (let round = 0; round < SWEEPS; round++) {
          const { shown, ms } = await sweep(stack);
          slicesShown = Math.max(slicesShown, shown);
          if (ms > 0) fps.push((shown / ms) * 1000);
        }
      }
    } finally {
      await browserContext.close();
    }
  }
  context.log(`  first image: ${firstImage.length} runs; scrolling: ${fps.length} sweeps, up to ${slicesShown} slices shown`);
  const projectDir = process.cwd();
  return {
    runs: firstImage.length,
    firstImage: summarize(firstImage),
    scrollFps: summarize(fps),
    slicesShown,
    visitFirstLoadGzip: await gzipSizeOfLoaded(projectDir, firstLoad),
    viewerGzip: await gzipSizeOfLoaded(projectDir, viewerScripts),
    viewerFiles: viewerScripts.length,
    viewerInFirstLoad: viewerScripts.some((script) => firstLoad.includes(script)),
  };
}

/** The imaging budgets' rows of the report. */
export function imagingBudgetRows(result: ImagingBenchResult | null, missing: string): { figure: string; budget: string; measured: string; status: string }[] {
  const verdict = (met: boolean) => (met ? "met" : "missed");
  const first = result?.firstImage?.p95;
  const fps = result?.scrollFps?.p50;
  return [
    { figure: "imaging: first 512×512 CT image after opening the study, p95", budget: "≤ 1,000 ms", measured: first === undefined ? "–" : `${Math.round(first)} ms`, status: first === undefined ? missing : verdict(first <= 1000) },
    { figure: "imaging: scrolling the 100-slice CT once loaded, p50 of sweeps", budget: "≥ 20 fps", measured: fps === undefined ? "–" : `${fps.toFixed(1)} fps`, status: fps === undefined ? missing : verdict(fps >= 20) },
    {
      figure: "imaging: the viewer in the visit page's first-load JS",
      budget: "not in it",
      measured: result ? `first load ${(result.visitFirstLoadGzip / 1000).toFixed(1)} kB; viewer ${(result.viewerGzip / 1000).toFixed(1)} kB in ${result.viewerFiles} files on opening` : "–",
      status: result ? verdict(!result.viewerInFirstLoad && result.viewerFiles > 0) : missing,
    },
  ];
}
