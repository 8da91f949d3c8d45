import { inflateSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { recordTelehealthVisit } from "../lib/notes/testing/telehealth-visit";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, noteStatus, savedNote, showNote } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookFutureVisit, type TestVisit } from "./support/visit-now";

// The physician finishes a telehealth visit's note: the telehealth block is
// drafted from what the visit recorded (check-in, consent, who joined and
// when), the physician states their own location, is told what signing still
// needs, picks the codes and signs; the superbill then shows the place of
// service and modifier the payer rules give, as a page, a PDF and a CSV row.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";
const ADMIN_EMAIL = "admin@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test.setTimeout(120_000);

/** A visit of Alex's with Dr. Lee as it happened: check-in, consent and the call's events are rows made here. */
async function recordedVisit(options: { kind: "HOME" | "OTHER"; modality: "VIDEO" | "AUDIO_ONLY" }): Promise<TestVisit & { day: string; mrn: string }> {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: telehealth note and billing", checkedIn: false });
  const appointment = await db.appointment.findUniqueOrThrow({
    where: { id: visit.appointmentId },
    select: { startsAt: true, patient: { select: { mrn: true } }, physician: { select: { userId: true } } },
  });
  const { id: visitId } = await db.visit.create({ data: { appointmentId: visit.appointmentId, roomName: `e2e-billing-${visit.appointmentId}` } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL }, select: { id: true } });
  await db.patient.update({ where: { id: visit.patientId }, data: { payer: null } });
  await recordTelehealthVisit(db, {
    appointmentId: visit.appointmentId,
    visitId,
    patientId: visit.patientId,
    physicianUserId: appointment.physician.userId,
    publisherId: admin.id,
    startsAt: appointment.startsAt,
    locationKind: options.kind,
    modality: options.modality,
    audioOnlyReason: options.modality === "AUDIO_ONLY" ? "The patient's camera failed" : null,
  });
  return { ...visit, day: appointment.startsAt.toISOString().slice(0, 10), mrn: appointment.patient.mrn };
}

/** The text a PDF draws: its content streams inflated, and the hex strings pdf-lib writes decoded. */
function pdfText(pdf: Buffer): string {
  const streams = [...pdf.toString("latin1").matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)];
  return streams
    .map((match) => {
      try {
        return inflateSync(Buffer.from(match[1]!, "latin1")).toString("latin1");
      } catch {
        return match[1]!;
      }
    })
    .flatMap((content) => [...content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)].map((hex) => Buffer.from(hex[1]!, "hex").toString("latin1")))
    .join("\n");
}

