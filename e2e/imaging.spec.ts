import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, openChartTab } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookFutureVisit } from "./support/visit-now";

// Imaging from the e2e server's own Orthanc, where the seed stored the demo
// studies through STOW-RS: the physician opens the Imaging tab at a visit,
// finds the CT with its 100 slices, the two-view X-ray and the older X-ray to
// compare with, scrolls through the CT (the slice and the picture change) and
// reads the report; the patient reads their studies and reports in the portal.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test.setTimeout(60_000);

test("the physician lists Alex's studies at a visit, scrolls through the CT and reads its report", async ({ browser }) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: imaging" });
  const { page, context } = await signedInPage(browser, PHYSICIAN_EMAIL);
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  await openChartTab(page, "Imaging");
  const chart = chartPanel(page);

  const studies = chart.getByRole("article");
  await expect(studies).toHaveCount(3);
  const ct = studies.filter({ hasText: "CT chest without contrast" });
  await expect(ct).toContainText(/CT · CHEST · [A-Z][a-z]{2} \d+, \d{4} · 100 images/);
  await expect(ct.getByRole("list", { name: "Series" })).toHaveText("Series 1: Axial 2.5 mm (100 images)");
  const [recentXray, olderXray] = [studies.nth(1), studies.nth(2)];
  await expect(recentXray).toContainText("XR chest 2 views");
  await expect(recentXray.getByRole("list", { name: "Series" })).toHaveText("Series 1: PA (1 image)Series 2: Lateral (1 image)");
  await expect(olderXray).toContainText("No acute cardiopulmonary process.");
  await expect(recentXray.getByRole("button", { name: /^Compare with previous \(/ })).toBeVisible();

  await ct.getByText("Report: CT chest without contrast").click();
  await expect(ct.getByText(/8 mm solid nodule in the right upper lobe/)).toBeVisible();
  await expect(ct.getByText(/Follow-up CT in 3 months/)).toBeVisible();

  await ct.getByRole("button", { name: /^Open images: CT chest without contrast/ }).click();
  const viewer = chart.getByRole("figure", { name: /^CT chest without contrast/ });
  const image = viewer.getByRole("img");
  await expect(image).toHaveAccessibleName("Series 1: Axial 2.5 mm, image 1 of 100, as acquired window");
  const stack = viewer.getByRole("group", { name: /^Series 1: Axial 2.5 mm/ });
  await stack.focus();
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await expect(viewer.getByText("Image 41 of 100")).toBeVisible();
  await expect(image).toHaveAccessibleName("Series 1: Axial 2.5 mm, image 41 of 100, as acquired window");
  const slice41 = await image.screenshot();
  // The wheel over the image moves down the stack (one image a notch), and the picture changes with it.
  await stack.hover();
  for (let notch = 0; notch < 30; notch++) await page.mouse.wheel(0, 100);
  const shownPosition = async () => Number(/^Image (\d+) of 100$/.exec((await viewer.getByText(/^Image \d+ of 100$/).textContent()) ?? "")?.[1]);
  // Read once the notches have all arrived: the same position twice in a row, past where it was.
  let position = 0;
  await expect
    .poll(async () => {
      const now = await shownPosition();
      const settled = now === position && now > 41;
      position = now;
      return settled;
    }, { intervals: [250] })
    .toBe(true);
  await expect(image).toHaveAccessibleName(`Series 1: Axial 2.5 mm, image ${position} of 100, as acquired window`);
  expect((await image.screenshot()).equals(slice41)).toBe(false);
  await viewer.getByLabel("Window").selectOption({ label: "Lung" });
  await expect(image).toHaveAccessibleName(`Series 1: Axial 2.5 mm, image ${position} of 100, lung window`);
  await expectNoAxeViolations(page);
  await context.close();
});

test("the patient reads their imaging studies and the radiologist's reports in the portal", async ({ browser }) => {
  const { page, context } = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await page.goto("/patient");
  const imaging = page.getByRole("region", { name: "Your imaging" });
  const studies = imaging.getByRole("listitem");
  await expect(studies).toHaveCount(3);
  await expect(studies.nth(0)).toContainText("CT chest without contrast");
  await expect(studies.nth(0)).toContainText("100 images");
  await expect(studies.nth(0)).toContainText("Impression: Solitary 8 mm right upper lobe nodule.");
  await expect(studies.nth(2)).toContainText("Impression: No acute cardiopulmonary process.");
  await expectNoAxeViolations(page);
  await context.close();
});
