import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";
import { expectLiveVideo, passDeviceCheck, passDeviceCheckInSpanish, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// The patient's check-in between the device check and the waiting room, as
// patients and physicians meet it: by visit link in Spanish, the visit type's
// questions answered inside it and resumed after a reload, the physician
// seeing it before admitting and the answers in the chart; a consent that ran
// out or was superseded asked again; hostile input refused with nothing stored.

const PHYSICIAN_EMAIL = "lena.fischer@demo.clinic";
const ADMIN_EMAIL = "admin@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());
test.setTimeout(240_000);

/** A seeded patient who has never checked in nor signed a consent: what every demo patient starts as. */
/** A patient with an account (the visit is booked by their email) who has never checked in, made for this test. */
async function patientNeverCheckedIn() {
  const tag = randomUUID().slice(0, 8);
  const user = await db.user.create({ data: { email: `check-in-${tag}@example.test`, name: "Rosa Delgado", role: "PATIENT" } });
  return db.patient.create({
    data: {
      mrn: `CHK-${tag}`,
      givenName: "Rosa",
      familyName: "Delgado",
      dateOfBirth: new Date("1979-04-23T00:00:00Z"),
      sex: "FEMALE",
      email: user.email,
      timeZone: "America/Chicago",
      userId: user.id,
    },
    select: { id: true, givenName: true, familyName: true, dateOfBirth: true, user: { select: { email: true } } },
  });
}

async function signAs(page: Page, nameLabel: string, signButton: string, name: string) {
  await page.getByLabel(nameLabel).fill(name);
  await page.getByRole("button", { name: signButton }).click();
}

test("a patient with the visit link checks in in Spanish, answers the visit's questions, resumes after reloads, and waits; the physician sees where they are, the interpreter they need and the answers", async ({
  browser,
}) => {
  const patient = await patientNeverCheckedIn();
  const fullName = `${patient.givenName} ${patient.familyName}`;
  const visit = await bookVisitStartingNow(db, {
    patientEmail: patient.user!.email!,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit: check-in by link",
    checkedIn: false,
  });
  const { token } = await issueVisitLink(db, visit.appointmentId);
  const context = await browser.newContext({ locale: "es-MX", extraHTTPHeaders: { "Accept-Language": "es-MX,es;q=0.9" } });
  const page = await context.newPage();

  await page.goto(`/visit/${token}`);
  await passDeviceCheckInSpanish(page);
  const locationHeading = page.getByRole("heading", { name: "¿Dónde se encuentra en este momento?" });
  await expect(locationHeading).toBeFocused();
  // The demo clinic's visit types each have a questionnaire: five steps.
  await expect(page.getByText("Paso 1 de 5: Dónde está")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Estado o territorio").selectOption("TX");
  await page.getByLabel("Dirección").fill("2100 Guadalupe St, Apt 3");
  await page.getByLabel("Ciudad").fill("Austin");
  await page.getByLabel(/Código postal/).fill("7870");
  await page.getByLabel(/Teléfono al que podemos llamarle/).fill("(512) 555-0188");
  await page.getByRole("button", { name: "Continuar" }).click();
  // An impossible ZIP is refused beside its field, and nothing is stored.
  const zip = page.getByLabel(/Código postal/);
  await expect(zip).toHaveAttribute("aria-invalid", "true");
  await expect(zip).toHaveAccessibleDescription(/Escriba un código postal de 5 dígitos/);
  await expect(zip).toBeFocused();
  expect(await db.visitCheckIn.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);

  await zip.fill("78705");
  await page.getByRole("button", { name: "Continuar" }).click();
  await expect(page.getByRole("heading", { name: "Consentimiento para la consulta por telesalud" })).toBeFocused();

  // A reload starts again at the device check, and the check-in resumes at the consent.
  await page.reload();
  await passDeviceCheckInSpanish(page);
  await expect(page.getByRole("heading", { name: "Consentimiento para la consulta por telesalud" })).toBeVisible();
  await expect(page.getByText("Paso 2 de 5: Consentimiento")).toBeVisible();
  await expect(page.getByText(/Acepto recibir atención médica por telesalud/)).toBeVisible();
  await expectNoAxeViolations(page);
  await signAs(page, "Escriba su nombre completo para firmar", "Acepto y firmo", "Someone Else");
  await expect(page.getByText(/Escriba su nombre completo tal como figura en la clínica/)).toBeVisible();
  await signAs(page, "Escriba su nombre completo para firmar", "Acepto y firmo", `  ${fullName.toUpperCase()} `);

  await expect(page.getByRole("heading", { name: "Consentimiento para grabar" })).toBeFocused();
  await page.getByLabel("No acepto que se grabe").check();
  await signAs(page, "Escriba su nombre completo para firmar", "Guardar mi respuesta", fullName);

  await expect(page.getByRole("heading", { name: "Confirme su fecha de nacimiento" })).toBeFocused();
  const dateOfBirth = page.getByLabel("Fecha de nacimiento", { exact: true });
  await dateOfBirth.fill("1979-03-23");
  await page.getByRole("button", { name: "Confirmar" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Esa fecha de nacimiento no coincide con nuestros registros" })).toBeVisible();
  await expect(dateOfBirth).toHaveAccessibleDescription("Puede intentarlo 4 veces más.");
  await dateOfBirth.fill(patient.dateOfBirth.toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Confirmar" }).click();

  // The visit type's questions, inside the check-in: answered halfway, saved as they go.
  const questions = page.getByRole("heading", { name: "Antes de su consulta" });
  await expect(questions).toBeFocused();
  await expect(page.getByText("Paso 4 de 5: Preguntas para su médico")).toBeVisible();
  await page.getByLabel(/¿Cuál es el motivo principal de su consulta de hoy\?/).fill("Mareos desde el lunes");
  await page.getByLabel(/Azúcar en la sangre medida en casa/).fill("212");
  await expect(page.getByRole("status").filter({ hasText: "Sus respuestas están guardadas." })).toBeVisible({ timeout: 15_000 });
  await expectNoAxeViolations(page);

  // A reload mid-way comes back to the questions, with the answers given.
  await page.reload();
  await passDeviceCheckInSpanish(page);
  await expect(questions).toBeVisible();
  await expect(page.getByText("Paso 4 de 5: Preguntas para su médico")).toBeVisible();
  await expect(page.getByLabel(/¿Cuál es el motivo principal de su consulta de hoy\?/)).toHaveValue("Mareos desde el lunes");
  await expect(page.getByLabel(/Azúcar en la sangre medida en casa/)).toHaveValue("212");
  await page.getByRole("group", { name: /¿Han cambiado sus alergias/ }).getByLabel("Sin cambios").check();
  await page.getByRole("button", { name: "Guardar y continuar" }).click();

  await expect(page.getByRole("heading", { name: "Su idioma" })).toBeFocused();
  await expect(page.getByText("Paso 5 de 5: Idioma")).toBeVisible();
  await page.getByLabel("¿Qué idioma prefiere?").selectOption("es");
  await page.getByLabel("Necesito un intérprete").check();
  await page.getByLabel("¿En qué idioma debe hablar el intérprete?").selectOption("es");
  await page.getByRole("button", { name: "Terminar el registro" }).click();
  await expect(page.getByRole("heading", { name: "Sala de espera" })).toBeVisible({ timeout: 30_000 });

  const signatures = await db.consentSignature.findMany({ where: { patientId: patient.id }, select: { method: true, accepted: true, ipAddress: true } });
  expect(signatures).toEqual([
    { method: "visit-link", accepted: true, ipAddress: expect.stringMatching(/\S/) },
    { method: "visit-link", accepted: false, ipAddress: expect.stringMatching(/\S/) },
  ]);
  expect((await context.cookies()).find((cookie) => cookie.name === "clinic-locale")?.value).toBe("es");
  expect(await db.visitCheckIn.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } })).toMatchObject({
    intakeAnswers: { reason: "Mareos desde el lunes", glucose: 212, allergies: { changed: false, details: "" } },
    intakeCompletedAt: expect.any(Date),
    dateOfBirthFailedTries: 1,
    completedAt: expect.any(Date),
  });

  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
  await physician.page.goto(`/physician/visits/${visit.appointmentId}`);
  await passDeviceCheck(physician.page, "Start the visit");
  const waitingList = physician.page.getByRole("region", { name: "Waiting room" });
  await expect(waitingList.getByText("Interpreter needed: Spanish")).toBeVisible({ timeout: 20_000 });
  // Where the patient is, said once: in the licensure line, with the address on request below.
  await expect(waitingList.getByText("Located in Texas (TX), where you are licensed.")).toBeVisible();
  await expect(waitingList.getByText(/Texas/)).toHaveCount(1);
  await waitingList.getByText("At home", { exact: true }).click();
  await expect(waitingList.getByText("2100 Guadalupe St, Apt 3, Austin, TX 78705")).toBeVisible();
  await expect(waitingList.getByText("Confirmed after 1 wrong try")).toBeVisible();
  await expect(waitingList.getByText("+15125550188")).toBeVisible();
  await expect(waitingList.getByText(/^Signed \(version \d+,/)).toBeVisible();
  await expect(waitingList.getByText("Declined")).toBeVisible();
  await expectNoAxeViolations(physician.page);

  await waitingList.getByRole("button", { name: `Admit ${fullName}, with the visit link` }).click();
  await expectLiveVideo(physician.page.getByLabel(`${fullName}'s video`));

  // The answers, beside the call.
  await chartPanel(physician.page).getByRole("tab", { name: "Check-in" }).click();
  const answers = chartPanel(physician.page).getByRole("tabpanel", { name: "Check-in" });
  await expect(answers.getByText("Mareos desde el lunes")).toBeVisible();
  await expect(answers.getByText("212 mg/dL")).toBeVisible();
  await expect(answers.getByText("No changes")).toBeVisible();
  await Promise.all([context.close(), physician.context.close()]);
});

test("a consent that ran out blocks the waiting room until the patient signs the updated consent; the location is prefilled and confirmed again", async ({
  browser,
}) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: expired consent" });
  const past = new Date(Date.now() - 60_000);
  await db.consentSignature.updateMany({ where: { patientId: visit.patientId, expiresAt: { not: null } }, data: { expiresAt: past } });

  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await patient.page.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient.page, "Join the waiting room");
  await expect(patient.page.getByRole("heading", { name: "Sign the updated consent" })).toBeVisible({ timeout: 30_000 });
  await expect(patient.page.getByText(/Your consent from an earlier visit has expired/)).toBeVisible();
  await expectNoAxeViolations(patient.page);
  await signAs(patient.page, "Type your full name to sign", "I agree and sign", visit.patientName);
  await expect(patient.page.getByRole("heading", { name: "Waiting room" })).toBeVisible({ timeout: 30_000 });

  const renewed = await db.consentSignature.findFirstOrThrow({ where: { patientId: visit.patientId, accepted: true }, orderBy: { signedAt: "desc" } });
  expect(renewed).toMatchObject({ method: "portal", appointmentId: visit.appointmentId });
  expect(renewed.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600_000);
  await patient.context.close();
});

test("hostile or stale input to the check-in API is refused with a clear 4xx and changes nothing", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit: check-in bad input",
    checkedIn: false,
  });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const api = patient.page.request;
  const base = `/api/visits/${visit.appointmentId}/check-in`;
  const location = { state: "NY", addressLine: "1 Main St", city: "Albany", postalCode: "12207", locationKind: "OTHER", callbackPhone: "518-555-0100" };

  for (const change of [{ addressLine: "<script>alert(1)</script>" }, { state: "ZZ" }, { postalCode: "1234" }, { city: "x".repeat(500) }, { callbackPhone: 5185550100 }]) {
    const response = await api.put(`${base}/location`, { data: { ...location, ...change } });
    expect(response.status(), JSON.stringify(change)).toBe(400);
    expect((await response.json()).code).toBe("INVALID_REQUEST");
  }
  expect(await db.visitCheckIn.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);
  expect((await api.put(`${base}/location`, { data: location })).status()).toBe(200);

  const signaturesBefore = await db.consentSignature.count({ where: { patientId: visit.patientId } });
  const versions = await db.consentVersion.findMany({ where: { kind: "TELEHEALTH" }, orderBy: { version: "desc" }, take: 2 });
  const stale = versions[1];
  if (stale) {
    const response = await api.post(`${base}/consent`, { data: { consentVersionId: stale.id, typedName: visit.patientName, accepted: true } });
    expect(response.status()).toBe(409);
    expect((await response.json()).code).toBe("CONSENT_SUPERSEDED");
  }
  const wrongBirthday = await api.post(`${base}/identity`, { data: { dateOfBirth: "1980-01-01" } });
  expect(wrongBirthday.status()).toBe(422);
  expect((await wrongBirthday.json()).code).toBe("DATE_OF_BIRTH_MISMATCH");
  expect((await api.post(`${base}/identity`, { data: { dateOfBirth: "not a date" } })).status()).toBe(400);
  // Four more wrong dates use up the visit's five tries; then not even the right one is judged.
  const statuses = [];
  for (const dateOfBirth of ["1980-01-02", "1980-01-03", "1980-01-04", "1980-01-05", "1979-06-14"]) {
    statuses.push((await api.post(`${base}/identity`, { data: { dateOfBirth } })).status());
  }
  expect(statuses).toEqual([422, 422, 422, 429, 429]);
  expect(await db.consentSignature.count({ where: { patientId: visit.patientId } })).toBe(signaturesBefore);
  const checkIn = await db.visitCheckIn.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
  expect(checkIn).toMatchObject({ state: "NY", addressLine: "1 Main St", dateOfBirthConfirmedAt: null, dateOfBirthFailedTries: 5, completedAt: null });

  // The waiting room stays shut until the check-in is complete.
  const token = await api.post(`/api/visits/${visit.appointmentId}/token`);
  expect(token.status()).toBe(409);
  expect(await token.json()).toMatchObject({ code: "CHECK_IN_REQUIRED" });
  await patient.context.close();
});

