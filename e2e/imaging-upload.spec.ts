import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import type { Database } from "../lib/db/prisma";
import { DEMO_PATIENT } from "../lib/db/seed/demo-clinic";
import { DEMO_IMAGING_MRNS } from "../lib/imaging/demo-studies";
import { uploadableXray } from "../lib/imaging/testing/upload-files";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, openChartTab } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// Uploading a study at a visit, into the chart of a patient without demo
// imaging (so the imaging spec's counts of Alex's studies stay as seeded): a
// DICOM file of another patient (Alex, by PatientID) is refused naming the
// file, the list unchanged; this patient's own file is stored and listed.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test("the physician's upload of another patient's DICOM is refused naming the file; this patient's study is stored and listed", async ({ browser }) => {
  const patient = await db.patient.findFirstOrThrow({ where: { user: { isNot: null }, mrn: { notIn: [...DEMO_IMAGING_MRNS] } }, orderBy: { mrn: "asc" }, include: { user: true } });
  // A visit now: the physician is treating the patient.
  const visit = await bookVisitStartingNow(db, { patientEmail: patient.user!.email!, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: outside imaging" });
  const { page, context } = await signedInPage(browser, PHYSICIAN_EMAIL);
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  await openChartTab(page, "Imaging");
  const chart = chartPanel(page);
  // Shown once the archive answered the list.
  const upload = chart.getByRole("region", { name: "Upload a study" });
  await expect(upload).toBeVisible();
  const studies = chart.getByRole("article");
  const before = await studies.count();
  const files = upload.getByLabel("DICOM files or a zip");

  await files.setInputFiles({ name: "chest-ct.dcm", mimeType: "application/dicom", buffer: Buffer.from(uploadableXray(DEMO_PATIENT.mrn, "Someone else's chest")) });
  const refusal = upload.getByRole("alert");
  await expect(refusal).toContainText(`"chest-ct.dcm" is not filed under this chart's MRN. Nothing was stored.`);
  await expect(refusal).not.toContainText(DEMO_PATIENT.mrn);
  await expect(upload.getByRole("checkbox", { name: new RegExp(`^These images belong to ${patient.givenName} ${patient.familyName}\\.`) })).not.toBeChecked();
  await expect(studies).toHaveCount(before);

  const description = `Outside knee ${randomUUID().slice(0, 8)}`;
  await files.setInputFiles({ name: "knee.dcm", mimeType: "application/dicom", buffer: Buffer.from(uploadableXray(patient.mrn, description)) });
  await expect(upload.getByRole("status")).toHaveText("Stored 1 file in 1 study.");
  await expect(refusal).toBeHidden();
  await expect(studies).toHaveCount(before + 1);
  await expect(chart.getByRole("article", { name: new RegExp(`^${description}, `) })).toContainText("DX · CHEST");
  await expectNoAxeViolations(page);
  await context.close();
});
