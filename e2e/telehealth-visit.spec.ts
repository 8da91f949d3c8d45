import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import type { Database } from "../lib/db/prisma";
import { chartPanel, noteStatus, showNote } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { expectLiveVideo, passDeviceCheck, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// The telehealth visit from start to bill, as issue 14's "done when" puts it,
// once in English and once in Spanish: a patient new to the clinic comes by
// their visit link, checks in (where they are, consent, date of birth, the
// visit's questions, language), waits and is admitted; the physician sees the
// check-in before admitting, holds the visit with an interpreter invited from
// the call in a third browser, signs a note whose telehealth block is complete,
// and the superbill shows place of service 10 and modifier 95; the patient then
// reads their summary in their language. Three browser contexts, real media.

const PHYSICIAN_EMAIL = "lena.fischer@demo.clinic";

/** What the patient reads and does, in each language: the literals a person sees. */
const PATIENT_TEXT = {
  en: {
    browserLocale: "en-US",
    deviceCheck: "Check your camera and microphone",
    preview: "Your camera preview",
    join: "Join the waiting room",
    locationHeading: "Where are you right now?",
    state: "State or territory",
    address: "Street address",
    city: "City",
    zip: "ZIP code",
    phone: /Phone number we can call/,
    home: "Yes, I am at home",
    continue: "Continue",
    consentHeading: "Consent to a telehealth visit",
    typedName: "Type your full name to sign",
    sign: "I agree and sign",
    recordingDecline: "I do not agree to recording",
    saveAnswer: "Save my answer",
    dateOfBirth: "Date of birth",
    confirm: "Confirm",
    reason: /What is the main reason for your visit today\?/,
    reasonAnswer: "Dizzy since Monday",
    allergies: /Have your allergies changed/,
    noChanges: "No changes",
    saveAndContinue: "Save and continue",
    languageHeading: "Your language",
    preferredLanguage: "Which language do you prefer?",
    finish: "Finish check-in",
    waitingRoom: "Waiting room",
    leave: "Leave",
    interpreterInCall: "Lucía Ortega, Interpreter (Spanish)",
    physicianVideo: (name: string) => `${name}'s video`,
    visitEnded: "The visit has ended",
    summaryHeading: "After-visit summary",
    plan: "Plan",
  },
  es: {
    browserLocale: "es-MX",
    deviceCheck: "Revise su cámara y su micrófono",
    preview: "Vista previa de su cámara",
    join: "Entrar a la sala de espera",
    locationHeading: "¿Dónde se encuentra en este momento?",
    state: "Estado o territorio",
    address: "Dirección",
    city: "Ciudad",
    zip: /Código postal/,
    phone: /Teléfono al que podemos llamarle/,
    home: "Sí, estoy en casa",
    continue: "Continuar",
    consentHeading: "Consentimiento para la consulta por telesalud",
    typedName: "Escriba su nombre completo para firmar",
    sign: "Acepto y firmo",
    recordingDecline: "No acepto que se grabe",
    saveAnswer: "Guardar mi respuesta",
    dateOfBirth: "Fecha de nacimiento",
    confirm: "Confirmar",
    reason: /¿Cuál es el motivo principal de su consulta de hoy\?/,
    reasonAnswer: "Mareos desde el lunes",
    allergies: /¿Han cambiado sus alergias/,
    noChanges: "Sin cambios",
    saveAndContinue: "Guardar y continuar",
    languageHeading: "Su idioma",
    preferredLanguage: "¿Qué idioma prefiere?",
    finish: "Terminar el registro",
    waitingRoom: "Sala de espera",
    leave: "Salir",
    interpreterInCall: "Lucía Ortega, intérprete (español)",
    physicianVideo: (name: string) => `Video de ${name}`,
    visitEnded: "La consulta ha terminado",
    summaryHeading: "Resumen de la consulta",
    plan: "Plan",
  },
} as const;

type Locale = keyof typeof PATIENT_TEXT;

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());
test.setTimeout(300_000);

