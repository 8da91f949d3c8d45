import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { formatDateTimeInZone } from "../lib/scheduling/time-format";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";

// An administrator takes a visit type away from a physician on the Users page,
// and the patient's booking form stops listing it for that physician; a visit
// of that type already booked stays, and the patient can still move it.

const ADMIN_EMAIL = "admin@demo.clinic";
const PHYSICIAN = "Lena Fischer";
const REMOVED = "New patient visit (60 minutes)";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test("an administrator takes a visit type away from a physician: the patient's booking form no longer lists it, and the patient still moves the visit of it they booked", async ({
  browser,
}) => {
  // The demo clinic's Dr. Fischer, by her e-mail: other tests make physicians of the same name.
  const physician = await db.physician.findFirstOrThrow({ where: { user: { email: "lena.fischer@demo.clinic" } }, select: { id: true } });
  const { id: patientId, timeZone } = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true, timeZone: true } });
  const reason = `Kept after the type was taken away ${Date.now()}`;
  const offeredBefore = await db.physicianVisitType.findMany({ where: { physicianId: physician.id }, select: { visitTypeId: true } });
  const patientContext = await browser.newContext({ timezoneId: "America/New_York" });
  const adminContext = await browser.newContext();
  try {
    const patient = await patientContext.newPage();
    await signInAs(patient, DEMO_PATIENT_EMAIL);
    await patient.goto("/patient");
    const form = patient.getByRole("form", { name: "Book a visit" });
    await form.getByLabel("Physician").selectOption(physician.id);
    await form.getByLabel("Visit type").selectOption({ label: REMOVED });
    await form.getByRole("radio").first().locator("xpath=..").click();
    await form.getByLabel("Reason for the visit").fill(reason);
    await form.getByRole("button", { name: /^Book / }).click();
    await expect(patient.getByText(/^Booked: visit with Lena Fischer on /)).toBeVisible();
    const booked = await db.appointment.findFirstOrThrow({ where: { patientId, reason }, select: { id: true, startsAt: true, visitTypeId: true } });

    const admin = await adminContext.newPage();
    await signInAs(admin, ADMIN_EMAIL);
    await admin.goto("/admin/users");
    const offered = admin.getByRole("region", { name: PHYSICIAN });
    await offered.getByRole("checkbox", { name: REMOVED }).uncheck();
    await offered.getByRole("button", { name: "Save visit types" }).click();
    await expect(offered.getByRole("alert")).toContainText("Saved the visit types offered.");
    await expectNoAxeViolations(admin);

    await patient.reload();
    await form.getByLabel("Physician").selectOption(physician.id);
    await expect(form.getByLabel("Visit type").getByRole("option")).not.toHaveCount(0);
    await expect(form.getByLabel("Visit type").getByRole("option", { name: REMOVED })).toHaveCount(0);

    // The visit booked before keeps its type, and moves to another of her free times for it.
    const card = patient
      .getByRole("region", { name: "Upcoming visits" })
      .getByRole("listitem")
      .filter({ hasText: formatDateTimeInZone(booked.startsAt, timeZone, "en-US") });
    await card.getByRole("button", { name: /^Reschedule new patient visit with Lena Fischer/ }).click();
    const newTime = card.getByRole("radio").first();
    await newTime.locator("xpath=..").click();
    await expect(newTime).toBeChecked();
    await expectNoAxeViolations(patient);
    await card.getByRole("button", { name: /^Move to / }).click();
    await expect(patient.getByRole("status").filter({ hasText: /^Moved your new patient visit with Lena Fischer on .+\. A new invitation is on its way by email\.$/ })).toBeVisible();
    const moved = await db.appointment.findUniqueOrThrow({ where: { rescheduledFromId: booked.id }, select: { status: true, physicianId: true, visitTypeId: true, startsAt: true } });
    expect(moved).toMatchObject({ status: "BOOKED", physicianId: physician.id, visitTypeId: booked.visitTypeId });
    expect(moved.startsAt).not.toEqual(booked.startsAt);
  } finally {
    await db.appointment.updateMany({ where: { patientId, reason, status: "BOOKED" }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "End-to-end test over" } });
    // Other specs book this physician's new-patient visits.
    await db.physicianVisitType.createMany({ data: offeredBefore.map(({ visitTypeId }) => ({ physicianId: physician.id, visitTypeId })), skipDuplicates: true });
    await Promise.all([patientContext.close(), adminContext.close()]);
  }
});
