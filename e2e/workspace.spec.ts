import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { admitIntoCall, endVisitForEveryone, expectLiveVideo, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// The physician's workspace during a call: the video, the chart and the note
// side by side on a laptop's screen and on a large one, nothing essential
// below the fold, and the keyboard shortcuts. The pictures of it in
// docs/screenshots/ are taken here (SCREENSHOTS_DIR=docs/screenshots to refresh them).

const PHYSICIAN_EMAIL = "samuel.okafor@demo.clinic";
const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR;

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());
test.setTimeout(120_000);

async function expectWholeOnScreen(page: Page, visitPatientName: string) {
  await expect(page.getByLabel(`${visitPatientName}'s video`)).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole("group", { name: "Call controls" })).toBeInViewport({ ratio: 1 });
  await expect(chartPanel(page).getByRole("tablist", { name: "Chart sections" })).toBeInViewport({ ratio: 1 });
  await expect(chartPanel(page).getByRole("heading", { name: "Consultation note" })).toBeInViewport({ ratio: 1 });
  await expect(chartPanel(page).getByLabel("Subjective")).toBeInViewport();
}

/** The page as the physician first sees it, for docs/screenshots/. */
async function takeScreenshot(page: Page, name: string) {
  if (!SCREENSHOTS_DIR) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, name) });
}

test("on a laptop and on a large screen the call, the chart and the note sit side by side, and the keyboard drives them", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: the workspace" });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL, { viewport: { width: 1366, height: 768 } });
  await admitIntoCall(patient.page, physician.page, visit);
  const page = physician.page;

  // 1366 × 768: everything the physician needs at once, without scrolling.
  await expectWholeOnScreen(page, visit.patientName);
  await expect(chartPanel(page).getByRole("tab", { name: "Note" })).toHaveCount(0);

  // The note stays as typed while the chart's tabs change under the keyboard.
  await chartPanel(page).getByLabel("Subjective").fill("Headaches in the morning for two weeks.");
  await page.keyboard.press("Alt+Shift+4");
  await expect(chartPanel(page).getByRole("tab", { name: "Labs" })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Alt+Shift+P");
  await expect(chartPanel(page).getByLabel("Plan", { exact: true })).toBeFocused();
  await page.keyboard.type("Home blood pressure log for a week."); // before the template's first line, where focus put the caret
  await expect(chartPanel(page).getByLabel("Subjective")).toHaveValue("Headaches in the morning for two weeks.");
  await expect(chartPanel(page).getByLabel("Plan", { exact: true })).toHaveValue(/^Home blood pressure log for a week\.Medications:/);

  // Microphone and camera from the keyboard, as their buttons say.
  await page.keyboard.press("Alt+Shift+M");
  await expect(page.getByRole("button", { name: "Unmute microphone" })).toBeVisible();
  await page.keyboard.press("Alt+Shift+M");
  await expect(page.getByRole("button", { name: "Mute microphone" })).toBeVisible();

  // "?" outside a text field lists the shortcuts.
  await page.getByRole("tab", { name: "Summary" }).focus();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help.getByRole("row", { name: /Alt\+Shift\+V Turn your camera off or on/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await page.keyboard.press("Alt+Shift+1");
  await expectLiveVideo(page.getByLabel(`${visit.patientName}'s video`));
  await takeScreenshot(page, "physician-workspace-1366x768.png");

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectWholeOnScreen(page, visit.patientName);
  await expect(chartPanel(page).getByLabel("Plan", { exact: true })).toHaveValue(/^Home blood pressure log for a week\.Medications:/);
  await expectLiveVideo(page.getByLabel(`${visit.patientName}'s video`));
  await takeScreenshot(page, "physician-workspace-1920x1080.png");

  await endVisitForEveryone(page, patient.page);
  await Promise.all([patient.context.close(), physician.context.close()]);
});
