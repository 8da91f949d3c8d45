import { expect, test, type Locator, type Page } from "@playwright/test";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { readMailbox } from "../lib/mail/mailbox";
import { COMPLETE_TELEHEALTH_BLOCK } from "../lib/notes/testing/complete-note";
import { readPdf } from "../lib/pdf/testing/pdf-text";
import { bookAppointment } from "../lib/scheduling/booking";
import { findFreeSlots } from "../lib/scheduling/slot-search";
import { localDateOf } from "../lib/scheduling/zoned-time";
import { createTestVisit } from "../lib/visits/testing/visits";
import { formatDateTimeInZone } from "../lib/scheduling/time-format";
import { createTestPatient, createTestPhysician, createTestVisitType } from "../lib/scheduling/testing/clinic";
import { calendarValue, readCalendar } from "../lib/scheduling/testing/ical-reader";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase, readE2eServerState } from "./support/server-state";
import { signInAs } from "./support/sign-in";
import { expectLiveVideo } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// The patient-facing pages and mail in Spanish: chosen by the patient's record,
// by the browser's languages, or by the person with the switcher. The other
// specs run in Playwright's en-US and see English.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
let mailDir: string;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  mailDir = (await readE2eServerState()).mailDir;
});
test.afterAll(() => db.$disconnect());

test.setTimeout(120_000);

async function expectLanguageAccessNotice(page: Page) {
  const notice = page.getByRole("note", { name: "Asistencia con el idioma" }).last();
  await expect(notice).toContainText("Hay servicios de intérprete gratuitos disponibles.");
  // Section 1557: the same notice in the other language, marked as such for screen readers.
  await expect(notice.locator('p[lang="en"]')).toHaveText("English: free interpreter services are available. Ask us before or during your visit.");
}

