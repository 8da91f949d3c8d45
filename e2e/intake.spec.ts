import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { HTML_PRETENDING_TO_BE_JPEG, solidPng } from "../lib/intake/testing/images";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, noteStatus, savedNote, showNote } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookFutureVisit } from "./support/visit-now";

// The check-in's intake in real browsers against the production build: the
// patient answers the visit type's questions and sends a photo (a disguised
// web page is refused), leaves and comes back to find their answers; the
// physician sees the answers and the photo in the chart's Check-in tab,
// attests the patient's identity, and puts the answers in the note's
// Subjective. The same questions are asked in Spanish on a Spanish browser.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test.setTimeout(120_000);

test("the patient answers and sends a photo; the physician reads them, attests identity and inserts the answers into the note", async ({ browser }) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: intake" });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL, { locale: "en-US" });
  const page = patient.page;
  await page.goto(`/patient/visits/${visit.appointmentId}/intake`);
  await expect(page.getByRole("heading", { name: "Before your visit" })).toBeVisible();

  await page.getByLabel(/What is the main reason for your visit today\?/).fill("Sugar readings high since Monday");
  await page.getByLabel(/Blood sugar measured at home/).fill("212");
  const pressure = page.getByRole("group", { name: /Blood pressure measured at home/ });
  await pressure.getByLabel(/Top number/).fill("142");
  await pressure.getByLabel(/Bottom number/).fill("91");
  await page.getByRole("group", { name: /Do you have any of these symptoms\?/ }).getByLabel("Tiredness").check();
  await expect(page.getByRole("status").filter({ hasText: "Your answers are saved." })).toBeVisible({ timeout: 15_000 });

  // A photo of the condition, made here: a real PNG.
  const photos = page.getByLabel("Photos of what you want the doctor to see");
  await photos.setInputFiles({ name: "rash.png", mimeType: "image/png", buffer: solidPng(64, 48, [200, 40, 40]) });
  await expect(page.getByText("Photo sent.")).toBeVisible();
  await expect(page.getByText("1 photo sent")).toBeVisible();
  // A web page named and typed as a JPEG is refused by its content, and nothing is stored.
  await photos.setInputFiles({ name: "rash.jpg", mimeType: "image/jpeg", buffer: HTML_PRETENDING_TO_BE_JPEG });
  await expect(page.getByRole("alert").filter({ hasText: "The photo was not sent." })).toHaveText(
    "The photo was not sent. This file is not a photo we can accept. Send a JPEG, PNG, WebP or HEIC image.",
  );
  expect(await db.visitUpload.count({ where: { appointmentId: visit.appointmentId } })).toBe(1);
  await expectNoAxeViolations(page);

  // Leaving and coming back: the answers are there.
  await page.reload();
  await expect(page.getByLabel(/What is the main reason for your visit today\?/)).toHaveValue("Sugar readings high since Monday");
  await expect(page.getByRole("group", { name: /Blood pressure measured at home/ }).getByLabel(/Top number/)).toHaveValue("142");
  await expect(page.getByText("1 photo sent")).toBeVisible();

  // Finishing needs the required answers: the allergies question says so.
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some answers need attention" })).toHaveText(
    "Some answers need attention before you continue: Have your allergies changed since your last visit?",
  );
  await page.getByRole("group", { name: /Have your allergies changed/ }).getByLabel("No changes").check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.waitForURL(`**/patient/visits/${visit.appointmentId}`);
  await expect.poll(async () => (await db.visitCheckIn.findUnique({ where: { appointmentId: visit.appointmentId } }))?.intakeCompletedAt).not.toBeNull();

  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
  const doctor = physician.page;
  await doctor.goto(`/physician/visits/${visit.appointmentId}`);
  await chartPanel(doctor).getByRole("tab", { name: "Check-in" }).click();
  const checkIn = chartPanel(doctor).getByRole("tabpanel", { name: "Check-in" });
  await expect(checkIn.getByText("Sugar readings high since Monday")).toBeVisible();
  await expect(checkIn.getByText("142/91 mmHg")).toBeVisible();
  await expect(checkIn.getByText("212 mg/dL")).toBeVisible();
  await expect(checkIn.getByText("No changes")).toBeVisible();
  const photo = checkIn.getByRole("img", { name: "Photo 1 of the condition" });
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(64);
  await expect(checkIn.getByRole("link", { name: /Open photo 1 of the condition large/ })).toHaveAttribute("href", /\/api\/uploads\//);
  await expectNoAxeViolations(doctor);

  await checkIn.getByRole("button", { name: "Identity verified" }).click();
  await expect(checkIn.getByText(/^Identity verified by .+ at /)).toBeVisible();
  await expect.poll(async () => (await db.visitCheckIn.findUnique({ where: { appointmentId: visit.appointmentId } }))?.identityVerifiedAt).not.toBeNull();

  // Nothing goes into the note until the physician asks.
  await showNote(doctor);
  await expect(chartPanel(doctor).getByLabel("Subjective")).not.toHaveValue(/Patient-reported/);
  await chartPanel(doctor).getByRole("tab", { name: "Check-in" }).click();
  await checkIn.getByRole("button", { name: "Insert into Subjective" }).click();
  await expect(checkIn.getByText("Added to the end of the note's Subjective.")).toBeVisible();
  await showNote(doctor);
  await expect(chartPanel(doctor).getByLabel("Subjective")).toHaveValue(/Patient-reported at check-in:\n- What is the main reason for your visit today\?: Sugar readings high since Monday\n/);
  await expect(noteStatus(doctor)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 15_000 });
  expect((await savedNote(db, visit.appointmentId))?.subjective).toContain("- Blood pressure measured at home: 142/91 mmHg");

  // The photo itself is the physician's alone: the patient who sent it is refused it.
  const upload = await db.visitUpload.findFirstOrThrow({ where: { appointmentId: visit.appointmentId } });
  const refused = await page.request.get(`/api/uploads/${visit.appointmentId}/${upload.id}`);
  expect(refused.status()).toBe(403);
  const served = await doctor.request.get(`/api/uploads/${visit.appointmentId}/${upload.id}`);
  expect(served.headers()).toMatchObject({ "content-type": "image/png", "x-content-type-options": "nosniff", "content-disposition": "inline" });

  await patient.context.close();
  await physician.context.close();
});

