import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { E2E_RUN_DIR } from "../scripts/support/e2e-run";
import { startLocalLiveKit, type LocalLiveKit, type LocalLiveKitOptions } from "../scripts/support/livekit-server";
import { startAppInstance, type AppInstance } from "./support/app-instance";
import { connectToE2eDatabase } from "./support/server-state";
import { admitIntoCall, expectLiveRemoteAudio, expectLiveVideo, signedInPage } from "./support/video-call";
import { bookVisitStartingNow, type TestVisit } from "./support/visit-now";

// A video visit when the network or the video service fails, in two browser
// contexts with Chromium's fake camera and microphone. These tests kill and
// restart a LiveKit server, so they run their own, with their own instance of
// the production build (same database) using it; the suite's server and
// LiveKit are never touched.

const PHYSICIAN_EMAIL = "lena.fischer@demo.clinic";

let db: Database;
let liveKit: LocalLiveKit;
let liveKitOptions: LocalLiveKitOptions;
let instance: AppInstance;

test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  // Beside the suite's own LiveKit ports (E2E_LIVEKIT_PORT and the two above it).
  const basePort = Number(process.env.E2E_LIVEKIT_PORT ?? "7980") + 20;
  const ports = { signal: basePort, tcp: basePort + 1, udp: basePort + 2 };
  const apiKey = "resilience";
  const apiSecret = randomBytes(32).toString("base64url");
  instance = await startAppInstance({ LIVEKIT_URL: `ws://127.0.0.1:${ports.signal}`, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret });
  liveKitOptions = {
    ports,
    apiKey,
    apiSecret,
    webhookUrl: `${instance.url}/api/livekit/webhook`,
    dataDir: path.join(E2E_RUN_DIR, "call-resilience-livekit"),
    log: () => undefined,
  };
  liveKit = await startLocalLiveKit(liveKitOptions);
});
test.afterAll(async () => {
  await liveKit?.stop();
  await instance?.stop();
  await db?.$disconnect();
});

test.setTimeout(240_000);

function reconnecting(page: Page) {
  return page.getByRole("alert").filter({ hasText: "Reconnecting…" });
}

/** Back in the call by itself: each sees and hears the other, with no device check and no waiting room on the way. */
async function expectBackInCall(patient: Page, physician: Page, visit: TestVisit) {
  for (const page of [patient, physician]) await expect(reconnecting(page)).toBeHidden({ timeout: 120_000 });
  await expectLiveVideo(patient.getByLabel(`${visit.physicianName}'s video`));
  await expectLiveVideo(physician.getByLabel(`${visit.patientName}'s video`));
  await expectLiveRemoteAudio(patient);
  await expectLiveRemoteAudio(physician);
  for (const page of [patient, physician]) {
    await expect(page.getByRole("heading", { name: "Check your camera and microphone" })).toHaveCount(0);
  }
  await expect(patient.getByRole("heading", { name: "Waiting room" })).toHaveCount(0);
  await expect(physician.getByRole("button", { name: `Admit ${visit.patientName}` })).toHaveCount(0);
}

/** Kills the LiveKit server at once (SIGKILL), as a crash would: no participant is told to leave. */
async function killLiveKit() {
  const [pid] = (await readFile(path.join(liveKitOptions.dataDir, "livekit.pid"), "utf8")).split(" ");
  process.kill(Number(pid), "SIGKILL");
  await liveKit.stop();
}

test("the video service killed and restarted mid-call: both sides show Reconnecting, then are back in the call with no device check and no re-admission", async ({
  browser,
}) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: LiveKit restarted mid-call" });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL, { baseURL: instance.url });
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL, { baseURL: instance.url });
  await admitIntoCall(patient.page, physician.page, visit);

  await killLiveKit();
  await expect(reconnecting(patient.page)).toBeVisible({ timeout: 30_000 });
  await expect(reconnecting(physician.page)).toBeVisible({ timeout: 30_000 });
  liveKit = await startLocalLiveKit(liveKitOptions);

  await expectBackInCall(patient.page, physician.page, visit);
  await Promise.all([patient.context.close(), physician.context.close()]);
});

test("the patient offline for 10 seconds comes back into the call by themselves", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: patient offline for 10 s" });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL, { baseURL: instance.url });
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL, { baseURL: instance.url });
  await admitIntoCall(patient.page, physician.page, visit);

  await patient.context.setOffline(true);
  // The outage being tested: ten seconds without a network.
  await patient.page.waitForTimeout(10_000);
  await patient.context.setOffline(false);

  await expectBackInCall(patient.page, physician.page, visit);
  await Promise.all([patient.context.close(), physician.context.close()]);
});