test("the physician completes the telehealth block, is told what signing needs, signs, and the superbill shows POS 10 and modifier 95", async ({ browser }) => {
  const visit = await recordedVisit({ kind: "HOME", modality: "VIDEO" });
  const { page } = await signedInPage(browser, PHYSICIAN_EMAIL);
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  await showNote(page);
  const panel = chartPanel(page);
  const telehealth = panel.getByRole("region", { name: "Telehealth" });

  // Drafted from the visit's records.
  await expect(telehealth.getByLabel("Patient's state")).toHaveValue("NY");
  await expect(telehealth.getByLabel("Patient's address")).toHaveValue("12 Elm St, Albany, 12203");
  await expect(telehealth.getByLabel("Patient at home or elsewhere")).toHaveValue("HOME");
  await expect(telehealth).toContainText(`${visit.patientName} (patient)`);
  await expect(telehealth).toContainText("22 minutes");
  await expect(telehealth).toContainText(/Telehealth consent version \d+, signed/);

  await telehealth.getByLabel("Physician's location").selectOption("CLINIC");
  await telehealth.getByLabel("Physician's state").selectOption("NY");
  await panel.getByLabel("Plan", { exact: true }).fill("Continue lisinopril 10 mg. Follow-up in 3 months.");
  await expect(noteStatus(page)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 10_000 });
  await expect.poll(async () => ((await savedNote(db, visit.appointmentId))?.telehealth as { physicianLocation?: unknown } | null)?.physicianLocation).toEqual({
    type: "CLINIC",
    state: "NY",
  });
  await expectNoAxeViolations(page);

  // Without the visit's code and a diagnosis it is not signed, and the fields say so.
  await panel.getByRole("button", { name: "Sign note" }).click();
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("Before signing, complete: Visit code (CPT); Diagnosis codes (ICD-10).");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(panel.getByText("Visit code (CPT): required to sign.")).toBeVisible();
  await expect(panel.getByLabel("Visit code (CPT)")).toHaveAttribute("aria-invalid", "true");
  expect((await savedNote(db, visit.appointmentId))?.status).toBe("DRAFT");

  await panel.getByLabel("Visit code (CPT)").selectOption("98005");
  await panel.getByLabel("Find a diagnosis code").fill("hypertension");
  await panel.getByRole("button", { name: "Add I10 — Essential (primary) hypertension" }).click();
  await expect(panel.getByText("Visit code (CPT): required to sign.")).toHaveCount(0);
  await expect(noteStatus(page)).toHaveText(/^Saved \d\d:\d\d$/, { timeout: 10_000 });
  await panel.getByRole("button", { name: "Sign note" }).click();
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await expect(panel.getByText(/^Signed by /)).toBeVisible();
  await expect(panel.getByLabel("Physician's location")).toBeDisabled();

  await panel.getByRole("link", { name: "Superbill" }).click();
  const bill = page.getByRole("article", { name: "Superbill" });
  await expect(bill).toContainText("Place of service 10 — Telehealth provided in patient's home");
  await expect(bill).toContainText("CPT 98005-95 — Audio-video visit, established patient, low MDM (20+ min)");
  await expect(bill).toContainText("Diagnosis A: I10 — Essential (primary) hypertension");
  await expect(bill).toContainText("Physician location: clinic, NY");
  await expect(bill).toContainText(`MRN ${visit.mrn}`);
  await expectNoAxeViolations(page);

  const download = page.waitForEvent("download");
  await bill.getByRole("link", { name: "Download PDF" }).click();
  const pdf = Buffer.from(await (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)));
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdfText(pdf)).toContain("CPT 98005-95");

  const { page: admin } = await signedInPage(browser, ADMIN_EMAIL);
  const csv = await (await admin.request.get(`/api/admin/billing/export?from=${visit.day}&to=${visit.day}`)).text();
  expect(csv.split("\r\n")).toContain(`${visit.day},${visit.mrn},${visit.physicianName},98005,95,10,I10,22,`);
});

test("a patient elsewhere on an audio-only call: POS 02 and modifier 93", async ({ browser }) => {
  const visit = await recordedVisit({ kind: "OTHER", modality: "AUDIO_ONLY" });
  const { page } = await signedInPage(browser, PHYSICIAN_EMAIL);
  const opened = await (await page.request.post(`/api/visits/${visit.appointmentId}/note`)).json();
  const telehealth = { ...opened.note.telehealth, physicianLocation: { type: "HOME", state: "NY" } };
  const saved = await page.request.put(`/api/visits/${visit.appointmentId}/note`, {
    data: { expectedVersion: opened.note.version, plan: "Fluids and rest.", telehealth, cptCode: "98013", diagnosisCodes: ["J06.9"] },
  });
  expect(saved.status()).toBe(200);
  const signed = await page.request.post(`/api/visits/${visit.appointmentId}/note/sign`, { data: { expectedVersion: (await saved.json()).note.version } });
  expect(signed.status()).toBe(200);

  await page.goto(`/physician/visits/${visit.appointmentId}/superbill`);
  const bill = page.getByRole("article", { name: "Superbill" });
  await expect(bill).toContainText("Place of service 02 — Telehealth provided other than in patient's home");
  await expect(bill).toContainText("CPT 98013-93");
  await expect(bill).toContainText("Modality: audio-only (video not used: The patient's camera failed)");
});