test("a patient who chose Spanish is asked the questions in Spanish", async ({ browser }) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: intake in Spanish" });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const page = patient.page;
  // The patient picks Spanish (the language switcher's cookie), which wins over the language on their record.
  await patient.context.addCookies([{ name: "clinic-locale", value: "es", url: new URL(page.url()).origin }]);
  await page.goto(`/patient/visits/${visit.appointmentId}/intake`);
  await expect(page.getByRole("heading", { name: "Antes de su consulta" })).toBeVisible();
  await page.getByLabel(/¿Cuál es el motivo principal de su consulta de hoy\?/).fill("Dolor de cabeza");
  await page.getByRole("group", { name: /¿Han cambiado sus alergias/ }).getByLabel("Sin cambios").check();
  await expect(page.getByRole("status").filter({ hasText: "Sus respuestas están guardadas." })).toBeVisible({ timeout: 15_000 });
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Guardar y continuar" }).click();
  await page.waitForURL(`**/patient/visits/${visit.appointmentId}`);
  expect((await db.visitCheckIn.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } })).intakeAnswers).toEqual({
    reason: "Dolor de cabeza",
    allergies: { changed: false, details: "" },
  });
  await patient.context.close();
});

test("an administrator adds a question in English and Spanish and publishes a new version", async ({ browser }) => {
  const admin = await signedInPage(browser, "admin@demo.clinic");
  const page = admin.page;
  await page.goto("/admin/intake");
  const section = page.getByRole("region", { name: "Standard visit" });
  // Other specs (the authorization matrix) may have published versions already.
  const current = (await db.intakeQuestionnaire.findFirstOrThrow({ where: { visitType: { name: "Standard visit" } }, orderBy: { version: "desc" } })).version;
  await expect(section.getByText(`Version ${current} is current.`)).toBeVisible();
  await section.getByRole("button", { name: "Add a question" }).click();
  await section.getByLabel("English wording of question 9").fill("Do you have a thermometer at home?");
  await section.getByLabel("Spanish wording of question 9").fill("¿Tiene un termómetro en casa?");
  await section.getByLabel("Kind of answer for question 9").selectOption({ label: "Yes or no" });
  await section.getByRole("button", { name: "Move question 9 up" }).click();
  await section.getByRole("button", { name: "Publish a new version" }).click();
  await expect(section.getByRole("alert")).toHaveText(`Published version ${current + 1} for Standard visit.`);
  const published = await db.intakeQuestionnaire.findFirstOrThrow({ where: { visitType: { name: "Standard visit" }, version: current + 1 } });
  expect((published.questions as Array<{ id: string; kind: string; label: { es: string } }>)[7]).toMatchObject({
    kind: "yesNo",
    label: { es: "¿Tiene un termómetro en casa?" },
  });

  // Markup in a wording is refused, naming the question; nothing is published.
  await section.getByLabel("English wording of question 1").fill("<b>Reason</b>");
  await section.getByRole("button", { name: "Publish a new version" }).click();
  await expect(section.getByRole("alert")).toHaveText("Question 1, English label: must not contain “<” or control characters");
  expect(await db.intakeQuestionnaire.count({ where: { visitType: { name: "Standard visit" } } })).toBe(current + 1);
  await expectNoAxeViolations(page);
  await admin.context.close();
});
