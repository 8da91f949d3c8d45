import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { createTestPhysician } from "../lib/scheduling/testing/clinic";
import { overlappingAppointments } from "../lib/scheduling/testing/overlaps";
import { setBrowserClock } from "./support/clock";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";

// Booking, moving and reminders across the clock changes of 2098 (beyond any
// clock the suite runs under) in five zones: New York and Berlin (spring
// forward in March, on different Sundays), Sydney (southern hemisphere: back in
// April, forward in October), Lord Howe (a 30-minute change) and Kolkata
// (+05:30, no change). Each zone has a physician working 01:00–18:00 every day (ISO weekdays 1–7),
// so the hour that is skipped or repeated falls inside working hours.
// Every expected time is a literal, worked out by hand from the zone's rules,
// never by the app's own formatter.

const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const EVERY_DAY_ONE_TO_SIX = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 60, endMinute: 1080 }));

interface ZoneCase {
  zone: string;
  /** Local midnight of the day the clocks go forward, and its first free standard-visit starts from 01:00. */
  forward: { dayStart: string; slots: string[] };
  /** Local midnight of the day the clocks go back, and its first free standard-visit starts from 01:00. */
  back: { dayStart: string; slots: string[] };
  /** 09:00 on the day before the change, and 09:00 on the day of it, where the visit moves. */
  nineTheDayBefore: string;
  nineOnTheDay: string;
  /** The reminders of the moved visit: 24 hours and 15 minutes before it, whatever the wall clock did. */
  reminders: [string, string];
  /** A wall time the clocks show twice on the day they go back: two instants, both bookable. */
  twice?: [string, string];
}