/** A patient new to the clinic (never checked in, no consent signed) who prefers `locale`. */
async function newPatient(locale: Locale) {
  const tag = randomUUID().slice(0, 8);
  const user = await db.user.create({ data: { email: `telehealth-${tag}@example.test`, name: "Sofía Ramírez", role: "PATIENT" } });
  return db.patient.create({
    data: {
      mrn: `TLH-${tag}`,
      givenName: "Sofía",
      familyName: "Ramírez",
      dateOfBirth: new Date("1986-09-02T00:00:00Z"),
      sex: "FEMALE",
      email: user.email,
      timeZone: "America/Chicago",
      preferredLanguage: locale,
      userId: user.id,
    },
    select: { id: true, mrn: true, givenName: true, familyName: true, user: { select: { email: true } } },
  });
}

/** The patient's whole check-in by visit link, in their language, ending in the waiting room. */
async function checkIn(page: Page, text: (typeof PATIENT_TEXT)[Locale], fullName: string, locale: Locale) {
  await expect(page.getByRole("heading", { name: text.deviceCheck })).toBeVisible();
  await expectLiveVideo(page.getByLabel(text.preview));
  await page.getByRole("button", { name: text.join }).click();

  await expect(page.getByRole("heading", { name: text.locationHeading })).toBeFocused();
  await page.getByLabel(text.state).selectOption("TX");
  await page.getByLabel(text.address).fill("2100 Guadalupe St, Apt 3");
  await page.getByLabel(text.city).fill("Austin");
  await page.getByLabel(text.zip).fill("78705");
  await page.getByLabel(text.phone).fill("(512) 555-0188");
  await page.getByLabel(text.home).check();
  await page.getByRole("button", { name: text.continue }).click();

  await expect(page.getByRole("heading", { name: text.consentHeading })).toBeFocused();
  await page.getByLabel(text.typedName).fill(fullName);
  await page.getByRole("button", { name: text.sign }).click();
  await page.getByLabel(text.recordingDecline).check();
  await page.getByLabel(text.typedName).fill(fullName);
  await page.getByRole("button", { name: text.saveAnswer }).click();

  await page.getByLabel(text.dateOfBirth, { exact: true }).fill("1986-09-02");
  await page.getByRole("button", { name: text.confirm }).click();

  await page.getByLabel(text.reason).fill(text.reasonAnswer);
  await page.getByRole("group", { name: text.allergies }).getByLabel(text.noChanges).check();
  await page.getByRole("button", { name: text.saveAndContinue }).click();

  await expect(page.getByRole("heading", { name: text.languageHeading })).toBeFocused();
  await page.getByLabel(text.preferredLanguage).selectOption(locale);
  await page.getByRole("button", { name: text.finish }).click();
  await expect(page.getByRole("heading", { name: text.waitingRoom })).toBeVisible({ timeout: 30_000 });
}

