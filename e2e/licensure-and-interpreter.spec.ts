import { expect, test, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { readMailbox } from "../lib/mail/mailbox";
import { formatDateTimeInZone, formatTimeInZone } from "../lib/scheduling/time-format";
import { expectNoAxeViolations } from "./support/axe";
import { showOnlyPhysician } from "./support/calendar";
import { connectToE2eDatabase, readE2eServerState } from "./support/server-state";
import { passDeviceCheck, signedInPage } from "./support/video-call";
import { bookVisitStartingNow, type TestVisit } from "./support/visit-now";

// Licensure at admission and interpreters in the call, in browsers against the
// e2e server's LiveKit. The patient's location for the visit comes from a
// VisitCheckIn row written here (the check-in pages are built elsewhere).

const PHYSICIAN_EMAIL = "samuel.okafor@demo.clinic";
const ADMIN_EMAIL = "admin@demo.clinic";
const SCHEDULER_EMAIL = "scheduler@demo.clinic";

let db: Database;
let physicianId: string;
let seededLicenses: Awaited<ReturnType<Database["physicianLicense"]["findMany"]>>;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  physicianId = (await db.physician.findFirstOrThrow({ where: { user: { email: PHYSICIAN_EMAIL } }, select: { id: true } })).id;
  seededLicenses = await db.physicianLicense.findMany({ where: { physicianId } });
});
test.afterAll(async () => {
  // Leave the clinic as the other specs expect it: the seed's licences for this physician, the default rule.
  await db.physicianLicense.deleteMany({ where: { physicianId } });
  await db.physicianLicense.createMany({ data: seededLicenses });
  await db.clinicSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: { licensureMode: "WARN" } });
  await db.$disconnect();
});
// Two or three browser contexts with media.
test.setTimeout(180_000);

/** The visit's check-in (complete, with a current consent) says the patient is in `state` now. */
async function patientLocatedIn(visit: TestVisit, state: string) {
  await db.visitCheckIn.update({ where: { appointmentId: visit.appointmentId }, data: { state } });
}

/** The patient waits, the physician has started the visit: the physician's waiting list shows the patient. */
async function patientWaiting(browser: import("@playwright/test").Browser, visit: TestVisit): Promise<{ patient: Page; physician: Page }> {
  const { page: patient } = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await patient.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient, "Join the waiting room");
  await expect(patient.getByRole("heading", { name: "Waiting room" })).toBeVisible({ timeout: 30_000 });
  const { page: physician } = await signedInPage(browser, PHYSICIAN_EMAIL);
  await physician.goto(`/physician/visits/${visit.appointmentId}`);
  await passDeviceCheck(physician, "Start the visit");
  await expect(physician.getByRole("button", { name: new RegExp(`^Decline ${visit.patientName}`) })).toBeVisible({ timeout: 30_000 });
  return { patient, physician };
}

async function setRule(admin: Page, rule: "Warn, and ask for a reason" | "Block") {
  await admin.goto("/admin/licensure");
  await admin.getByRole("radio", { name: new RegExp(`^${rule}`) }).check();
  await admin.getByRole("button", { name: "Save rule" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: /^Saved:/ })).toBeVisible();
}

