import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, expect, test, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/support/chromium";
import { startAppInstance, type AppInstance } from "./support/app-instance";
import { E2E_BASE_URL } from "./support/base-url";
import { chartPanel, noteStatus, savedNote, showNote } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";
import { signedInPage } from "./support/video-call";
import { bookFutureVisit, type TestVisit } from "./support/visit-now";

// The consultation note where losing text is most likely: the app server gone
// (stopped, killed mid-save, restarting), the browser closed with a save on its
// way, two tabs on one note. Each test ends on the exact text in the database.
// The tests that stop the server stop their own instance of the production
// build (same database), never the suite's server.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
let instance: AppInstance;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  instance = await startAppInstance({});
});
test.afterAll(async () => {
  await instance?.stop();
  await db?.$disconnect();
});

test.setTimeout(180_000);

function notePath(visit: TestVisit) {
  return `/api/visits/${visit.appointmentId}/note`;
}

/** Opens the visit's note and waits until it can be typed in; returns the text the note was opened with (the visit type's template). */
async function openNote(page: Page, visit: TestVisit) {
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  await showNote(page);
  await expect(chartPanel(page).getByLabel("Plan", { exact: true })).toBeEditable();
  const note = await savedNote(db, visit.appointmentId);
  expect(note).not.toBeNull();
  return { subjective: note!.subjective, objective: note!.objective, assessment: note!.assessment, plan: note!.plan };
}

function section(page: Page, name: "Subjective" | "Objective" | "Assessment" | "Plan") {
  return chartPanel(page).getByLabel(name, { exact: true });
}

async function expectNoteText(visit: TestVisit, expected: Record<"subjective" | "objective" | "assessment" | "plan", string>) {
  await expect
    .poll(async () => {
      const note = await savedNote(db, visit.appointmentId);
      return note && { subjective: note.subjective, objective: note.objective, assessment: note.assessment, plan: note.plan };
    }, { timeout: 30_000 })
    .toEqual(expected);
}

/**
 * Whether the browser profile's localStorage files on disk hold `text`.
 * Chromium writes what a page stores to disk in batches: 5 s after the page
 * stored it at first, then (rate-limited) up to a minute later, and a browser
 * closed by Playwright in between lost the rest (once in CI: "Echo" of
 * "Echocardiogram"). The page's copy is written at each keystroke; what
 * reaches the disk, and when, is the browser's. This test's browser flushes
 * at once (--enable-aggressive-domstorage-flushing) and the test still waits
 * for the text on disk before closing it.
 */
async function inProfileOnDisk(profile: string, text: string) {
  const directory = path.join(profile, "Default", "Local Storage", "leveldb");
  const files = await readdir(directory).catch(() => [] as string[]);
  const spellings = [Buffer.from(text, "latin1"), Buffer.from(text, "utf16le")];
  for (const file of files) {
    const bytes = await readFile(path.join(directory, file)).catch(() => Buffer.alloc(0));
    if (spellings.some((spelling) => bytes.includes(spelling))) return true;
  }
  return false;
}

function changedElsewhereAlert(page: Page) {
  return chartPanel(page).getByRole("alert").filter({ hasText: "This note was changed elsewhere" });
}

/** Whether this device keeps the visit page and every static file it has loaded, for a reload without the server. */
function keptForOffline(page: Page) {
  return page.evaluate(async () => {
    const files = new Set(
      performance
        .getEntriesByType("resource")
        .map((entry) => entry.name)
        .filter((name) => new URL(name).origin === location.origin && new URL(name).pathname.startsWith("/_next/static/")),
    );
    const staticCache = await caches.open("clinic-offline-static-v1");
    const pageCache = await caches.open("clinic-offline-pages-v1");
    const missing = [];
    for (const file of files) if (!(await staticCache.match(file, { ignoreVary: true }))) missing.push(file);
    if (!(await pageCache.match(`${location.origin}${location.pathname}`, { ignoreVary: true }))) missing.push(location.pathname);
    return missing;
  });
}

test("reloaded while the app server is stopped, the visit page comes from the service worker with the text typed so far, and it all arrives once the server is back", async ({
  browser,
}) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: reload without the server" });
  const { context, page } = await signedInPage(browser, PHYSICIAN_EMAIL, { baseURL: instance.url });
  const template = await openNote(page, visit);
  await expect.poll(() => keptForOffline(page)).toEqual([]);

  await section(page, "Subjective").fill("Palpitations for two weeks, worse at night.");
  await expect(noteStatus(page)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 15_000 });

  await instance.stop();
  await section(page, "Plan").fill("");
  await section(page, "Plan").pressSequentially("Holter monitor for 48 hours.", { delay: 10 });
  await expect(noteStatus(page)).toHaveText("Offline – saved on this device", { timeout: 15_000 });

  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await showNote(page);
  await expect(section(page, "Plan")).toHaveValue("Holter monitor for 48 hours.");
  await expect(section(page, "Subjective")).toHaveValue("Palpitations for two weeks, worse at night.");
  await section(page, "Plan").press("Control+End");
  await section(page, "Plan").pressSequentially(" Typed after the reload.", { delay: 10 });
  await expect(noteStatus(page)).toHaveText("Offline – saved on this device", { timeout: 15_000 });

  await instance.restart();
  await expectNoteText(visit, {
    ...template,
    subjective: "Palpitations for two weeks, worse at night.",
    plan: "Holter monitor for 48 hours. Typed after the reload.",
  });
  await expect(noteStatus(page)).toHaveText(/^Saved \d\d:\d\d$/);
  await expect(changedElsewhereAlert(page)).toHaveCount(0);
  await context.close();
});

