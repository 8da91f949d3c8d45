import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import { completeTestCheckIn } from "../lib/checkin/testing";
import type { Database } from "../lib/db/prisma";
import { formatTimeInZone } from "../lib/scheduling/time-format";
import { addDays, isoWeekdayOf, localDateOf } from "../lib/scheduling/zoned-time";
import { expectNoAxeViolations } from "./support/axe";
import { showOnlyPhysician } from "./support/calendar";
import { schedulingNow, setBrowserClock } from "./support/clock";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";
import { bookVisitStartingNow } from "./support/visit-now";

// The scheduler's time grid: booking by clicking a free time, moving a visit
// by dragging it and from the keyboard, losing a race to a colleague, status
// arriving without a reload, and the hours of the days the clocks change.
// docs/screenshots/ are taken here (SCREENSHOTS_DIR=docs/screenshots to refresh them).

const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";
const LEE = "Maya Lee";
const NEW_YORK = "America/New_York";
const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR;
const REASON = "Grid: knee pain review";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

async function schedulerPage(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ timezoneId: NEW_YORK });
  await setBrowserClock(context);
  const page = await context.newPage();
  await signInAs(page, SCHEDULER_EMAIL);
  await expect(page.getByRole("heading", { level: 1, name: "Calendar" })).toBeVisible();
  return { page, close: () => context.close() };
}

/** Dr. Lee's column of the day shown. */
const leeColumn = (page: Page) => page.getByRole("region", { name: LEE, exact: true });
/** The visit's button, by its start and patient, as the grid names it. */
const visitButton = (page: Page, startsAt: Date) =>
  leeColumn(page).getByRole("button", { name: new RegExp(`^${formatTimeInZone(startsAt, NEW_YORK)} E[SD]T, Alex Morgan, `) });

// Each test signs in one or two schedulers; a sign-in waits for an unused code step when earlier tests spent both (e2e/support/sign-in.ts).
test.setTimeout(120_000);