for (const locale of ["en", "es"] as const) {
  test(`a telehealth visit from check-in to superbill, the patient's side in ${locale === "en" ? "English" : "Spanish"}, with an interpreter`, async ({ browser }) => {
    const text = PATIENT_TEXT[locale];
    const patient = await newPatient(locale);
    const fullName = `${patient.givenName} ${patient.familyName}`;
    const visit = await bookVisitStartingNow(db, {
      patientEmail: patient.user!.email!,
      physicianEmail: PHYSICIAN_EMAIL,
      reason: "Video visit: telehealth from check-in to bill",
      checkedIn: false,
    });
    const { token } = await issueVisitLink(db, visit.appointmentId);

    // The patient: a browser in their language, their visit link, the check-in, the waiting room.
    const patientContext = await browser.newContext({ locale: text.browserLocale, extraHTTPHeaders: { "Accept-Language": `${text.browserLocale},${locale};q=0.9` } });
    const patientPage = await patientContext.newPage();
    await patientPage.goto(`/visit/${token}`);
    await checkIn(patientPage, text, fullName, locale);

    // The physician sees the check-in before admitting, then admits; video both ways.
    const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
    await physician.page.goto(`/physician/visits/${visit.appointmentId}`);
    await passDeviceCheck(physician.page, "Start the visit");
    const waitingList = physician.page.getByRole("region", { name: "Waiting room" });
    await expect(waitingList.getByText("Located in Texas (TX), where you are licensed.")).toBeVisible({ timeout: 20_000 });
    await expect(waitingList.getByText(/^Signed \(version \d+,/)).toBeVisible();
    await expect(waitingList.getByText(locale === "es" ? "Spanish" : "English", { exact: true })).toBeVisible();
    await waitingList.getByRole("button", { name: `Admit ${fullName}, with the visit link` }).click();
    await expectLiveVideo(physician.page.getByLabel(`${fullName}'s video`));
    await expectLiveVideo(patientPage.getByLabel(text.physicianVideo(visit.physicianName)));

    // An interpreter, invited from the call, joins in a third browser and is admitted.
    const guests = physician.page.getByRole("region", { name: "Guests" });
    await guests.getByRole("radio", { name: "An interpreter" }).check();
    await guests.getByLabel("Guest's name").fill("Lucía Ortega");
    await guests.getByLabel("Language they interpret").selectOption({ label: "Spanish" });
    await guests.getByRole("button", { name: "Create interpreter link" }).click();
    const link = await guests.getByLabel("Interpreter link for Lucía Ortega").inputValue();
    const interpreterContext = await browser.newContext();
    const interpreter = await interpreterContext.newPage();
    await interpreter.goto(link);
    await passDeviceCheck(interpreter, "Join the waiting room");
    await expect(waitingList.getByText(/Lucía Ortega \(Interpreter \(Spanish\), waiting since/)).toBeVisible({ timeout: 30_000 });
    await waitingList.getByRole("button", { name: /^Admit Lucía Ortega/ }).click();
    await expect(interpreter.getByRole("button", { name: "Leave" })).toBeVisible({ timeout: 30_000 });
    await expect(physician.page.getByText("Lucía Ortega, Interpreter (Spanish)", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(patientPage.getByText(text.interpreterInCall, { exact: true })).toBeVisible({ timeout: 30_000 });

    await physician.page.getByRole("button", { name: "End visit for everyone" }).click();
    await expect(patientPage.getByRole("heading", { name: text.visitEnded })).toBeVisible({ timeout: 15_000 });
    await interpreterContext.close();

    // The note's telehealth block, drafted when the note was opened and brought up to date from what the visit
    // recorded (the interpreter, the call's end), completed and signed.
    await showNote(physician.page);
    const panel = chartPanel(physician.page);
    const telehealth = panel.getByRole("region", { name: "Telehealth" });
    await telehealth.getByRole("button", { name: "Refresh from visit" }).click();
    await expect(telehealth.getByLabel("Patient's state")).toHaveValue("TX");
    await expect(telehealth.getByLabel("Patient at home or elsewhere")).toHaveValue("HOME");
    await expect(telehealth).toContainText(`${fullName} (patient)`);
    await expect(telehealth).toContainText(/Lucía Ortega \(interpreter/);
    await expect(telehealth).toContainText(/Telehealth consent version \d+, signed/);
    await expect(telehealth).toContainText(/Date of birth confirmed at check-in/);
    await expect(telehealth).toContainText(/ minutes/);
    await telehealth.getByLabel("Physician's location").selectOption("CLINIC");
    await telehealth.getByLabel("Physician's state").selectOption("TX");
    await panel.getByLabel("Plan", { exact: true }).fill("Hydrate; check blood pressure daily. Follow-up in 2 weeks.");
    await panel.getByLabel("Visit code (CPT)").selectOption("98005");
    await panel.getByLabel("Find a diagnosis code").fill("hypertension");
    await panel.getByRole("button", { name: "Add I10 — Essential (primary) hypertension" }).click();
    await expect(noteStatus(physician.page)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 10_000 });
    await panel.getByRole("button", { name: "Sign note" }).click();
    await physician.page.getByRole("button", { name: "Sign", exact: true }).click();
    await expect(panel.getByText(/^Signed by /)).toBeVisible();

    // The superbill: at home on video, place of service 10 and modifier 95.
    await panel.getByRole("link", { name: "Superbill" }).click();
    const bill = physician.page.getByRole("article", { name: "Superbill" });
    await expect(bill).toContainText("Place of service 10 — Telehealth provided in patient's home");
    await expect(bill).toContainText("CPT 98005-95");
    await expect(bill).toContainText(`MRN ${patient.mrn}`);

    // The patient reads their summary in their language.
    await patientPage.goto(`/visit/${token}`);
    const summary = patientPage.getByRole("region", { name: text.summaryHeading });
    await expect(summary.getByRole("heading", { name: text.summaryHeading })).toBeVisible();
    await expect(summary).toContainText("Hydrate; check blood pressure daily. Follow-up in 2 weeks.");

    await Promise.all([patientContext.close(), physician.context.close()]);
  });
}