const ZONES: ZoneCase[] = [
  {
    zone: "America/New_York",
    // Sunday 9 March: 02:00 EST becomes 03:00 EDT.
    forward: { dayStart: "2098-03-09T05:00:00.000Z", slots: ["2098-03-09T06:00:00.000Z", "2098-03-09T06:30:00.000Z", "2098-03-09T07:00:00.000Z", "2098-03-09T07:30:00.000Z"] },
    // Sunday 2 November: 02:00 EDT becomes 01:00 EST; 01:00 and 01:30 come twice.
    back: { dayStart: "2098-11-02T04:00:00.000Z", slots: ["2098-11-02T05:00:00.000Z", "2098-11-02T05:30:00.000Z", "2098-11-02T06:00:00.000Z", "2098-11-02T06:30:00.000Z"] },
    nineTheDayBefore: "2098-03-08T14:00:00.000Z",
    nineOnTheDay: "2098-03-09T13:00:00.000Z",
    reminders: ["2098-03-08T13:00:00.000Z", "2098-03-09T12:45:00.000Z"],
    twice: ["2098-11-02T05:30:00.000Z", "2098-11-02T06:30:00.000Z"],
  },
  {
    zone: "Europe/Berlin",
    // Sunday 30 March: 02:00 CET becomes 03:00 CEST.
    forward: { dayStart: "2098-03-29T23:00:00.000Z", slots: ["2098-03-30T00:00:00.000Z", "2098-03-30T00:30:00.000Z", "2098-03-30T01:00:00.000Z", "2098-03-30T01:30:00.000Z"] },
    // Sunday 26 October: 03:00 CEST becomes 02:00 CET; 02:00 and 02:30 come twice.
    back: {
      dayStart: "2098-10-25T22:00:00.000Z",
      slots: ["2098-10-25T23:00:00.000Z", "2098-10-25T23:30:00.000Z", "2098-10-26T00:00:00.000Z", "2098-10-26T00:30:00.000Z", "2098-10-26T01:00:00.000Z"],
    },
    nineTheDayBefore: "2098-03-29T08:00:00.000Z",
    nineOnTheDay: "2098-03-30T07:00:00.000Z",
    reminders: ["2098-03-29T07:00:00.000Z", "2098-03-30T06:45:00.000Z"],
    twice: ["2098-10-26T00:30:00.000Z", "2098-10-26T01:30:00.000Z"],
  },
  {
    zone: "Australia/Sydney",
    // Sunday 5 October: 02:00 AEST (+10) becomes 03:00 AEDT (+11).
    forward: { dayStart: "2098-10-04T14:00:00.000Z", slots: ["2098-10-04T15:00:00.000Z", "2098-10-04T15:30:00.000Z", "2098-10-04T16:00:00.000Z", "2098-10-04T16:30:00.000Z"] },
    // Sunday 6 April: 03:00 AEDT becomes 02:00 AEST; 02:00 and 02:30 come twice.
    back: {
      dayStart: "2098-04-05T13:00:00.000Z",
      slots: ["2098-04-05T14:00:00.000Z", "2098-04-05T14:30:00.000Z", "2098-04-05T15:00:00.000Z", "2098-04-05T15:30:00.000Z", "2098-04-05T16:00:00.000Z"],
    },
    nineTheDayBefore: "2098-10-03T23:00:00.000Z",
    nineOnTheDay: "2098-10-04T22:00:00.000Z",
    reminders: ["2098-10-03T22:00:00.000Z", "2098-10-04T21:45:00.000Z"],
    twice: ["2098-04-05T15:30:00.000Z", "2098-04-05T16:30:00.000Z"],
  },
  {
    zone: "Australia/Lord_Howe",
    // Sunday 5 October: 02:00 (+10:30) becomes 02:30 (+11), half an hour skipped.
    forward: { dayStart: "2098-10-04T13:30:00.000Z", slots: ["2098-10-04T14:30:00.000Z", "2098-10-04T15:00:00.000Z", "2098-10-04T15:30:00.000Z", "2098-10-04T16:00:00.000Z"] },
    // Sunday 6 April: 02:00 (+11) becomes 01:30 (+10:30); 01:30 comes twice.
    back: { dayStart: "2098-04-05T13:00:00.000Z", slots: ["2098-04-05T14:00:00.000Z", "2098-04-05T14:30:00.000Z", "2098-04-05T15:00:00.000Z", "2098-04-05T15:30:00.000Z"] },
    nineTheDayBefore: "2098-10-03T22:30:00.000Z",
    nineOnTheDay: "2098-10-04T22:00:00.000Z",
    reminders: ["2098-10-03T22:00:00.000Z", "2098-10-04T21:45:00.000Z"],
    twice: ["2098-04-05T14:30:00.000Z", "2098-04-05T15:00:00.000Z"],
  },
  {
    zone: "Asia/Kolkata",
    // No change: New York's days are ordinary days here, half-hour offset and all.
    forward: { dayStart: "2098-03-08T18:30:00.000Z", slots: ["2098-03-08T19:30:00.000Z", "2098-03-08T20:00:00.000Z", "2098-03-08T20:30:00.000Z", "2098-03-08T21:00:00.000Z"] },
    back: { dayStart: "2098-11-01T18:30:00.000Z", slots: ["2098-11-01T19:30:00.000Z", "2098-11-01T20:00:00.000Z", "2098-11-01T20:30:00.000Z", "2098-11-01T21:00:00.000Z"] },
    nineTheDayBefore: "2098-03-08T03:30:00.000Z",
    nineOnTheDay: "2098-03-09T03:30:00.000Z",
    reminders: ["2098-03-08T03:30:00.000Z", "2098-03-09T03:15:00.000Z"],
  },
];

let db: Database;
let scheduler: BrowserContext;
let api: APIRequestContext;
let alexId: string;
let visitTypeIds: { standard: string; followUp: string };
const physicianIds = new Map<string, string>();

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  db = await connectToE2eDatabase();
  scheduler = await browser.newContext();
  await signInAs(await scheduler.newPage(), SCHEDULER_EMAIL);
  api = scheduler.request;
  alexId = (await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true } })).id;
  const visitTypeId = async (code: string) => (await db.visitType.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
  visitTypeIds = { standard: await visitTypeId("STANDARD_30"), followUp: await visitTypeId("FOLLOW_UP_15") };
  for (const { zone } of ZONES) {
    const physician = await createTestPhysician(db, { timeZone: zone, windows: EVERY_DAY_ONE_TO_SIX, name: `Dr. ${zone.split("/")[1]!.replace("_", " ")} Clockwise` });
    physicianIds.set(zone, physician.physicianId);
  }
});

