import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test("a patient books their own visit and sees their past visits with summaries", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  const page = await context.newPage();
  await signInAs(page, DEMO_PATIENT_EMAIL);
  const patient = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } } });
  const before = await db.appointment.count({ where: { patientId: patient.id, status: "BOOKED" } });

  await page.goto("/patient");
  const form = page.getByRole("form", { name: "Book a visit" });
  await form.getByLabel("Physician").selectOption({ label: "Lena Fischer (Endocrinology)" });
  // Each time is a radio inside the chip that shows it; pressing the chip chooses it.
  const firstTime = form.getByRole("radio").first();
  await firstTime.locator("xpath=..").click();
  await expect(firstTime).toBeChecked();
  await form.getByLabel("Reason for the visit").fill("Thyroid results question");
  await form.getByRole("button", { name: /^Book / }).click();
  await expect(page.getByText(/^Booked: visit with Lena Fischer on /)).toBeVisible();

  const booked = await db.appointment.findFirstOrThrow({
    where: { patientId: patient.id, reason: "Thyroid results question" },
    include: { physician: { include: { user: true } } },
  });
  expect(booked).toMatchObject({ status: "BOOKED", physician: { user: { name: "Lena Fischer" } } });
  expect(await db.appointment.count({ where: { patientId: patient.id, status: "BOOKED" } })).toBe(before + 1);

  const past = page.getByRole("region", { name: "Past visits" });
  const summaryLink = past.getByRole("link", { name: /^View summary of / }).first();
  await expect(summaryLink).toBeVisible();
  await summaryLink.click();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Alex" })).toBeVisible();
  await page.goto("/patient");
  await expectNoAxeViolations(page);
  await context.close();
});