test("a scheduler books by clicking a free time, moves the visit by dragging and from the keyboard, and loses a race to a colleague without moving anything", async ({ browser }) => {
  // The colleague signs in meanwhile; they act at the end.
  const [{ page, close }, colleague] = await Promise.all([schedulerPage(browser), schedulerPage(browser)]);
  // A weekday at least two days ahead, when Dr. Lee works.
  let day = addDays(localDateOf(await schedulingNow(), NEW_YORK), 2);
  while (isoWeekdayOf(day) > 5) day = addDays(day, 1);
  await showOnlyPhysician(page, LEE);
  await page.getByLabel("Go to date").fill(day);

  // Book by clicking the first free time.
  const free = leeColumn(page).getByRole("button", { name: new RegExp(`^Book .* with ${LEE} on `) });
  await free.first().click();
  const dialog = page.getByRole("dialog", { name: "Book a visit" });
  await dialog.getByLabel("Find a patient").fill("MRN-000001");
  await dialog.getByRole("button", { name: "Search" }).click();
  await dialog.getByRole("button", { name: "Choose Alex Morgan, MRN-000001" }).click();
  await dialog.getByLabel("Reason for the visit").fill(REASON);
  await dialog.getByRole("button", { name: "Book" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Booked Alex Morgan with ${LEE}` })).toBeVisible();
  const booked = await db.appointment.findFirstOrThrow({ where: { reason: REASON, status: "BOOKED" }, orderBy: { createdAt: "desc" }, select: { id: true, startsAt: true, endsAt: true } });
  const stepMs = booked.endsAt.getTime() - booked.startsAt.getTime();
  await expect(visitButton(page, booked.startsAt)).toBeFocused();

  // Drag it onto the last free time of the day.
  const target = free.last();
  const targetTime = /^(\d{1,2}:\d{2} [AP]M)/.exec(await target.innerText())![1];
  const from = (await visitButton(page, booked.startsAt).boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 5);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 5, { steps: 8 });
  await expect(leeColumn(page).getByText(`To ${targetTime}`)).toBeVisible();
  await page.mouse.up();
  await expect(page.getByRole("status").filter({ hasText: /^Moved Alex Morgan's visit to / })).toBeVisible();
  const dragged = await db.appointment.findFirstOrThrow({ where: { rescheduledFromId: booked.id }, select: { id: true, startsAt: true, status: true } });
  expect([formatTimeInZone(dragged.startsAt, NEW_YORK), dragged.status]).toEqual([targetTime, "BOOKED"]);

  // Back to where it was booked, from the keyboard: M, a step up per half hour, Enter.
  const moved = visitButton(page, dragged.startsAt);
  await expect(moved).toBeFocused();
  await page.keyboard.press("m");
  await expect(page.getByRole("status")).toContainText("Moving to ");
  for (let step = 0; step < (dragged.startsAt.getTime() - booked.startsAt.getTime()) / stepMs; step++) await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("status")).toContainText(`at ${formatTimeInZone(booked.startsAt, NEW_YORK)} E`);
  await expect(leeColumn(page).getByText(`To ${formatTimeInZone(booked.startsAt, NEW_YORK)}`)).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: /^Moved Alex Morgan's visit to / })).toBeVisible();
  const back = await db.appointment.findFirstOrThrow({ where: { rescheduledFromId: dragged.id }, select: { id: true, startsAt: true } });
  expect(back.startsAt).toEqual(booked.startsAt);

  // A colleague cancels it while this grid still shows it: the move is refused in place, and the grid then shows the change.
  const gridReads = (url: URL) => url.pathname === "/api/calendar";
  await page.route(gridReads, (route) => route.abort());
  const cancelled = await colleague.page.request.post(`/api/appointments/${back.id}/cancel`, { data: { reason: "Patient called the clinic" } });
  expect(cancelled.status()).toBe(200);
  await colleague.close();
  await visitButton(page, back.startsAt).focus();
  await page.keyboard.press("m");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByText(/^Could not move Alex Morgan's visit at .*: Only a booked appointment can be moved; this one is cancelled\./)).toBeVisible();
  expect(await db.appointment.count({ where: { rescheduledFromId: back.id } })).toBe(0);
  await page.unroute(gridReads);
  await expect(visitButton(page, back.startsAt)).toHaveCount(0, { timeout: 10_000 });
  await close();
});

test("a patient's check-in and arrival in the waiting room show on the open grid without a reload", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: the grid follows", checkedIn: false });
  const { startsAt } = await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId }, select: { startsAt: true } });
  const { page, close } = await schedulerPage(browser);
  await showOnlyPhysician(page, LEE);
  const entry = visitButton(page, startsAt);
  await expect(entry).toContainText("Booked");
  await expect(leeColumn(page).locator("[data-now-line]")).toHaveCount(1);

  const scheduler = await db.user.findFirstOrThrow({ where: { email: SCHEDULER_EMAIL }, select: { id: true } });
  await completeTestCheckIn(db, { appointmentId: visit.appointmentId, patientId: visit.patientId, publishedById: scheduler.id });
  await expect(entry).toContainText("Checked in", { timeout: 10_000 });
  // What LiveKit's participant_joined webhook records when the patient enters the waiting room.
  await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "CHECKED_IN" } });
  await expect(entry).toContainText("Waiting", { timeout: 10_000 });
  await expect(entry).not.toContainText("Late");
  await expectNoAxeViolations(page);

  if (SCREENSHOTS_DIR) {
    // The clinic's two New York physicians side by side, the grid from its heading down.
    await page.getByRole("group", { name: "Physicians shown" }).getByRole("checkbox", { name: "Samuel Okafor" }).check();
    for (const [width, height] of [[1920, 1080], [1366, 768]] as const) {
      await page.setViewportSize({ width, height });
      await expect(entry).toBeVisible();
      await page.getByRole("heading", { level: 2 }).evaluate((heading) => heading.scrollIntoView());
      await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `scheduler-day-${width}x${height}.png`) });
    }
  }
  await close();
});

test("on the days New York's clocks change, the grid skips the lost hour and shows the repeated one twice", async ({ browser }) => {
  const { page, close } = await schedulerPage(browser);
  await page.getByLabel("Time zone").selectOption(NEW_YORK);
  await page.getByLabel("Go to date").fill("2026-11-01");
  await expect(page.getByRole("heading", { level: 2, name: "Sunday, November 1, 2026" })).toBeVisible();
  await expect(page.getByText("1:00 AM EDT", { exact: true })).toBeVisible();
  await expect(page.getByText("1:00 AM EST", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Go to date").fill("2027-03-14");
  await expect(page.getByRole("heading", { level: 2, name: "Sunday, March 14, 2027" })).toBeVisible();
  await expect(page.getByText("1:00 AM", { exact: true })).toBeVisible();
  await expect(page.getByText("3:00 AM", { exact: true })).toBeVisible();
  await expect(page.getByText("2:00 AM", { exact: true })).toHaveCount(0);

  // The week of the autumn change: the shared hours are the ordinary days'; Sunday's columns label their own, the repeated hour twice.
  await page.getByLabel("Go to date").fill("2026-10-28");
  await page.getByRole("button", { name: "Week", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Week of Monday, October 26, 2026" })).toBeVisible();
  const sunday = page.getByRole("group", { name: "Sun, Nov 1" });
  await expect(sunday.getByText("1:00 AM EST", { exact: true }).first()).toBeAttached();
  await expect(page.getByRole("group", { name: "Sat, Oct 31" }).getByText("1:00 AM EST", { exact: true })).toHaveCount(0);
  await close();
});
