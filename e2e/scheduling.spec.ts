import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { readMailbox, type CapturedMail } from "../lib/mail/mailbox";
import { calendarValue, readCalendar, type CalendarProperty } from "../lib/scheduling/testing/ical-reader";
import { formatTimeInZone } from "../lib/scheduling/time-format";
import { localDateOf } from "../lib/scheduling/zoned-time";
import { expectNoAxeViolations } from "./support/axe";
import { showOnlyPhysician } from "./support/calendar";
import { schedulingNow, setBrowserClock } from "./support/clock";
import { connectToE2eDatabase, readE2eServerState } from "./support/server-state";
import { signInAs } from "./support/sign-in";

// A visit followed from booking to cancellation through the screens and the
// patient's mailbox, then the booking API's refusals. Serial: each step acts
// on the visit the one before left behind.
//
// Besides the real clock, CI runs this spec with the scheduling clock
// (E2E_CLOCK) on a July and on a January morning, so what depends on the season
// (New York's zone name) is checked in both.

const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const OKAFOR_EMAIL = "samuel.okafor@demo.clinic";
const OKAFOR = "Samuel Okafor";
const NEW_YORK = "America/New_York";
const REASON = "Blood pressure follow-up";
const DAY_MS = 86_400_000;
/** The week after each E2E_CLOCK that .ci/run sets (a Wednesday), and New York's zone in it. */
const NEXT_WEEK: Record<string, { heading: string; zone: string }> = {
  "2096-07-11T13:00:00Z": { heading: "Week of Monday, July 16, 2096", zone: "EDT" },
  "2097-01-09T14:00:00Z": { heading: "Week of Monday, January 14, 2097", zone: "EST" },
};
const nextWeek = process.env.E2E_CLOCK ? NEXT_WEEK[process.env.E2E_CLOCK] : undefined;

let db: Database;
let mailDir: string;
/** The visit as booked, then as moved (a reschedule makes a new appointment). */
let booked: { id: string; startsAt: Date };
let moved: { id: string; startsAt: Date };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  mailDir = (await readE2eServerState()).mailDir;
});
test.afterAll(() => db.$disconnect());

/** A browser context in New York time, signed in as `email`, with its page. */
async function signedIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ timezoneId: NEW_YORK });
  await setBrowserClock(context);
  const page = await context.newPage();
  await signInAs(page, email);
  return { context, page };
}

/**
 * Waits (the worker polls the job queue every few seconds) for the calendar
 * mail about the booking that began with `firstAppointmentId`, at `sequence`.
 */