test.afterAll(async () => {
  // Other specs list every active physician and Alex's upcoming visits.
  const physicianId = { in: [...physicianIds.values()] };
  await db.appointment.updateMany({ where: { physicianId, status: "BOOKED" }, data: { status: "CANCELLED", cancelReason: "DST test done" } });
  await db.user.updateMany({ where: { physician: { id: physicianId } }, data: { disabledAt: new Date() } });
  await scheduler.close();
  await db.$disconnect();
});

async function freeStarts(zone: string, dayStart: string, count: number): Promise<string[]> {
  const query = new URLSearchParams({
    physicianId: physicianIds.get(zone)!,
    visitTypeId: visitTypeIds.standard,
    from: dayStart,
    to: new Date(Date.parse(dayStart) + 6 * 3_600_000).toISOString(),
  });
  const response = await api.get(`/api/slots?${query}`);
  expect(response.status()).toBe(200);
  const { physicians } = (await response.json()) as { physicians: Array<{ slots: Array<{ start: string }> }> };
  return physicians[0]!.slots.slice(0, count).map((slot) => slot.start);
}

async function book(zone: string, startsAt: string, visitTypeId = visitTypeIds.standard) {
  return api.post("/api/appointments", {
    data: { patientId: alexId, physicianId: physicianIds.get(zone)!, visitTypeId, startsAt, reason: "Clock change check" },
  });
}

async function reminderTimes(appointmentId: string): Promise<string[]> {
  const jobs = await db.job.findMany({
    where: { kind: "appointment.reminder", payload: { path: ["appointmentId"], equals: appointmentId } },
    orderBy: { runAt: "asc" },
    select: { runAt: true },
  });
  return jobs.map(({ runAt }) => runAt.toISOString());
}

for (const zoneCase of ZONES) {
  test(`${zoneCase.zone}: free times skip or repeat the changed hour, a visit moves across the change, and its reminders fall due 24 hours and 15 minutes before it`, async () => {
    const { zone } = zoneCase;
    expect(await freeStarts(zone, zoneCase.forward.dayStart, zoneCase.forward.slots.length)).toEqual(zoneCase.forward.slots);
    expect(await freeStarts(zone, zoneCase.back.dayStart, zoneCase.back.slots.length)).toEqual(zoneCase.back.slots);

    const booked = await book(zone, zoneCase.nineTheDayBefore);
    expect(booked.status()).toBe(201);
    const { appointment } = (await booked.json()) as { appointment: { id: string } };
    const moved = await api.post(`/api/appointments/${appointment.id}/reschedule`, { data: { startsAt: zoneCase.nineOnTheDay } });
    expect(moved.status()).toBe(200);
    const { appointment: successor } = (await moved.json()) as { appointment: { id: string; startsAt: string; endsAt: string } };
    expect(successor.startsAt).toBe(zoneCase.nineOnTheDay);
    expect(Date.parse(successor.endsAt) - Date.parse(successor.startsAt)).toBe(30 * 60_000);
    expect(await reminderTimes(successor.id)).toEqual(zoneCase.reminders);

    if (zoneCase.twice) {
      // The same wall time, once before and once after the clocks go back: two different visits.
      for (const startsAt of zoneCase.twice) expect((await book(zone, startsAt, visitTypeIds.followUp)).status()).toBe(201);
    }
    expect(await overlappingAppointments(db)).toEqual([]);
  });
}

