import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";

// An administrator takes a visit type away from a physician on the Users page,
// and the patient's booking form stops listing it for that physician.

const ADMIN_EMAIL = "admin@demo.clinic";
const PHYSICIAN = "Lena Fischer";
const REMOVED = "New patient visit (60 minutes)";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test("an administrator takes a visit type away from a physician, and the patient's booking form no longer lists it", async ({ browser }) => {
  const physician = await db.physician.findFirstOrThrow({ where: { user: { name: PHYSICIAN } }, select: { id: true } });
  const offeredBefore = await db.physicianVisitType.findMany({ where: { physicianId: physician.id }, select: { visitTypeId: true } });
  const patientContext = await browser.newContext({ timezoneId: "America/New_York" });
  const adminContext = await browser.newContext();
  try {
    const patient = await patientContext.newPage();
    await signInAs(patient, DEMO_PATIENT_EMAIL);
    await patient.goto("/patient");
    const form = patient.getByRole("form", { name: "Book a visit" });
    await form.getByLabel("Physician").selectOption({ label: `${PHYSICIAN} (Endocrinology)` });
    await expect(form.getByLabel("Visit type").getByRole("option", { name: REMOVED })).toHaveCount(1);

    const admin = await adminContext.newPage();
    await signInAs(admin, ADMIN_EMAIL);
    await admin.goto("/admin/users");
    const offered = admin.getByRole("region", { name: PHYSICIAN });
    await offered.getByRole("checkbox", { name: REMOVED }).uncheck();
    await offered.getByRole("button", { name: "Save visit types" }).click();
    await expect(offered.getByRole("alert")).toContainText("Saved the visit types offered.");
    await expectNoAxeViolations(admin);

    await patient.reload();
    await form.getByLabel("Physician").selectOption({ label: `${PHYSICIAN} (Endocrinology)` });
    await expect(form.getByLabel("Visit type").getByRole("option")).not.toHaveCount(0);
    await expect(form.getByLabel("Visit type").getByRole("option", { name: REMOVED })).toHaveCount(0);
  } finally {
    // Other specs book this physician's new-patient visits.
    await db.physicianVisitType.createMany({ data: offeredBefore.map(({ visitTypeId }) => ({ physicianId: physician.id, visitTypeId })), skipDuplicates: true });
    await Promise.all([patientContext.close(), adminContext.close()]);
  }
});