test("a patient whose record prefers Spanish gets their visit link, device check and waiting room in Spanish", async ({ browser }) => {
  const patient = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true, preferredLanguage: true } });
  await db.patient.update({ where: { id: patient.id }, data: { preferredLanguage: "es" } });
  try {
    const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit in Spanish" });
    const { token } = await issueVisitLink(db, visit.appointmentId);
    // The browser asks for English: the record's preference wins over it.
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();

    await page.goto(`/visit/${token}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 1, name: "Hola, Alex" })).toBeVisible();
    await expectLanguageAccessNotice(page);
    await expect(page.getByRole("term").filter({ hasText: "Cuándo" })).toBeVisible();

    await expect(page.getByRole("heading", { name: "Revise su cámara y su micrófono" })).toBeVisible();
    await expectLiveVideo(page.getByLabel("Vista previa de su cámara"));
    await expect(page.getByRole("meter", { name: "Nivel del micrófono" })).toBeVisible();
    await expect(page.getByLabel("Cámara", { exact: true })).toBeVisible();
    await expect(page.getByText(`Usted esperará en la sala de espera hasta que su médico, ${visit.physicianName}, le permita entrar.`)).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Entrar a la sala de espera" }).click();
    await expect(page.getByRole("heading", { name: "Sala de espera" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(`Su médico, ${visit.physicianName}, le permitirá entrar en breve.`)).toBeVisible();
    await expectLanguageAccessNotice(page);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Salir" }).click();
    await expect(page.getByRole("heading", { name: "Usted salió de la consulta" })).toBeVisible();
    await context.close();
  } finally {
    await db.patient.update({ where: { id: patient.id }, data: { preferredLanguage: patient.preferredLanguage } });
  }
});

test("a browser that asks for Spanish gets the sign-in page in Spanish, and the switcher turns it to English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = await context.newPage();

  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("heading", { level: 1, name: "Iniciar sesión" })).toBeVisible();
  await expect(page.getByLabel("Correo electrónico")).toBeVisible();
  await expect(page.getByLabel("Contraseña")).toBeVisible();
  await expect(page.getByText("No es para emergencias.")).toBeVisible();
  const spanish = page.getByRole("button", { name: "Español" });
  await expect(spanish).toHaveAttribute("lang", "es");
  await expect(spanish).toHaveAttribute("aria-pressed", "true");
  await expectNoAxeViolations(page);

  // From the keyboard, as anyone must be able to.
  const english = page.getByRole("button", { name: "English" });
  await expect(english).toHaveAttribute("lang", "en");
  await english.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Email address")).toBeVisible();
  await expect(english).toHaveAttribute("aria-pressed", "true");

  // The choice is kept: a new page load stays in English although the browser asks for Spanish.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await context.close();
});

test("a patient who prefers Spanish is invited in Spanish, with the calendar event in Spanish", async () => {
  const physician = await createTestPhysician(db, {
    name: "Dr. Amara Okafor",
    windows: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })),
  });
  const patient = await createTestPatient(db, { givenName: "Lucía", timeZone: "America/Chicago" });
  await db.patient.update({ where: { id: patient.patientId }, data: { preferredLanguage: "es" } });
  const visitType = await createTestVisitType(db, { durationMinutes: 30 });
  const from = new Date(Date.now() + 2 * 86_400_000);
  const [{ slots: [slot] = [] } = { slots: [] }] = await findFreeSlots(db, patient.context, {
    physicianId: physician.physicianId,
    visitTypeId: visitType.id,
    from,
    to: new Date(from.getTime() + 86_400_000),
  });
  const booking = await bookAppointment(db, patient.context, {
    patientId: patient.patientId,
    physicianId: physician.physicianId,
    visitTypeId: visitType.id,
    startsAt: slot!.start,
    reason: "Dolor de cabeza",
  });

  // The server's worker sends it from the job queue.
  await expect
    .poll(async () => (await readMailbox(mailDir)).filter((mail) => mail.to.includes(patient.email!)).length, { timeout: 30_000 })
    .toBe(1);
  const [mail] = (await readMailbox(mailDir)).filter((message) => message.to.includes(patient.email!));
  expect(mail!.subject).toMatch(/^Su consulta con Dr\. Amara Okafor el (lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d+ de [a-z]+ de \d{4}, /);
  expect(mail!.text).toContain("Hola, Lucía:");
  expect(mail!.text).toContain(`Entre a la consulta por video aquí:\n${booking.visitUrl}`);
  const ics = mail!.attachments.find((file) => file.filename === "invite.ics");
  const event = readCalendar(ics!.content);
  expect(calendarValue(event, "SUMMARY")).toBe("Consulta por video con Dr. Amara Okafor");
  expect(calendarValue(event, "DESCRIPTION")).toContain("No lo comparta");
});

test("a patient who prefers Spanish reads their after-visit summary and handout in Spanish, prints it alone and downloads it as a PDF", async ({ browser }) => {
  // Two days ago, with Dr. Lena Fischer, for a patient of the test's own whose record prefers Spanish.
  const { appointmentId, startsAt, physician, patient } = await createTestVisit(db, { startsInMinutes: -2 * 24 * 60, status: "COMPLETED", checkedIn: false });
  await db.patient.update({ where: { id: patient.patientId }, data: { givenName: "Lucía", familyName: "Muñoz", preferredLanguage: "es" } });
  const plan = "Empiece lisinopril 10 mg una vez al día.\n¿Mareos? Llame a la enfermera Muñoz.";
  const visit = await db.visit.create({ data: { appointmentId, roomName: `e2e-summary-${appointmentId}` } });
  await db.prescription.create({
    data: {
      patientId: patient.patientId,
      prescriberId: physician.physicianId,
      visitId: visit.id,
      rxnormCode: "314076",
      drugName: "lisinopril 10 MG Oral Tablet",
      dose: "10 mg",
      route: "oral",
      frequency: "once daily",
      quantity: 30,
      instructions: "Tome 1 tableta por la mañana.",
    },
  });
  await db.consultationNote.create({
    data: {
      visit: { connect: { id: visit.id } },
      author: { connect: { id: physician.userId } },
      plan,
      telehealth: COMPLETE_TELEHEALTH_BLOCK as unknown as object,
      cptCode: "98005",
      diagnosisCodes: ["I10"],
      handouts: ["home-blood-pressure"],
      status: "SIGNED",
      signedAt: new Date(startsAt.getTime() + 40 * 60_000),
      signedBy: { connect: { id: physician.userId } },
    },
  });
  const { token } = await issueVisitLink(db, appointmentId);
  // The browser asks for English: the record's preference wins over it.
  const context = await browser.newContext({ locale: "en-US", acceptDownloads: true });
  const page = await context.newPage();

  await page.goto(`/visit/${token}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  const summary = page.getByRole("region", { name: "Resumen de la consulta" });
  await expect(summary).toContainText("Consulta con Lena Fischer, el ");
  await expect(summary.getByText("¿Mareos? Llame a la enfermera Muñoz.")).toBeVisible();
  await expect(summary.getByRole("listitem").filter({ hasText: "lisinopril 10 MG Oral Tablet" })).toHaveText(
    "lisinopril 10 MG Oral Tablet, 10 mg oral, once daily — Tome 1 tableta por la mañana.",
  );
  await expect(summary.getByRole("heading", { name: "Materiales de su médico" })).toBeVisible();
  const handout = summary.getByRole("article", { name: "Cómo medir su presión arterial en casa" });
  await expect(handout).toContainText("Siéntese tranquilo durante 5 minutos con la espalda apoyada y los pies en el suelo.");
  await expectNoAxeViolations(page);

  // On paper: the summary alone, headed by the clinic and the patient, black on white, without the page's header or the controls.
  await page.emulateMedia({ media: "print" });
  await expect(summary.getByText("Paciente: Lucía Muñoz")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeHidden();
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expect(summary.getByRole("button", { name: "Imprimir" })).toBeHidden();
  await expect(summary.getByRole("button", { name: "Descargar PDF" })).toBeHidden();
  await expect(handout).toHaveCSS("color", "rgb(0, 0, 0)");
  await expect(handout).toHaveCSS("break-inside", "avoid");
  await page.emulateMedia({ media: "screen" });
  await expect(summary.getByText("Paciente: Lucía Muñoz")).toBeHidden();

  // The PDF, fetched with the visit link's credentials, in Spanish; from the keyboard.
  const download = page.waitForEvent("download");
  await summary.getByRole("button", { name: "Descargar PDF" }).focus();
  await page.keyboard.press("Enter");
  const file = await download;
  expect(file.suggestedFilename()).toBe(`resumen-de-la-consulta-${localDateOf(startsAt, "America/Chicago")}.pdf`);
  const pdf = await readPdf(new Uint8Array(Buffer.concat(await (await file.createReadStream()).toArray())));
  expect(pdf).toMatchObject({ title: "Resumen de la consulta", language: "es" });
  expect(pdf.text).toContain("Paciente: Lucía Muñoz\nConsulta con Lena Fischer, el ");
  expect(pdf.text).toContain(`Plan\n${plan}\nRecetas\nlisinopril 10 MG Oral Tablet, 10 mg oral, once daily — Tome 1 tableta por la mañana.`);
  expect(pdf.text).toContain("Material informativo: Cómo medir su presión arterial en casa");
  expect(pdf.flowing).toContain("Siéntese tranquilo durante 5 minutos con la espalda apoyada y los pies en el suelo.");
  await expect(summary.getByRole("alert")).toHaveCount(0);
  await context.close();
});

test("a patient whose record prefers Spanish books, moves and cancels a visit in Spanish", async ({ browser }) => {
  const patient = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true, preferredLanguage: true, timeZone: true } });
  await db.patient.update({ where: { id: patient.id }, data: { preferredLanguage: "es" } });
  /** A visit's card in the list of upcoming visits, known by its time as the card shows it. */
  const cardAt = (upcoming: Locator, startsAt: Date) => upcoming.getByRole("listitem").filter({ hasText: formatDateTimeInZone(startsAt, patient.timeZone, "es-US") });
  const reason = `Pregunta sobre resultados ${Date.now()}`;
  try {
    // The browser asks for English: the record's preference wins over it.
    const context = await browser.newContext({ locale: "en-US", timezoneId: "America/New_York" });
    const page = await context.newPage();
    await signInAs(page, DEMO_PATIENT_EMAIL);
    await page.goto("/patient");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 1, name: "Sus consultas" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Área del paciente" }).getByRole("link", { name: "Sus consultas" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Cerrar sesión" })).toBeVisible();

    const form = page.getByRole("form", { name: "Programar una consulta" });
    // The demo clinic's Dr. Fischer, by her id: other tests make physicians of the same name.
    const fischer = await db.physician.findFirstOrThrow({ where: { user: { email: "lena.fischer@demo.clinic" } }, select: { id: true } });
    await form.getByLabel("Médico").selectOption(fischer.id);
    await expect(form.getByLabel("Tipo de consulta")).toContainText("minutos)");
    await expect(form.getByLabel("Día")).toContainText(/^(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d+ de [a-z]+ de \d{4} \(\d+ libres\)/);
    await expect(form.getByRole("group", { name: /^Horario el .+, en E[SD]T \(America\/New York\)$/ })).toBeVisible();
    await expect(form.getByRole("button", { name: "Elija primero un horario" })).toBeDisabled();
    const firstTime = form.getByRole("radio").first();
    await firstTime.locator("xpath=..").click();
    await expect(firstTime).toBeChecked();
    await form.getByLabel("Motivo de la consulta").fill(reason);
    await expectNoAxeViolations(page);
    await form.getByRole("button", { name: /^Programar el (lunes|martes|miércoles|jueves|viernes|sábado|domingo), / }).click();
    await expect(page.getByText(/^Programada: consulta con Lena Fischer el .+ (a|p)\. ?m\. E[SD]T\.$/)).toBeVisible();
    const booked = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id, reason }, select: { id: true, startsAt: true } });

    // Moving it: another free time of the same physician.
    const upcoming = page.getByRole("region", { name: "Próximas consultas" });
    const card = cardAt(upcoming, booked.startsAt);
    await card.getByRole("button", { name: /^Cambiar la fecha / }).click();
    // Any time the picker offers is another one: the booked time is no longer free. The first
    // day may have only one left (late in a short session), so the test takes the first.
    const newTime = card.getByRole("radio").first();
    await newTime.locator("xpath=..").click();
    await expect(newTime).toBeChecked();
    await card.getByRole("button", { name: /^Cambiar al / }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Cambiamos la fecha de su consulta: .+ con Lena Fischer el .+\. Le enviamos una nueva invitación por correo electrónico\.$/ })).toBeVisible();
    const moved = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id, reason, status: "BOOKED" }, select: { id: true, startsAt: true } });
    expect(moved.id).not.toBe(booked.id);
    expect(moved.startsAt).not.toEqual(booked.startsAt);

    // And cancelling it, once the list shows the move: until then the old card's
    // "Cambiar al <new time>" button names the new time too.
    await expect(cardAt(upcoming, booked.startsAt)).toHaveCount(0);
    const movedCard = cardAt(upcoming, moved.startsAt);
    await movedCard.getByRole("button", { name: /^Cancelar / }).click();
    await movedCard.getByLabel("Motivo de la cancelación").fill("Ya me siento mejor");
    await expectNoAxeViolations(page);
    await movedCard.getByRole("button", { name: "Cancelar la consulta" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Cancelamos su consulta: .+ con Lena Fischer el .+\. Le enviamos una confirmación por correo electrónico\.$/ })).toBeVisible();
    expect(await db.appointment.findUniqueOrThrow({ where: { id: moved.id }, select: { status: true } })).toEqual({ status: "CANCELLED" });
    await context.close();
  } finally {
    await db.patient.update({ where: { id: patient.id }, data: { preferredLanguage: patient.preferredLanguage } });
    await db.appointment.updateMany({ where: { patientId: patient.id, reason, status: "BOOKED" }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "End-to-end test over" } });
  }
});