async function calendarMail(firstAppointmentId: string, sequence: number): Promise<{ mail: CapturedMail; event: CalendarProperty[] }> {
  let found: { mail: CapturedMail; event: CalendarProperty[] } | undefined;
  await expect
    .poll(
      async () => {
        for (const mail of await readMailbox(mailDir)) {
          for (const attachment of mail.attachments.filter((file) => file.filename.endsWith(".ics"))) {
            const event = readCalendar(attachment.content);
            if (calendarValue(event, "UID")?.startsWith(`${firstAppointmentId}@`) && calendarValue(event, "SEQUENCE") === String(sequence)) {
              found = { mail, event };
              return true;
            }
          }
        }
        return false;
      },
      { message: `calendar mail for ${firstAppointmentId} at SEQUENCE ${sequence}`, timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

/** iCalendar's UTC form of an instant: 20261130T133000Z. */
const icsTime = (instant: Date) => instant.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");

test("a scheduler books a free slot of Dr. Okafor for Alex from the week view, and Alex gets the invitation", async ({ browser }) => {
  const { context, page } = await signedIn(browser, SCHEDULER_EMAIL);
  await expect(page).toHaveURL("/scheduler");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Calendar");
  await page.getByRole("button", { name: "Week", exact: true }).click();
  await showOnlyPhysician(page, OKAFOR);
  await page.getByLabel("Free times for").selectOption({ label: "Standard visit (30 min)" });
  // Next week always has working days ahead, whatever day the tests run on.
  await page.getByRole("button", { name: "Next week" }).click();
  // The browser's zone is the default, and it is named as it is that week (either, on the real clock).
  if (process.env.E2E_CLOCK) {
    expect(nextWeek, `what the week after E2E_CLOCK=${process.env.E2E_CLOCK} looks like`).toBeDefined();
    await expect(page.getByRole("heading", { level: 2, name: nextWeek!.heading })).toBeVisible();
  }
  await expect(page.getByText(nextWeek ? `Times in ${nextWeek.zone} (America/New York).` : /Times in E[SD]T \(America\/New York\)\./)).toBeVisible();
  const freeSlot = page.getByRole("button", { name: new RegExp(`^Book .* with ${OKAFOR} on `) }).first();
  await expect(freeSlot).toBeVisible();
  await expectNoAxeViolations(page);

  const [, slotTime] = /^(\d{1,2}:\d{2} [AP]M)/.exec((await freeSlot.innerText()).trim())!;
  // The keyboard path: focus the free time and press Enter.
  await freeSlot.focus();
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog", { name: "Book a visit" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Find a patient").fill("MRN-000001");
  await dialog.getByRole("button", { name: "Search" }).click();
  await dialog.getByRole("button", { name: "Choose Alex Morgan, MRN-000001" }).click();
  await expect(dialog.getByText("Alex Morgan, born June 14, 1979, MRN-000001")).toBeVisible();
  await expectNoAxeViolations(page);

  await dialog.getByLabel("Reason for the visit").fill(REASON);
  await dialog.getByRole("button", { name: "Book" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: `Booked Alex Morgan with ${OKAFOR}` })).toBeVisible();
  // The new visit takes focus, where the free time was.
  await expect(page.getByRole("button", { name: new RegExp(`^${slotTime} E[SD]T, Alex Morgan`) })).toBeFocused();

  const appointment = await db.appointment.findFirstOrThrow({
    where: { reason: REASON, status: "BOOKED", patient: { user: { email: DEMO_PATIENT_EMAIL } }, physician: { user: { email: OKAFOR_EMAIL } } },
    select: { id: true, startsAt: true, sequence: true },
  });
  expect(formatTimeInZone(appointment.startsAt, NEW_YORK)).toBe(slotTime);
  expect(appointment.sequence).toBe(0);
  booked = appointment;

  const { mail, event } = await calendarMail(booked.id, 0);
  expect(mail.to).toContain(DEMO_PATIENT_EMAIL);
  expect(calendarValue(event, "METHOD")).toBe("REQUEST");
  expect(calendarValue(event, "DTSTART")).toBe(icsTime(booked.startsAt));
  const visitLink = /https?:\/\/\S+\/visit\/[\w.-]+/.exec(mail.text)?.[0];
  expect(visitLink, "the visit link in the invitation").toBeTruthy();

  // The link alone opens the visit, in a browser with nobody signed in.
  const visitor = await browser.newPage();
  await visitor.goto(new URL(visitLink!).pathname);
  await expect(visitor.getByRole("heading", { level: 1, name: "Hello, Alex" })).toBeVisible();
  await expect(visitor.getByRole("heading", { name: `Standard visit with ${OKAFOR}` })).toBeVisible();
  await visitor.close();
  await context.close();
});

/**
 * The visit booked above among Alex's upcoming visits; other specs leave far-future (2099) visits with
 * Dr. Okafor there too, and past ones below.
 */
function bookedVisitCard(page: Page) {
  return page
    .getByRole("region", { name: "Upcoming visits" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: `Standard visit with ${OKAFOR}` }) })
    .filter({ hasNotText: "2099" });
}

