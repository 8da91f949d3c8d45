import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { completeTestCheckIn } from "../lib/checkin/testing";
import type { Database } from "../lib/db/prisma";
import { overlappingAppointments } from "../lib/scheduling/testing/overlaps";
import { expectNoAxeViolations } from "./support/axe";
import { schedulingNow } from "./support/clock";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";

// The physician's day follows the clinic without a reload (its list polls
// GET /api/physician/day), and schedulers move visits across physicians over
// HTTP as the time grid does: the target must offer the visit type, and of two
// moves of one visit at once exactly one wins, the other told where it is now.

const OKAFOR_EMAIL = "samuel.okafor@demo.clinic";
const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const MINUTE_MS = 60_000;

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

/** A patient of this test's own, without a portal account. */
async function testPatient(givenName: string, familyName: string) {
  return db.patient.create({
    data: { mrn: `LIVE-${randomUUID().slice(0, 8)}`, givenName, familyName, dateOfBirth: new Date("1981-02-03T00:00:00Z"), sex: "UNKNOWN", timeZone: "America/New_York" },
    select: { id: true },
  });
}

/**
 * A standard visit with `physicianId` that started six or more minutes ago on
 * the scheduling clock, so its patient counts as late: the first start from
 * six to twenty-four minutes ago that the physician's calendar leaves free,
 * after clearing booked visits around now if none is.
 */
async function bookStartedSixMinutesAgo(physicianId: string, patientId: string) {
  const [visitType, scheduler] = await Promise.all([
    db.visitType.findUniqueOrThrow({ where: { code: "STANDARD_30" }, select: { id: true, durationMinutes: true } }),
    db.user.findFirstOrThrow({ where: { email: SCHEDULER_EMAIL }, select: { id: true } }),
  ]);
  const now = (await schedulingNow()).getTime();
  const tryStarts = async () => {
    for (let minutesAgo = 6; minutesAgo <= 24; minutesAgo++) {
      const startsAt = new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS - minutesAgo * MINUTE_MS);
      const data = { patientId, physicianId, visitTypeId: visitType.id, startsAt, endsAt: new Date(startsAt.getTime() + visitType.durationMinutes * MINUTE_MS), reason: "Live day check", bookedById: scheduler.id };
      const created = await db.appointment.create({ data, select: { id: true, startsAt: true } }).catch((error: unknown) => {
        if (String(error).includes("Appointment_physician_no_overlap")) return null;
        throw error;
      });
      if (created) return created;
    }
    return null;
  };
  const booked = await tryStarts();
  if (booked) return { ...booked, bookedById: scheduler.id };
  await db.appointment.updateMany({
    where: { physicianId, status: { in: ["BOOKED", "CHECKED_IN", "IN_PROGRESS"] }, startsAt: { lt: new Date(now + 30 * MINUTE_MS) }, blockedUntil: { gt: new Date(now - 40 * MINUTE_MS) } },
    data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "Making room for an end-to-end test visit" },
  });
  const retried = await tryStarts();
  if (!retried) throw new Error("Dr. Okafor has no free start six to twenty-four minutes ago");
  return { ...retried, bookedById: scheduler.id };
}

