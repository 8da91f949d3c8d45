import { expect, test } from "@playwright/test";
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from "puppeteer-core";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { E2E_BASE_URL } from "./support/base-url";
import { KEEP_PEER_CONNECTIONS, receivedMediaReading, videoFramesReading } from "./support/media-readings";
import { connectToE2eDatabase } from "./support/server-state";
import { passDeviceCheck, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// The patient in Firefox ESR (puppeteer-core over WebDriver BiDi, with
// Firefox's fake camera and microphone), the physician in Playwright's
// Chromium (its fake devices), on the e2e server's real LiveKit server: what
// each side plays was sent by the other browser.

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
const PHYSICIAN_EMAIL = "samuel.okafor@demo.clinic";

let db: Database;
let firefox: PuppeteerBrowser | null = null;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());
test.afterEach(async () => {
  await firefox?.close();
  firefox = null;
});

// Two browsers, media setup and the webhook round trips.
test.setTimeout(180_000);

async function appointmentStatus(appointmentId: string) {
  return (await db.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { status: true } })).status;
}

function headings(page: PuppeteerPage): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll("h1, h2")].map((heading) => heading.textContent?.trim() ?? ""));
}

test("a patient in Firefox joins by link, waits, is admitted, and sees and hears a physician in Chromium, who sees and hears them", async ({
  browser,
}) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit in Firefox",
  });
  const { token } = await issueVisitLink(db, visit.appointmentId);

  firefox = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      // A generated camera picture and microphone tone, allowed without a prompt.
      "media.navigator.streams.fake": true,
      "media.navigator.permission.disabled": true,
      // Remote sound plays without a click first.
      "media.autoplay.default": 0,
      "media.autoplay.blocking_policy": 0,
    },
  });
  const patient = await firefox.newPage();
  await patient.evaluateOnNewDocument(KEEP_PEER_CONNECTIONS);
  await patient.goto(`${E2E_BASE_URL}/visit/${token}`);

  await expect.poll(() => headings(patient), { timeout: 30_000 }).toContain("Check your camera and microphone");
  await expect.poll(() => patient.evaluate(videoFramesReading, "Your camera preview"), { timeout: 30_000 }).toBe("decoding");
  await patient.locator("button::-p-text(Join the waiting room)").click();
  await expect.poll(() => headings(patient), { timeout: 30_000 }).toContain("Waiting room");
  // LiveKit's participant_joined webhook checks the patient in.
  await expect.poll(() => appointmentStatus(visit.appointmentId), { timeout: 30_000 }).toBe("CHECKED_IN");

  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
  await physician.context.addInitScript(KEEP_PEER_CONNECTIONS);
  await physician.page.goto(`/physician/visits/${visit.appointmentId}`);
  await passDeviceCheck(physician.page, "Start the visit");
  await physician.page.getByRole("button", { name: `Admit ${visit.patientName}` }).click();
  await expect.poll(() => appointmentStatus(visit.appointmentId), { timeout: 30_000 }).toBe("IN_PROGRESS");

  await expect.poll(() => patient.evaluate(videoFramesReading, `${visit.physicianName}'s video`), { timeout: 60_000 }).toBe("decoding");
  await expect
    .poll(() => physician.page.evaluate(videoFramesReading, `${visit.patientName}'s video`), { timeout: 60_000 })
    .toBe("decoding");
  await expect.poll(() => patient.evaluate(receivedMediaReading, "audio" as const), { timeout: 60_000 }).toBe("rising");
  await expect.poll(() => physician.page.evaluate(receivedMediaReading, "audio" as const), { timeout: 60_000 }).toBe("rising");

  await physician.page.getByRole("button", { name: "End visit for everyone" }).click();
  await expect.poll(() => headings(patient), { timeout: 30_000 }).toContain("The visit has ended");
  await physician.context.close();
});