test("the visit is on Dr. Okafor's list for that day", async ({ browser }) => {
  const { context, page } = await signedIn(browser, OKAFOR_EMAIL);
  await page.goto(`/physician?date=${localDateOf(booked.startsAt, NEW_YORK)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My day");
  const row = page.getByRole("row").filter({ hasText: "Alex Morgan" }).filter({ hasText: REASON });
  await expect(row).toContainText(`${formatTimeInZone(booked.startsAt, NEW_YORK)} E`);
  await expect(row).toContainText("Standard visit");
  await expect(row).toContainText("Booked");
  await expectNoAxeViolations(page);
  await context.close();
});

test("Alex moves the visit to another free time from her visits page; the new invitation has a higher SEQUENCE", async ({ browser }) => {
  const { context, page } = await signedIn(browser, DEMO_PATIENT_EMAIL);
  await expect(page).toHaveURL("/patient");
  const card = bookedVisitCard(page);
  await expect(card).toContainText(formatTimeInZone(booked.startsAt, NEW_YORK));
  // The room opens 15 minutes before the start; until then the button says when.
  const opensAt = formatTimeInZone(new Date(booked.startsAt.getTime() - 15 * 60_000), NEW_YORK);
  await expect(card.getByText(`Opens at ${opensAt} E`)).toBeVisible();
  await expect(card.getByRole("button", { name: /^Join visit/ })).toHaveAttribute("aria-disabled", "true");
  await expectNoAxeViolations(page);

  await card.getByRole("button", { name: /^Reschedule standard visit/ }).click();
  // Each time is a radio inside the chip that shows it; pressing the chip chooses it.
  const newTime = card.getByRole("radio").first();
  await newTime.locator("xpath=..").click();
  await expect(newTime).toBeChecked();
  await expectNoAxeViolations(page);
  await card.getByRole("button", { name: /^Move to / }).click();
  await expect(page.getByRole("status").filter({ hasText: `Moved your standard visit with ${OKAFOR}` })).toBeVisible();

  moved = await db.appointment.findUniqueOrThrow({ where: { rescheduledFromId: booked.id }, select: { id: true, startsAt: true } });
  expect(await db.appointment.findUniqueOrThrow({ where: { id: moved.id }, select: { sequence: true, status: true } })).toEqual({
    sequence: 1,
    status: "BOOKED",
  });
  await expect(bookedVisitCard(page)).toContainText(formatTimeInZone(moved.startsAt, NEW_YORK));

  // Same UID as the first invitation, so the patient's calendar moves the event it has.
  const { event } = await calendarMail(booked.id, 1);
  expect(calendarValue(event, "METHOD")).toBe("REQUEST");
  expect(calendarValue(event, "DTSTART")).toBe(icsTime(moved.startsAt));
  await context.close();
});

test("Alex cancels the visit, and the cancellation removes it from her calendar", async ({ browser }) => {
  const { context, page } = await signedIn(browser, DEMO_PATIENT_EMAIL);
  const card = bookedVisitCard(page);
  await card.getByRole("button", { name: /^Cancel standard visit/ }).click();
  await card.getByLabel("Reason for cancelling").fill("Feeling better");
  await card.getByRole("button", { name: "Cancel visit" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Cancelled your standard visit with ${OKAFOR}` })).toBeVisible();
  await expect(bookedVisitCard(page)).toHaveCount(0);

  expect(await db.appointment.findUniqueOrThrow({ where: { id: moved.id }, select: { status: true, cancelReason: true } })).toEqual({
    status: "CANCELLED",
    cancelReason: "Feeling better",
  });
  const { event } = await calendarMail(booked.id, 2);
  expect(calendarValue(event, "METHOD")).toBe("CANCEL");
  await context.close();
});