test("Alex, in New York, books Lord Howe's repeated half hour through the browser and moves the visit to the day before; both show in her zone", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  const page = await context.newPage();
  await signInAs(page, DEMO_PATIENT_EMAIL);
  // Then a few days before Lord Howe's clocks go back, so its change night is among the free times offered.
  await setBrowserClock(context, new Date("2098-04-01T12:00:00.000Z"));
  await page.goto("/patient");

  const form = page.getByRole("form", { name: "Book a visit" });
  // The menus wait until the page is interactive (a choice made before would be lost).
  await form.getByLabel("Physician").selectOption(physicianIds.get("Australia/Lord_Howe")!);
  await form.getByLabel("Visit type").selectOption(visitTypeIds.followUp);
  await expect(form.getByLabel("Physician")).toHaveValue(physicianIds.get("Australia/Lord_Howe")!);
  // 01:30 at +10:30, after Lord Howe's clocks went back from 02:00 (+11) on Sunday 6 April, is
  // 15:00 UTC on Saturday 5 April, 11:00 EDT. (01:30 at +11, the first time round, is 10:30 EDT;
  // the test above has booked both 01:30s of the follow-up grid, so neither is offered now.)
  await form.getByLabel("Day").selectOption("2098-04-05");
  await expect(form.getByRole("group", { name: /^Time on Saturday, April 5, 2098, in EDT \(America\/New York\)$/ })).toBeVisible();
  await expect(form.getByRole("radio", { name: "10:30 AM EDT" })).toHaveCount(0);
  await expect(form.getByRole("radio", { name: "11:00 AM EDT" })).toHaveCount(0);
  await form.getByRole("radio", { name: "11:30 AM EDT" }).locator("xpath=..").click();
  await form.getByLabel("Reason for the visit").fill("Clock change, booked in the browser");
  await form.getByRole("button", { name: /^Book / }).click();
  await expect(page.getByRole("status").filter({ hasText: "Booked: visit with Dr. Lord Howe Clockwise" })).toBeVisible();

  const booked = await db.appointment.findFirstOrThrow({
    where: { patientId: alexId, reason: "Clock change, booked in the browser", status: "BOOKED" },
    select: { id: true, startsAt: true },
  });
  // 11:30 EDT is 15:30 UTC: 02:00 at +10:30 in Lord Howe.
  expect(booked.startsAt.toISOString()).toBe("2098-04-05T15:30:00.000Z");
  expect(await reminderTimes(booked.id)).toEqual(["2098-04-04T15:30:00.000Z", "2098-04-05T15:15:00.000Z"]);

  // Alex's list is in her zone, New York: Lord Howe's 01:30 twice (booked above), then the new visit.
  const lordHoweVisits = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Follow-up visit with Dr. Lord Howe Clockwise" }) });
  const visitAt = (text: string) => lordHoweVisits.filter({ hasText: text });
  await expect(visitAt("Saturday, April 5, 2098 at 10:30 AM EDT")).toHaveCount(1);
  await expect(visitAt("Saturday, April 5, 2098 at 11:00 AM EDT")).toHaveCount(1);
  const card = visitAt("Saturday, April 5, 2098 at 11:30 AM EDT");
  await expect(card).toHaveCount(1);
  await card.getByRole("button", { name: /^Reschedule follow-up visit/ }).click();
  await card.getByLabel("Day").selectOption("2098-04-04");
  // 11:30 EDT on Friday 4 April is 15:30 UTC, 02:30 on Saturday at +11 in Lord Howe, before the change.
  await card.getByRole("radio", { name: "11:30 AM EDT" }).locator("xpath=..").click();
  await card.getByRole("button", { name: /^Move to / }).click();
  await expect(page.getByRole("status").filter({ hasText: "Moved your follow-up visit with Dr. Lord Howe Clockwise" })).toBeVisible();

  const moved = await db.appointment.findUniqueOrThrow({ where: { rescheduledFromId: booked.id }, select: { id: true, startsAt: true } });
  expect(moved.startsAt.toISOString()).toBe("2098-04-04T15:30:00.000Z");
  expect(await reminderTimes(moved.id)).toEqual(["2098-04-03T15:30:00.000Z", "2098-04-04T15:15:00.000Z"]);
  await expect(visitAt("Friday, April 4, 2098 at 11:30 AM EDT")).toHaveCount(1);
  await expect(visitAt("Saturday, April 5, 2098 at 11:30 AM EDT")).toHaveCount(0);
  await context.close();
});
