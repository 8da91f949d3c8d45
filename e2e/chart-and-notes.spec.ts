import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { completeNoteForSigning } from "../lib/notes/testing/complete-note";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, noteStatus, openChartTab, savedNote, showNote } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { expectLiveVideo, passDeviceCheck, signedInPage } from "./support/video-call";
import { bookFutureVisit, bookVisitStartingNow } from "./support/visit-now";

// The physician's side panel and consultation note, in a real browser against
// the e2e server: the chart beside the video, and a note that survives going
// offline, a reload and the same note open on a second computer.

// Alex's own physician: the chart opens only inside a care relationship (a
// visit completed in the last year, or one in the coming week), and the
// far-future test visits below give none on their own.
const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test.setTimeout(120_000);

test("during a live call the note survives going offline and a reload, reaches the server whole, and is signed and amended", async ({
  browser,
}) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit: note during the call",
  });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
  await patient.page.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient.page, "Join the waiting room");
  await physician.page.goto(`/physician/visits/${visit.appointmentId}`);
  // The chart is there before the call starts.
  await expect(chartPanel(physician.page).getByRole("heading", { name: "Allergies" })).toBeVisible();
  await passDeviceCheck(physician.page, "Start the visit");
  await physician.page.getByRole("button", { name: `Admit ${visit.patientName}` }).click();
  await expectLiveVideo(physician.page.getByLabel(`${visit.patientName}'s video`));
  await expectNoAxeViolations(physician.page);

  const page = physician.page;
  await showNote(page);
  const subjective = chartPanel(page).getByLabel("Subjective");
  const plan = chartPanel(page).getByLabel("Plan", { exact: true });
  await subjective.fill("Feels tired in the afternoons; sleeps 7 hours.");
  await expect(noteStatus(page)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 10_000 });

  await physician.context.setOffline(true);
  await plan.fill("");
  await plan.pressSequentially("Repeat TSH in 6 weeks. <script>alert(1)</script> Review at follow-up.", { delay: 5 });
  await expect(noteStatus(page)).toHaveText("Offline – saved on this device", { timeout: 10_000 });

  await page.reload();
  await showNote(page);
  await expect(chartPanel(page).getByLabel("Plan", { exact: true })).toHaveValue(
    "Repeat TSH in 6 weeks. <script>alert(1)</script> Review at follow-up.",
  );
  // Control+End: the end of the whole text, not of the wrapped line the caret is on.
  await chartPanel(page).getByLabel("Plan", { exact: true }).press("Control+End");
  await chartPanel(page).getByLabel("Plan", { exact: true }).pressSequentially(" Typed after the reload.", { delay: 5 });

  await physician.context.setOffline(false);
  await expect(noteStatus(page)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 20_000 });
  await expect
    .poll(async () => (await savedNote(db, visit.appointmentId))?.plan)
    .toBe("Repeat TSH in 6 weeks. <script>alert(1)</script> Review at follow-up. Typed after the reload.");
  expect((await savedNote(db, visit.appointmentId))?.subjective).toBe("Feels tired in the afternoons; sleeps 7 hours.");

  // The telehealth block and codes are another test's subject (telehealth-note-and-billing.spec.ts).
  await completeNoteForSigning(db, visit.appointmentId);
  await chartPanel(page).getByRole("button", { name: "Sign note" }).click();
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await expect(chartPanel(page).getByText(/^Signed by /)).toBeVisible();
  await expect(chartPanel(page).getByLabel("Plan", { exact: true })).not.toBeEditable();
  await expect.poll(async () => (await savedNote(db, visit.appointmentId))?.status).toBe("SIGNED");

  await chartPanel(page).getByLabel("Addendum").fill("Patient called back: TSH drawn today.");
  await chartPanel(page).getByRole("button", { name: "Add addendum" }).click();
  await expect(chartPanel(page).getByRole("listitem").filter({ hasText: "Patient called back: TSH drawn today." })).toContainText(
    /Added by .+ at /,
  );
  await expect(chartPanel(page).getByLabel("Addendum")).toHaveValue("");
  await expect.poll(async () => (await savedNote(db, visit.appointmentId))?.addenda.map((addendum) => addendum.body)).toEqual([
    "Patient called back: TSH drawn today.",
  ]);
  await expectNoAxeViolations(page);

  // The visit page kept for offline reloads names the patient: signing out removes it from this computer.
  const offlineCaches = () => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith("clinic-offline-")));
  expect(await offlineCaches()).toContain("clinic-offline-pages-v1");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have been signed out.")).toBeVisible();
  await expect.poll(offlineCaches).toEqual([]);

  await Promise.all([patient.context.close(), physician.context.close()]);
});