test("the physician's day shows a late patient, then their check-in, without a reload, and says so once", async ({ browser }) => {
  const okafor = await db.physician.findFirstOrThrow({ where: { user: { email: OKAFOR_EMAIL } }, select: { id: true, timeZone: true } });
  const patient = await testPatient("Jamie", "Latecomer");
  const visit = await bookStartedSixMinutesAgo(okafor.id, patient.id);
  const localDate = new Intl.DateTimeFormat("en-CA", { timeZone: okafor.timeZone }).format(visit.startsAt);

  const context = await browser.newContext({ timezoneId: okafor.timeZone });
  const page = await context.newPage();
  await signInAs(page, OKAFOR_EMAIL);
  await page.goto(`/physician?date=${localDate}`);
  const row = page.getByRole("row", { name: /Jamie Latecomer/ });
  // Rendered by the server: the first reading is there at once, late already.
  await expect(row.getByText("Booked", { exact: true })).toBeVisible();
  await expect(row.getByText("Late", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // The patient finishes the check-in before the waiting room (the same row the check-in page writes).
  await completeTestCheckIn(db, { appointmentId: visit.id, patientId: patient.id, publishedById: visit.bookedById });
  await expect(row.getByText("Checked in", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(row.getByText("Late", { exact: true })).toBeVisible();
  await expect(page.getByRole("status", { name: "Changes to your visits" })).toHaveText("Jamie Latecomer has checked in.");
  await context.close();
});

test("a scheduler moves visits across physicians over HTTP: to one who offers the type, not to one who does not, and of two moves at once one wins", async ({ browser }) => {
  const context = await browser.newContext();
  await signInAs(await context.newPage(), SCHEDULER_EMAIL);
  const api = context.request;
  const physicianId = async (email: string) => (await db.physician.findFirstOrThrow({ where: { user: { email } }, select: { id: true } })).id;
  const [fischer, lee] = await Promise.all([physicianId("lena.fischer@demo.clinic"), physicianId("maya.lee@demo.clinic")]);
  const visitTypeId = async (code: string) => (await db.visitType.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
  const patient = await testPatient("Morgan", "Mover");
  // Tuesday 2097-07-02, far beyond the seeded visits: Dr. Fischer works 08:00–12:00 CEST (06:00–10:00 UTC),
  // Dr. Lee 09:00–12:00 EDT (13:00–16:00 UTC). Dr. Lee does not offer new patient visits (the demo seed).
  const book = async (startsAt: string, code: string) => {
    const response = await api.post("/api/appointments", {
      data: { patientId: patient.id, physicianId: fischer, visitTypeId: await visitTypeId(code), startsAt, reason: "Moved across physicians" },
    });
    expect(response.status()).toBe(201);
    return ((await response.json()) as { appointment: { id: string } }).appointment.id;
  };
  const move = (appointmentId: string, startsAt: string, toPhysicianId?: string) =>
    api.post(`/api/appointments/${appointmentId}/reschedule`, { data: { startsAt, ...(toPhysicianId ? { physicianId: toPhysicianId } : {}) } });

  const standard = await book("2097-07-02T06:00:00.000Z", "STANDARD_30");
  const moved = await move(standard, "2097-07-02T13:00:00.000Z", lee);
  expect(moved.status()).toBe(200);
  expect((await moved.json()).appointment).toMatchObject({ physicianId: lee, startsAt: "2097-07-02T13:00:00.000Z", status: "BOOKED", rescheduledFromId: standard });
  expect(await db.appointment.findUniqueOrThrow({ where: { id: standard }, select: { status: true, cancelReason: true } })).toEqual({ status: "CANCELLED", cancelReason: "Rescheduled" });

  const newPatient = await book("2097-07-02T07:00:00.000Z", "NEW_PATIENT_60");
  const refused = await move(newPatient, "2097-07-02T14:00:00.000Z", lee);
  expect(refused.status()).toBe(422);
  expect(await refused.json()).toMatchObject({ code: "VISIT_TYPE_NOT_OFFERED", error: "Maya Lee does not offer the new patient visit. Choose a physician who does, or another visit type." });
  expect(await db.appointment.findUniqueOrThrow({ where: { id: newPatient }, select: { status: true, physicianId: true } })).toEqual({ status: "BOOKED", physicianId: fischer });

  // 08:30 UTC: the new patient visit holds 07:00–08:10 with its buffer.
  const contested = await book("2097-07-02T08:30:00.000Z", "STANDARD_30");
  const [mine, theirs] = await Promise.all([move(contested, "2097-07-02T09:00:00.000Z"), move(contested, "2097-07-02T15:00:00.000Z", lee)]);
  expect([mine.status(), theirs.status()].sort()).toEqual([200, 409]);
  const [winner, loser] = mine.status() === 200 ? [mine, theirs] : [theirs, mine];
  const won = ((await winner.json()) as { appointment: { id: string; startsAt: string; physicianId: string } }).appointment;
  expect(await loser.json()).toMatchObject({
    code: "CHANGED_MEANWHILE",
    error: "This visit was moved or cancelled by someone else meanwhile.",
    current: { id: won.id, status: "BOOKED", startsAt: won.startsAt, physicianId: won.physicianId },
  });
  // The one moved to Dr. Lee, the new patient visit left with Dr. Fischer, and the contested one where the winner put it.
  expect(await db.appointment.count({ where: { patientId: patient.id, status: "BOOKED" } })).toBe(3);
  expect(await overlappingAppointments(db)).toEqual([]);
  await context.close();
});