test("an administrator records a licence; a patient located where the physician is not licensed is admitted only with a reason, or not at all when the clinic blocks", async ({ browser }) => {
  const { page: admin } = await signedInPage(browser, ADMIN_EMAIL);
  await admin.goto("/admin/licensure");
  await expect(admin.getByRole("heading", { name: "Licensure", level: 1 })).toBeVisible();
  const physicianName = (await db.user.findFirstOrThrow({ where: { email: PHYSICIAN_EMAIL }, select: { name: true } })).name;
  await admin.getByLabel("Physician", { exact: true }).selectOption({ label: physicianName });
  await admin.getByLabel("State or territory", { exact: true }).selectOption("NY");
  await admin.getByLabel("License number", { exact: true }).fill("NY-294811");
  await admin.getByLabel("Valid until", { exact: true }).fill("2030-06-30");
  await admin.getByRole("button", { name: "Save licence" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: "Saved the licence in New York (NY), valid until 2030-06-30." })).toBeVisible();
  const listed = admin.getByRole("region", { name: physicianName });
  await expect(listed.getByRole("row", { name: /New York \(NY\) NY-294811 2030-06-30 Current/ })).toBeVisible();
  await expectNoAxeViolations(admin);
  await setRule(admin, "Warn, and ask for a reason");

  // WARN: the patient says they are in Nevada, where the seed licenses nobody.
  const warned = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: licensure warning" });
  await patientLocatedIn(warned, "NV");
  const { patient, physician } = await patientWaiting(browser, warned);
  const waitingList = physician.getByRole("region", { name: "Waiting room" });
  await expect(waitingList.getByText("You are not licensed in Nevada (NV). The patient says they are there now.")).toBeVisible();
  const admit = waitingList.getByRole("button", { name: new RegExp(`^Admit ${warned.patientName}`) });
  await admit.click();
  await expect(waitingList.getByRole("alert")).toContainText("Give a reason to admit them anyway.");
  await expect(patient.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  await waitingList.getByLabel("Reason to admit anyway").fill("Established patient travelling; continuity of care");
  await admit.click();
  await expect(patient.getByRole("button", { name: "Leave" })).toBeVisible({ timeout: 30_000 });
  await expect(waitingList.getByRole("heading", { name: "In the call" })).toBeVisible();
  expect(await db.licensureOverride.findMany({ where: { appointmentId: warned.appointmentId }, select: { state: true, reason: true } })).toEqual([
    { state: "NV", reason: "Established patient travelling; continuity of care" },
  ]);
  await physician.getByRole("button", { name: "End visit for everyone" }).click();
  await expect(patient.getByRole("heading", { name: "The visit has ended" })).toBeVisible({ timeout: 30_000 });
  await Promise.all([patient.context().close(), physician.context().close()]);

  // BLOCK: no Admit for the patient, and the clinic's reason.
  await setRule(admin, "Block");
  const blocked = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: licensure block" });
  await patientLocatedIn(blocked, "NV");
  const second = await patientWaiting(browser, blocked);
  const blockedList = second.physician.getByRole("region", { name: "Waiting room" });
  await expect(blockedList.getByText("You are not licensed in Nevada (NV). The patient says they are there now.")).toBeVisible();
  await expect(blockedList.getByText(/The clinic does not allow visits where the physician is not licensed/)).toBeVisible();
  await expect(blockedList.getByRole("button", { name: new RegExp(`^Admit ${blocked.patientName}`) })).toHaveCount(0);
  await expect(second.patient.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  expect(await db.licensureOverride.count({ where: { appointmentId: blocked.appointmentId } })).toBe(0);
  await setRule(admin, "Warn, and ask for a reason");
  // The refused visit would otherwise stay on Alex's list of upcoming visits, which later specs read.
  await db.appointment.update({ where: { id: blocked.appointmentId }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "End-to-end test: licensure block over" } });
});

test("an interpreter the physician invites from the call joins with their link, waits, is admitted, and is shown as the interpreter to physician and patient", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: an interpreter guest" });
  const { patient, physician } = await patientWaiting(browser, visit);
  const waitingList = physician.getByRole("region", { name: "Waiting room" });
  await expect(waitingList.getByText("Located in Texas (TX), where you are licensed.")).toBeVisible();
  await waitingList.getByRole("button", { name: new RegExp(`^Admit ${visit.patientName}`) }).click();
  await expect(patient.getByRole("button", { name: "Leave" })).toBeVisible({ timeout: 30_000 });

  const guests = physician.getByRole("region", { name: "Guests" });
  await guests.getByRole("radio", { name: "An interpreter" }).check();
  await guests.getByLabel("Guest's name").fill("Lucía Ortega");
  await guests.getByLabel("Language they interpret").selectOption({ label: "Spanish" });
  await guests.getByRole("button", { name: "Create interpreter link" }).click();
  const link = await guests.getByLabel("Interpreter link for Lucía Ortega").inputValue();
  await expect(guests.getByText("(Interpreter (Spanish))")).toBeVisible();

  const interpreterContext = await browser.newContext();
  const interpreter = await interpreterContext.newPage();
  await interpreter.goto(link);
  await expect(interpreter.getByText(/You are joining as the interpreter \(Spanish\), Lucía Ortega\./)).toBeVisible();
  await expectNoAxeViolations(interpreter);
  await passDeviceCheck(interpreter, "Join the waiting room");
  await expect(interpreter.getByRole("heading", { name: "Waiting room" })).toBeVisible({ timeout: 30_000 });

  await expect(waitingList.getByText(/Lucía Ortega \(Interpreter \(Spanish\), waiting since/)).toBeVisible({ timeout: 30_000 });
  await waitingList.getByRole("button", { name: /^Admit Lucía Ortega/ }).click();
  await expect(interpreter.getByRole("button", { name: "Leave" })).toBeVisible({ timeout: 30_000 });
  for (const page of [physician, patient]) {
    await expect(page.getByText("Lucía Ortega, Interpreter (Spanish)", { exact: true })).toBeVisible({ timeout: 30_000 });
  }
  await physician.getByRole("button", { name: "End visit for everyone" }).click();
  await expect(interpreter.getByRole("heading", { name: "The visit has ended" })).toBeVisible({ timeout: 30_000 });
  await interpreterContext.close();
});