test("one note open on two computers: the second save gets a conflict, both texts are shown, and nothing is lost", async ({ browser }) => {
  const visit = await bookFutureVisit(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit: two computers",
  });
  // Two browsers: tabs of one browser see each other's saves (e2e/notes-hard-cases.spec.ts), two computers do not.
  const { context, page: first } = await signedInPage(browser, PHYSICIAN_EMAIL);
  const { context: otherComputer, page: second } = await signedInPage(browser, PHYSICIAN_EMAIL);
  for (const page of [first, second]) {
    await page.goto(`/physician/visits/${visit.appointmentId}`);
    await showNote(page);
    await expect(chartPanel(page).getByLabel("Assessment")).toBeEditable();
  }

  await chartPanel(first).getByLabel("Assessment").fill("Hypothyroidism, well controlled (first computer).");
  await expect(noteStatus(first)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 10_000 });

  await chartPanel(second).getByLabel("Assessment").fill("Subclinical hypothyroidism (second computer).");
  const conflict = chartPanel(second).getByRole("alert").filter({ hasText: "This note was changed elsewhere" });
  await expect(conflict).toBeVisible({ timeout: 10_000 });
  await expect(conflict).toContainText("Hypothyroidism, well controlled (first computer).");
  await expect(conflict).toContainText("Subclinical hypothyroidism (second computer).");
  expect((await savedNote(db, visit.appointmentId))?.assessment).toBe("Hypothyroidism, well controlled (first computer).");
  await expectNoAxeViolations(second);

  await conflict.getByRole("button", { name: "Keep my text" }).click();
  await expect(conflict).toBeHidden();
  await expect
    .poll(async () => (await savedNote(db, visit.appointmentId))?.assessment)
    .toBe("Subclinical hypothyroidism (second computer).");
  await Promise.all([context.close(), otherComputer.close()]);
});

test("prescribing a drug the patient is allergic to warns, and the acknowledgement is recorded", async ({ browser }) => {
  const visit = await bookFutureVisit(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit: allergy warning",
  });
  const existing = await db.allergy.findFirst({ where: { patientId: visit.patientId, drugClass: "penicillins" } });
  if (!existing) {
    await db.allergy.create({
      data: { patientId: visit.patientId, substance: "Penicillin", rxnormCode: "70618", drugClass: "penicillins", reaction: "Hives", severity: "SEVERE" },
    });
  }
  const { context, page } = await signedInPage(browser, PHYSICIAN_EMAIL);
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  await openChartTab(page, "Prescriptions");
  const form = chartPanel(page).getByRole("form", { name: "New prescription" });
  await form.getByRole("combobox", { name: "Drug" }).fill("amoxicillin 500");
  await page.getByRole("option", { name: /^amoxicillin 500 MG Oral Capsule/ }).click();
  await form.getByLabel("Dose").fill("500 mg");
  await form.getByLabel("Route").selectOption({ index: 1 });
  await form.getByLabel("Frequency").selectOption({ index: 1 });
  await form.getByLabel("Quantity").fill("21");
  await form.getByLabel("Refills").fill("0");
  await form.getByRole("button", { name: "Prescribe" }).click();

  const warning = form.getByRole("alert");
  await expect(warning).toContainText("Allergy to Penicillin");
  const before = await db.prescription.count({ where: { patientId: visit.patientId, rxnormCode: "308191" } });
  const prescribeAnyway = form.getByRole("button", { name: "Prescribe anyway" });
  await expect(prescribeAnyway).toBeDisabled();
  await expectNoAxeViolations(page);
  for (const checkbox of await warning.getByRole("checkbox").all()) await checkbox.check();
  await prescribeAnyway.click();

  await expect(chartPanel(page).getByRole("status").filter({ hasText: "Prescribed amoxicillin 500 MG Oral Capsule" })).toBeVisible();
  const created = await db.prescription.findFirstOrThrow({
    where: { patientId: visit.patientId, rxnormCode: "308191" },
    orderBy: { prescribedAt: "desc" },
  });
  expect(await db.prescription.count({ where: { patientId: visit.patientId, rxnormCode: "308191" } })).toBe(before + 1);
  expect(created.acknowledgedAlerts.join(" ")).toMatch(/Penicillin/);
  await context.close();
});

test("the lab trend shows one point per result of the chosen analyte, with the abnormal ones marked", async ({ browser }) => {
  const visit = await bookFutureVisit(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit: lab trend",
  });
  const analyte = await db.labResult.groupBy({
    by: ["loincCode", "analyte"],
    where: { patientId: visit.patientId, flag: { not: "NORMAL" } },
    _count: true,
    orderBy: { _count: { loincCode: "desc" } },
    take: 1,
  });
  const { loincCode, analyte: name } = analyte[0]!;
  const results = await db.labResult.findMany({ where: { patientId: visit.patientId, loincCode }, select: { flag: true } });
  const abnormal = results.filter((result) => result.flag !== "NORMAL").length;
  expect(abnormal).toBeGreaterThan(0);

  const { context, page } = await signedInPage(browser, PHYSICIAN_EMAIL);
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  await openChartTab(page, "Labs");
  const picker = chartPanel(page).getByLabel("Trend for");
  const option = picker.locator("option").filter({ hasText: name }).first();
  await picker.selectOption(await option.getAttribute("value"));
  const chart = chartPanel(page).getByRole("img", { name: `${name} trend: ${results.length} results` });
  await expect(chart).toBeVisible();
  await expect(chart.locator("[data-point]")).toHaveCount(results.length);
  await expect(chart.locator('[data-point][data-abnormal="true"]')).toHaveCount(abnormal);
  await expect(chart.locator("[data-reference-band]")).toHaveCount(1);
  await expectNoAxeViolations(page);
  await context.close();
});