test("the app server killed during a save and restarted while the physician types: everything typed arrives, in order, once", async ({ browser }) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: server killed while typing" });
  const { context, page } = await signedInPage(browser, PHYSICIAN_EMAIL, { baseURL: instance.url });
  const template = await openNote(page, visit);
  const plan = section(page, "Plan");
  await plan.fill("");

  const saveSent = page.waitForRequest((request) => request.method() === "PUT" && new URL(request.url()).pathname === notePath(visit));
  await plan.pressSequentially("Started levothyroxine 50 mcg.", { delay: 10 });
  await saveSent;
  await instance.kill();
  await plan.pressSequentially(" Typed while the server was down.", { delay: 10 });
  await expect(noteStatus(page)).toHaveText("Offline – saved on this device", { timeout: 15_000 });

  const restarted = instance.restart();
  await plan.pressSequentially(" Typed while it restarted.", { delay: 10 });
  await restarted;
  await plan.pressSequentially(" Typed once it was back.", { delay: 10 });

  const typed = "Started levothyroxine 50 mcg. Typed while the server was down. Typed while it restarted. Typed once it was back.";
  await expectNoteText(visit, { ...template, plan: typed });
  await expect(plan).toHaveValue(typed);
  await expect(changedElsewhereAlert(page)).toHaveCount(0);
  await context.close();
});

test("the browser closed while a save is on its way, then opened again: the text typed meanwhile comes back and is sent", async () => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: browser closed mid-save" });
  // A browser profile on disk, as a physician's computer keeps one: what the tab kept survives the browser closing.
  const profile = await mkdtemp(path.join(tmpdir(), "notes-hard-cases-"));
  const openBrowser = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, "--enable-aggressive-domstorage-flushing"],
      baseURL: E2E_BASE_URL,
    });
  let context: BrowserContext | null = await openBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await signInAs(page, PHYSICIAN_EMAIL);
    const template = await openNote(page, visit);
    const plan = section(page, "Plan");
    await plan.fill("");
    await expect(noteStatus(page)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 15_000 });

    // The next save reaches the server, which stores it, but its answer never reaches the browser.
    let stored!: () => void;
    const saveStored = new Promise<void>((resolve) => (stored = resolve));
    await context.route(`**${notePath(visit)}`, async (route) => {
      if (route.request().method() !== "PUT") return route.continue();
      await route.fetch();
      stored();
    });
    await plan.pressSequentially("Refer to cardiology.", { delay: 10 });
    await saveStored;
    await expect.poll(async () => (await savedNote(db, visit.appointmentId))?.plan).toBe("Refer to cardiology.");
    await plan.pressSequentially(" Echocardiogram first.", { delay: 10 });
    await expect.poll(() => inProfileOnDisk(profile, "Refer to cardiology. Echocardiogram first."), { timeout: 15_000 }).toBe(true);
    await context.close();
    context = null;

    context = await openBrowser();
    const reopened = context.pages()[0] ?? (await context.newPage());
    await openNote(reopened, visit);
    await expect(section(reopened, "Plan")).toHaveValue("Refer to cardiology. Echocardiogram first.");
    await expectNoteText(visit, { ...template, plan: "Refer to cardiology. Echocardiogram first." });
    await expect(noteStatus(reopened)).toHaveText(/^Saved \d\d:\d\d$/);
    await expect(changedElsewhereAlert(reopened)).toHaveCount(0);
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test("two tabs typing in turn on one note: each continues the other's text and nothing is lost", async ({ browser }) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: two tabs in turn" });
  const { context, page: first } = await signedInPage(browser, PHYSICIAN_EMAIL);
  const second = await context.newPage();
  const template = await openNote(first, visit);
  await openNote(second, visit);

  await section(first, "Plan").fill("");
  await section(first, "Plan").pressSequentially("Plan from the first tab.", { delay: 10 });
  await expectNoteText(visit, { ...template, plan: "Plan from the first tab." });

  await expect(section(second, "Plan")).toHaveValue("Plan from the first tab.", { timeout: 15_000 });
  await section(second, "Plan").press("Control+End");
  await section(second, "Plan").pressSequentially(" Then the second tab.", { delay: 10 });
  await section(second, "Assessment").fill("Hypothyroidism (second tab).");
  await expectNoteText(visit, { ...template, assessment: "Hypothyroidism (second tab).", plan: "Plan from the first tab. Then the second tab." });

  await expect(section(first, "Plan")).toHaveValue("Plan from the first tab. Then the second tab.", { timeout: 15_000 });
  await section(first, "Plan").press("Control+End");
  await section(first, "Plan").pressSequentially(" The first tab again.", { delay: 10 });
  await expectNoteText(visit, {
    ...template,
    assessment: "Hypothyroidism (second tab).",
    plan: "Plan from the first tab. Then the second tab. The first tab again.",
  });
  for (const page of [first, second]) await expect(changedElsewhereAlert(page)).toHaveCount(0);
  await context.close();
});