test.describe("the booking API", () => {
  let scheduler: BrowserContext;
  let patient: BrowserContext;
  let api: APIRequestContext;
  let ids: { okafor: string; standardVisit: string; otherPatient: string };

  test.beforeAll(async ({ browser }) => {
    scheduler = (await signedIn(browser, SCHEDULER_EMAIL)).context;
    patient = (await signedIn(browser, DEMO_PATIENT_EMAIL)).context;
    api = scheduler.request;
    const okafor = await db.physician.findFirstOrThrow({ where: { user: { email: OKAFOR_EMAIL } }, select: { id: true } });
    const standardVisit = await db.visitType.findUniqueOrThrow({ where: { code: "STANDARD_30" }, select: { id: true } });
    const otherPatient = await db.patient.findFirstOrThrow({ where: { userId: null }, orderBy: { mrn: "asc" }, select: { id: true } });
    ids = { okafor: okafor.id, standardVisit: standardVisit.id, otherPatient: otherPatient.id };
  });
  test.afterAll(async () => {
    await scheduler.close();
    await patient.close();
  });

  /** Dr. Okafor's first free standard visit at least a week ahead, as the calendar finds it. */
  async function freeStart(): Promise<string> {
    const from = new Date((await schedulingNow()).getTime() + 7 * DAY_MS);
    const query = new URLSearchParams({
      physicianId: ids.okafor,
      visitTypeId: ids.standardVisit,
      from: from.toISOString(),
      to: new Date(from.getTime() + 7 * DAY_MS).toISOString(),
    });
    const response = await api.get(`/api/slots?${query}`);
    expect(response.status()).toBe(200);
    const { physicians } = (await response.json()) as { physicians: Array<{ slots: Array<{ start: string }> }> };
    return physicians[0]!.slots[0]!.start;
  }

  const booking = (change: Record<string, unknown>) => ({
    patientId: ids.otherPatient,
    physicianId: ids.okafor,
    visitTypeId: ids.standardVisit,
    reason: "API check",
    ...change,
  });

  test("refuses bad input with the right status and books nothing", async () => {
    const before = await db.appointment.count();
    const yesterday = new Date((await schedulingNow()).getTime() - DAY_MS);
    yesterday.setUTCMinutes(0, 0, 0);

    const past = await api.post("/api/appointments", { data: booking({ startsAt: yesterday.toISOString() }) });
    expect(past.status()).toBe(422);
    expect(await past.json()).toMatchObject({ code: "IN_THE_PAST" });

    const malformed = await api.post("/api/appointments", { data: booking({ startsAt: "tomorrow at nine" }) });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).issues[0].path).toBe("startsAt");

    const startsAt = await freeStart();
    expect((await api.post("/api/appointments", { data: booking({ startsAt, physicianId: "no-such-physician" }) })).status()).toBe(404);
    expect((await api.post("/api/appointments", { data: booking({ startsAt, patientId: "no-such-patient" }) })).status()).toBe(404);
    expect((await api.post("/api/appointments", { data: booking({ startsAt, extra: "field" }) })).status()).toBe(400);

    // Alex may move her own visits, not anyone else's.
    const foreign = await db.appointment.findFirstOrThrow({
      where: { status: "BOOKED", startsAt: { gt: new Date() }, patient: { userId: null } },
      select: { id: true, startsAt: true, sequence: true, status: true },
    });
    const refused = await patient.request.post(`/api/appointments/${foreign.id}/reschedule`, { data: { startsAt } });
    expect(refused.status()).toBe(403);
    expect(await db.appointment.findUniqueOrThrow({ where: { id: foreign.id }, select: { startsAt: true, sequence: true, status: true } })).toEqual({
      startsAt: foreign.startsAt,
      sequence: foreign.sequence,
      status: foreign.status,
    });

    expect(await db.appointment.count()).toBe(before);
  });

  test("answers a second booking of the same time with 409 and the next free times", async () => {
    const startsAt = await freeStart();
    const first = await api.post("/api/appointments", { data: booking({ startsAt }) });
    expect(first.status()).toBe(201);
    const { appointment } = (await first.json()) as { appointment: { id: string } };

    const second = await api.post("/api/appointments", { data: booking({ startsAt }) });
    expect(second.status()).toBe(409);
    const { error, nextSlots } = (await second.json()) as { error: string; nextSlots: Array<{ start: string; end: string }> };
    expect(error).toBe("That time has just been taken. Please choose another.");
    expect(nextSlots.length).toBeGreaterThan(0);
    for (const slot of nextSlots) expect(Date.parse(slot.start)).toBeGreaterThan(Date.parse(startsAt));
    expect(await db.appointment.count({ where: { physicianId: ids.okafor, startsAt: new Date(startsAt), status: "BOOKED" } })).toBe(1);

    const cancelled = await api.post(`/api/appointments/${appointment.id}/cancel`, { data: { reason: "API check done" } });
    expect(cancelled.status()).toBe(200);
  });
});

test("availability: a scheduler adds and removes a day off for a physician; a physician sees their own hours", async ({ browser }) => {
  const { context, page } = await signedIn(browser, SCHEDULER_EMAIL);
  await page.goto("/scheduler/availability");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Availability");
  await page.getByLabel("Physician").selectOption({ label: `${OKAFOR} (Internal medicine)` });
  await page.getByRole("button", { name: "Show hours" }).click();
  await expect(page.getByText(`${OKAFOR}'s hours, in E`)).toBeVisible();
  await expect(page.getByRole("group", { name: "Monday, hours 1" }).getByLabel("From")).toHaveValue("08:30");
  await expectNoAxeViolations(page);

  await page.getByLabel("Date", { exact: true }).fill("2099-03-02");
  await page.getByLabel("Note (optional)").fill("Training day");
  await page.getByRole("button", { name: "Add change" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Added Monday, March 2, 2099: Day off (Training day).");
  await page.getByRole("button", { name: "Remove the change on Monday, March 2, 2099" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Removed the change on Monday, March 2, 2099; the weekly hours apply again.");
  await context.close();

  const physician = await signedIn(browser, OKAFOR_EMAIL);
  await physician.page.goto("/physician/availability");
  await expect(physician.page.getByRole("heading", { level: 1 })).toHaveText("My availability");
  await expect(physician.page.getByRole("group", { name: "Monday, hours 2" }).getByLabel("Until")).toHaveValue("16:30");
  await expectNoAxeViolations(physician.page);
  await physician.context.close();
});

test("the production build does not serve the caught mail, though the local catcher holds it", async ({ page }) => {
  expect((await readMailbox(mailDir)).some((mail) => mail.subject.startsWith(`Cancelled: your visit with ${OKAFOR}`))).toBe(true);
  const response = await page.goto("/dev/mail");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByText(`Cancelled: your visit with ${OKAFOR}`)).toHaveCount(0);
});