test("an administrator publishes a new consent version; the patient signs it at the next join", async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signInAs(adminPage, ADMIN_EMAIL);
  await adminPage.goto("/admin/consents");
  await expect(adminPage.getByRole("heading", { name: "Consents", level: 1 })).toBeVisible();
  await expectNoAxeViolations(adminPage);
  await adminPage.getByLabel("Title").fill("Consent to telehealth visits (updated)");
  await adminPage.getByLabel("English text").fill("I agree to video and audio-only visits. Updated wording.");
  await adminPage.getByLabel("Spanish text").fill("Acepto las consultas por video y solo audio. Texto actualizado.");
  await adminPage.getByRole("button", { name: "Publish this version" }).click();
  await expect(adminPage.getByText(/Published version \d+ of the telehealth consent/)).toBeVisible();
  await expect(adminPage.getByRole("row", { name: /Consent to telehealth visits \(updated\).*Current/ })).toBeVisible();

  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: updated consent" });
  // The booking helper signed the current version; publish again so the patient's signature is superseded.
  await adminPage.getByLabel("Title").fill("Consent to telehealth visits (second update)");
  await adminPage.getByLabel("English text").fill("I agree to video and audio-only visits. Second update.");
  await adminPage.getByLabel("Spanish text").fill("Acepto las consultas por video y solo audio. Segunda actualización.");
  await adminPage.getByRole("button", { name: "Publish this version" }).click();
  await expect(adminPage.getByRole("row", { name: /second update.*Current/ })).toBeVisible();

  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await patient.page.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient.page, "Join the waiting room");
  await expect(patient.page.getByRole("heading", { name: "Sign the updated consent" })).toBeVisible({ timeout: 30_000 });
  await expect(patient.page.getByText("I agree to video and audio-only visits. Second update.")).toBeVisible();
  await signAs(patient.page, "Type your full name to sign", "I agree and sign", visit.patientName);
  await expect(patient.page.getByRole("heading", { name: "Waiting room" })).toBeVisible({ timeout: 30_000 });
  await Promise.all([admin.close(), patient.context.close()]);
});