test("the scheduler invites an interpreter from the calendar; the interpreter's mail has the time in their zone and a link that joins them as the interpreter", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: an interpreter the scheduler invites" });
  const { startsAt } = await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId }, select: { startsAt: true } });
  const email = `interpreter-${Date.now()}@interpreters.example`;
  const { context: schedulerContext, page: scheduler } = await signedInPage(browser, SCHEDULER_EMAIL, { timezoneId: "America/New_York" });
  await scheduler.goto("/scheduler");
  await showOnlyPhysician(scheduler, visit.physicianName);
  const time = formatTimeInZone(startsAt, "America/New_York");
  await scheduler.getByRole("button", { name: new RegExp(`^${time} E[SD]T, ${visit.patientName}`) }).click();
  const dialog = scheduler.getByRole("dialog", { name: new RegExp(`^${visit.patientName}, `) });
  await dialog.getByRole("button", { name: "Invite an interpreter" }).click();
  const form = dialog.getByRole("form", { name: "Invite an interpreter" });
  await form.getByLabel("Language they interpret").selectOption({ label: "Spanish" });
  await form.getByLabel("Interpreter's name").fill("Lucía Ortega");
  // A mistyped address is refused beside its field, and nothing is sent.
  await form.getByLabel("Interpreter's email").fill("lucia@");
  await form.getByLabel("Interpreter's time zone").selectOption("America/Los_Angeles");
  await form.getByRole("button", { name: "Email the interpreter their link" }).click();
  await expect(form.getByLabel("Interpreter's email")).toHaveAccessibleDescription("Enter the interpreter's email address, like name@example.org.");
  expect(await db.visitGuest.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);
  await expectNoAxeViolations(scheduler);
  await form.getByLabel("Interpreter's email").fill(email);
  await form.getByRole("button", { name: "Email the interpreter their link" }).click();
  await expect(dialog).toBeHidden();
  await expect(scheduler.getByRole("status").filter({ hasText: `Invited Lucía Ortega to interpret (Spanish) at ${visit.patientName}'s visit. Their link is on its way to ${email}.` })).toBeVisible();
  expect(await db.visitGuest.findMany({ where: { appointmentId: visit.appointmentId }, select: { displayName: true, role: true, language: true, email: true } })).toEqual([
    { displayName: "Lucía Ortega", role: "INTERPRETER", language: "es", email },
  ]);
  await schedulerContext.close();

  // The server's worker sends it from the job queue.
  const mailDir = (await readE2eServerState()).mailDir;
  await expect.poll(async () => (await readMailbox(mailDir)).filter((mail) => mail.to.includes(email)).length, { timeout: 30_000 }).toBe(1);
  const [mail] = (await readMailbox(mailDir)).filter((message) => message.to.includes(email));
  const losAngeles = formatDateTimeInZone(startsAt, "America/Los_Angeles");
  expect(mail!.subject).toBe(`Interpreting (Spanish): video visit on ${losAngeles}`);
  expect(mail!.text).toContain(`You are invited to interpret (Spanish) at a video visit with ${visit.physicianName} on ${losAngeles}.`);
  const link = /https?:\/\/\S+\/visit\/guest\/[\w-]{43}/.exec(mail!.text)?.[0];
  expect(link).toBeDefined();

  const interpreterContext = await browser.newContext();
  const interpreter = await interpreterContext.newPage();
  await interpreter.goto(new URL(link!).pathname);
  await expect(interpreter.getByText(/You are joining as the interpreter \(Spanish\), Lucía Ortega\./)).toBeVisible();
  await expectNoAxeViolations(interpreter);
  await passDeviceCheck(interpreter, "Join the waiting room");
  await expect(interpreter.getByRole("heading", { name: "Waiting room" })).toBeVisible({ timeout: 30_000 });
  await interpreterContext.close();
  // The visit would otherwise stay on Alex's list of upcoming visits, which later specs read.
  await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "End-to-end test: interpreter invitation over" } });
});
