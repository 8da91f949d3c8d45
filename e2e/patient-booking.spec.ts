import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { formatDateTimeInZone } from "../lib/scheduling/time-format";
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

test("a patient moves a follow-up a quarter hour later, into the time the visit itself holds", async ({ browser }) => {
  const physician = await db.physician.findFirstOrThrow({ where: { user: { email: "lena.fischer@demo.clinic" } }, select: { id: true } });
  const visitType = await db.visitType.findFirstOrThrow({ where: { name: "Follow-up visit" }, select: { id: true } });
  const { id: patientId } = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true } });
  const reason = `Moved into its own time ${Date.now()}`;
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  const inNewYork = (instant: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
  const quarterHourAfter = (instant: string | Date) => new Date(new Date(instant).getTime() + 15 * 60_000).toISOString();
  try {
    const page = await context.newPage();
    await signInAs(page, DEMO_PATIENT_EMAIL);
    await page.goto("/patient");
    // A free time whose next quarter hour is free too. Booked (15 minutes and a 5-minute buffer), that
    // quarter hour is held by the visit: no one else is offered it, but the visit itself may move there.
    const from = new Date(Date.now() + 86_400_000);
    const search = new URLSearchParams({ physicianId: physician.id, visitTypeId: visitType.id, from: from.toISOString(), to: new Date(from.getTime() + 14 * 86_400_000).toISOString() });
    const starts = ((await (await page.request.get(`/api/slots?${search}`)).json()) as { physicians: Array<{ slots: Array<{ start: string }> }> }).physicians[0]!.slots.map(
      (slot) => slot.start,
    );
    const chosen = starts.find((start) => starts.includes(quarterHourAfter(start)))!;
    const form = page.getByRole("form", { name: "Book a visit" });
    await form.getByLabel("Physician").selectOption(physician.id);
    await form.getByLabel("Visit type").selectOption({ label: "Follow-up visit (15 minutes)" });
    await form.getByLabel("Day").selectOption(inNewYork(chosen));
    await form.locator(`input[type=radio][value="${chosen}"]`).locator("xpath=..").click();
    await expect(form.locator(`input[type=radio][value="${chosen}"]`)).toBeChecked();
    await form.getByLabel("Reason for the visit").fill(reason);
    await form.getByRole("button", { name: /^Book / }).click();
    await expect(page.getByText(/^Booked: visit with Lena Fischer on /)).toBeVisible();
    const booked = await db.appointment.findFirstOrThrow({ where: { patientId, reason }, select: { id: true, startsAt: true } });

    const ours = page.getByRole("region", { name: "Upcoming visits" }).getByRole("listitem").filter({ hasText: formatDateTimeInZone(booked.startsAt, "America/New_York", "en-US") });
    await ours.getByRole("button", { name: /^Reschedule follow-up visit with Lena Fischer/ }).click();
    await ours.getByLabel("Day").selectOption(inNewYork(chosen));
    const later = ours.locator(`input[type=radio][value="${quarterHourAfter(booked.startsAt)}"]`);
    await expect(later).toHaveCount(1);
    // Where it already is would be no move.
    await expect(ours.locator(`input[type=radio][value="${booked.startsAt.toISOString()}"]`)).toHaveCount(0);
    await later.locator("xpath=..").click();
    await expectNoAxeViolations(page);
    await ours.getByRole("button", { name: /^Move to / }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Moved your follow-up visit with Lena Fischer on / })).toBeVisible();
    const moved = await db.appointment.findUniqueOrThrow({ where: { rescheduledFromId: booked.id }, select: { startsAt: true, status: true } });
    expect(moved).toEqual({ startsAt: new Date(quarterHourAfter(booked.startsAt)), status: "BOOKED" });
  } finally {
    await db.appointment.updateMany({ where: { patientId, reason, status: "BOOKED" }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "End-to-end test over" } });
    await context.close();
  }
});
