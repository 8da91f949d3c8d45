import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, openChartTab } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { admitIntoCall, expectLiveVideo, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// Issue 17's "done when", at a video visit: the physician opens the Imaging
// tab beside the call, scrolls the CT (the slice number and the picture
// change), measures a length (in mm, from the series' pixel spacing) and shows
// the image to the patient, whose page plays it full-size as a video track of
// its own with frames arriving, until the physician stops it.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

// Two people in a call with real media, then the viewer: about a minute, more on a busy machine.
test.setTimeout(120_000);

test("the physician scrolls the CT, measures, and shows the image to the patient in the call until Stop", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: showing a CT" });
  const patientSide = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const physicianSide = await signedInPage(browser, PHYSICIAN_EMAIL);
  const [patient, physician] = [patientSide.page, physicianSide.page];
  await admitIntoCall(patient, physician, visit);

  await openChartTab(physician, "Imaging");
  const chart = chartPanel(physician);
  await chart.getByRole("button", { name: /^Open images: CT chest without contrast/ }).click();
  const viewer = chart.getByRole("figure", { name: /^CT chest without contrast/ });
  const image = viewer.getByRole("img");
  // Opening asks the archive for the series, their images and the first image's geometry: seconds on a busy machine.
  await expect(image).toHaveAccessibleName("Series 1: Axial 2.5 mm, image 1 of 100, as acquired window", { timeout: 20_000 });
  const first = await image.screenshot();
  const stack = viewer.getByRole("group", { name: /^Series 1: Axial 2.5 mm/ });
  await stack.focus();
  await physician.keyboard.press("PageDown");
  await physician.keyboard.press("PageDown");
  await physician.keyboard.press("PageDown");
  await expect(viewer.getByText("Image 31 of 100")).toBeVisible();
  await expect(image).toHaveAccessibleName("Series 1: Axial 2.5 mm, image 31 of 100, as acquired window");
  await expect.poll(async () => (await image.screenshot()).equals(first), { timeout: 20_000 }).toBe(false);

  // The keyboard's cross starts at the centre of the 128-pixel slice and moves 3 pixels a press: 15 pixels of 2.5 mm.
  await viewer.getByRole("button", { name: "Measure length" }).click();
  await stack.focus();
  await physician.keyboard.press("Enter");
  for (let press = 0; press < 5; press++) await physician.keyboard.press("ArrowRight");
  await physician.keyboard.press("Enter");
  await expect(viewer.getByRole("list", { name: "Measurements" })).toHaveText("Length 1: 37.5 mm");
  await expectNoAxeViolations(physician);

  await viewer.getByRole("button", { name: "Show to patient" }).click();
  // Publishing waits for LiveKit to take the new track: seconds on a busy machine.
  await expect(viewer.getByRole("status")).toHaveText("Showing to patient", { timeout: 20_000 });
  const shown = patient.getByLabel(`Image shown by Dr. ${visit.physicianName}`);
  await expect(patient.getByText(`Dr. ${visit.physicianName} is showing you an image`)).toBeVisible();
  await expectLiveVideo(shown);
  // Still in the call beside it: the physician's camera.
  await expect(patient.getByLabel(`${visit.physicianName}'s video`)).toBeVisible();

  await viewer.getByRole("button", { name: "Stop" }).click();
  await expect(shown).toHaveCount(0);
  await expect(patient.getByText(`Dr. ${visit.physicianName} is showing you an image`)).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Show to patient" })).toBeVisible();

  await Promise.all([patientSide.context.close(), physicianSide.context.close()]);
});
