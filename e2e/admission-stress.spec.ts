import { expect as baseExpect, test, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { connectToE2eDatabase } from "./support/server-state";
import { endVisitForEveryone, expectVideoDecoding, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// Thirty-six admissions in a row on the production build, each of which must end
// with video decoding on both pages. The patient joins at varied moments
// (while the camera is still opening, as it opens, after the preview is live),
// before or after the physician, who admits at once or after a wait, sometimes
// before starting their own call. One patient page and one physician page are
// reused, as a clinic's day reuses them; each visit is booked in the database.
// On a busy machine video may take a while to arrive, so each side is given
// time; what fails is video that never comes (for instance a call that dropped
// to audio only on a moment's poor connection and stayed there).

const PHYSICIAN_EMAIL = "samuel.okafor@demo.clinic";
// Each of the 18 combinations below twice: were 1 admission in 12 to fail, as
// once it did, a run passes by chance 4 % of the time (fifty cost CI 100 s more).
const ADMISSIONS = 36;
const VIDEO_ARRIVES_WITHIN_MS = 90_000;
// Every step waits longer than a page test would: the point is what never happens, not how fast things are.
const expect = baseExpect.configure({ timeout: 20_000 });

const PATIENT_JOINS = ["while the camera opens", "as the preview opens", "after the preview is live"] as const;
const ORDERS = ["the patient waits first", "the physician starts first", "the physician admits before starting"] as const;
const ADMITS = ["at once", "after a wait"] as const;

type PatientJoins = (typeof PATIENT_JOINS)[number];

/** Every combination in turn (18), then again. */
function scenario(index: number) {
  return {
    patientJoins: PATIENT_JOINS[index % PATIENT_JOINS.length]!,
    order: ORDERS[Math.floor(index / PATIENT_JOINS.length) % ORDERS.length]!,
    admit: ADMITS[Math.floor(index / (PATIENT_JOINS.length * ORDERS.length)) % ADMITS.length]!,
  };
}

interface CameraGate {
  e2eCameraRequestsWaiting: () => number;
  e2eReleaseCamera: () => void;
}

/**
 * Runs in the patient's page before its scripts: while sessionStorage says so,
 * getUserMedia waits until the test releases it, as a slow camera keeps a real
 * person's preview from opening.
 */
function installCameraGate() {
  const devices = navigator.mediaDevices;
  if (!devices) return;
  const getUserMedia = devices.getUserMedia.bind(devices);
  const holding = () => sessionStorage.getItem("e2e-hold-camera") === "1";
  let release: () => void = () => undefined;
  const held = holding() ? new Promise<void>((resolve) => (release = resolve)) : null;
  let waiting = 0;
  const gate = window as unknown as CameraGate;
  gate.e2eCameraRequestsWaiting = () => waiting;
  gate.e2eReleaseCamera = () => {
    sessionStorage.removeItem("e2e-hold-camera");
    release();
  };
  devices.getUserMedia = async (constraints) => {
    if (held && holding()) {
      waiting += 1;
      await held;
      waiting -= 1;
    }
    return getUserMedia(constraints);
  };
}

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test(`${ADMISSIONS} admissions in a row each end with video both ways`, async ({ browser }) => {
  test.setTimeout(ADMISSIONS * 2 * 60_000);
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await patient.context.addInitScript(installCameraGate);
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);

  for (let index = 0; index < ADMISSIONS; index++) {
    const { patientJoins, order, admit } = scenario(index);
    await test.step(`admission ${index + 1}: the patient joins ${patientJoins}, ${order}, admitted ${admit}`, async () => {
      const visit = await bookVisitStartingNow(db, {
        patientEmail: DEMO_PATIENT_EMAIL,
        physicianEmail: PHYSICIAN_EMAIL,
        reason: "Video visit: admission stress",
      });
      const openVisit = () => physician.page.goto(`/physician/visits/${visit.appointmentId}`);
      const startTheVisit = async () => {
        await physician.page.getByRole("button", { name: "Start the visit" }).click();
        await expect(physician.page.getByRole("button", { name: "End visit for everyone" })).toBeVisible();
      };

      if (order === "the physician starts first") {
        await openVisit();
        await startTheVisit();
      }
      await joinTheWaitingRoom(patient.page, visit.appointmentId, patientJoins);
      if (order === "the patient waits first") {
        await openVisit();
        await passTheDeviceCheck(physician.page, "Start the visit");
      } else if (order === "the physician admits before starting") {
        await openVisit();
      }

      const admitButton = physician.page.getByRole("button", { name: `Admit ${visit.patientName}` });
      await expect(admitButton).toBeVisible();
      // A wait lets the patient's connection settle; at once races it.
      if (admit === "after a wait") await physician.page.waitForTimeout(2_000);
      await admitButton.click();
      await expect(physician.page.getByRole("status").filter({ hasText: `${visit.patientName} was admitted.` })).toBeAttached();
      if (order === "the physician admits before starting") await startTheVisit();

      await Promise.all([
        expectVideoDecoding(physician.page.getByLabel(`${visit.patientName}'s video`), { timeout: VIDEO_ARRIVES_WITHIN_MS }),
        expectVideoDecoding(patient.page.getByLabel(`${visit.physicianName}'s video`), { timeout: VIDEO_ARRIVES_WITHIN_MS }),
      ]);

      await endVisitForEveryone(physician.page, patient.page);
    });
  }

  await Promise.all([patient.context.close(), physician.context.close()]);
});

/** Opens the visit and presses Join at the given moment of the camera preview; resolves in the waiting room. */
async function joinTheWaitingRoom(page: Page, appointmentId: string, moment: PatientJoins): Promise<void> {
  const holdCamera = moment !== "after the preview is live";
  // sessionStorage belongs to the tab: the flag is set on the page that is open, before it goes to the visit.
  await page.evaluate((hold) => (hold ? sessionStorage.setItem("e2e-hold-camera", "1") : sessionStorage.removeItem("e2e-hold-camera")), holdCamera);
  await page.goto(`/patient/visits/${appointmentId}`);
  const join = page.getByRole("button", { name: "Join the waiting room" });
  const waitingRoom = page.getByRole("heading", { name: "Waiting room" });
  const cameraRequested = () => expect.poll(() => page.evaluate(() => (window as unknown as CameraGate).e2eCameraRequestsWaiting())).toBeGreaterThan(0);
  const releaseCamera = () => page.evaluate(() => (window as unknown as CameraGate).e2eReleaseCamera());
  switch (moment) {
    case "while the camera opens":
      await cameraRequested();
      await join.click();
      await expect(waitingRoom).toBeVisible();
      await releaseCamera();
      return;
    case "as the preview opens":
      await cameraRequested();
      await releaseCamera();
      await join.click();
      await expect(waitingRoom).toBeVisible();
      return;
    case "after the preview is live":
      await passTheDeviceCheck(page, "Join the waiting room");
      await expect(waitingRoom).toBeVisible();
  }
}

/** Waits for the camera preview to show video, then presses the join button. */
async function passTheDeviceCheck(page: Page, joinButton: "Join the waiting room" | "Start the visit"): Promise<void> {
  await expectVideoDecoding(page.getByLabel("Your camera preview"), { timeout: VIDEO_ARRIVES_WITHIN_MS });
  await page.getByRole("button", { name: joinButton }).click();
}
