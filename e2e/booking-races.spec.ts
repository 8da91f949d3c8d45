import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "@playwright/test";
import type { Database } from "../lib/db/prisma";
import { overlappingAppointments } from "../lib/scheduling/testing/overlaps";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";

// Booking races over HTTP against the production build on PostgreSQL: many
// requests at once from one scheduler's session (a scheduler may book for any
// patient), judged afterwards by the rows themselves with one SQL overlap query.
//
// Dr. Okafor (America/New_York, Mon–Fri 08:30–12:00 and 13:00–16:30) in June
// 2097, EDT (UTC−4): far beyond the seeded visits and the days other specs use.
// Standard visits last 30 minutes and hold 5 more; new-patient visits 60 + 10;
// follow-ups 15 + 5. Times below are literals, in UTC.

const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const OKAFOR_EMAIL = "samuel.okafor@demo.clinic";

let db: Database;
let scheduler: BrowserContext;
let api: APIRequestContext;
let okaforId: string;
let visitTypeIds: { standard: string; newPatient: string; followUp: string };
let patientIds: string[];

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  db = await connectToE2eDatabase();
  scheduler = await browser.newContext();
  await signInAs(await scheduler.newPage(), SCHEDULER_EMAIL);
  api = scheduler.request;
  okaforId = (await db.physician.findFirstOrThrow({ where: { user: { email: OKAFOR_EMAIL } }, select: { id: true } })).id;
  const visitTypeId = async (code: string) => (await db.visitType.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
  visitTypeIds = { standard: await visitTypeId("STANDARD_30"), newPatient: await visitTypeId("NEW_PATIENT_60"), followUp: await visitTypeId("FOLLOW_UP_15") };
  // Patients without a portal account: nothing shows up on a signed-in patient's list.
  patientIds = (await db.patient.findMany({ where: { userId: null }, orderBy: { mrn: "asc" }, take: 3, select: { id: true } })).map(({ id }) => id);
});

test.afterAll(async () => {
  await scheduler.close();
  await db.$disconnect();
});

function book(startsAt: string, options: { visitTypeId?: string; patientId?: string } = {}): Promise<APIResponse> {
  return api.post("/api/appointments", {
    data: {
      patientId: options.patientId ?? patientIds[0],
      physicianId: okaforId,
      visitTypeId: options.visitTypeId ?? visitTypeIds.standard,
      startsAt,
      reason: "Booking race",
    },
  });
}

/** Dr. Okafor's live (booked or checked-in) visits starting in [from, to), as UTC strings. */
async function liveStarts(from: string, to: string): Promise<string[]> {
  const rows = await db.appointment.findMany({
    where: { physicianId: okaforId, status: { notIn: ["CANCELLED", "NO_SHOW"] }, startsAt: { gte: new Date(from), lt: new Date(to) } },
    orderBy: { startsAt: "asc" },
    select: { startsAt: true },
  });
  return rows.map(({ startsAt }) => startsAt.toISOString());
}

test("50 simultaneous bookings of one slot: exactly one 201, and 49 409s offering the next free times", async () => {
  const responses = await Promise.all(Array.from({ length: 50 }, () => book("2097-06-03T12:30:00.000Z")));

  const statuses = responses.map((response) => response.status());
  expect(statuses.filter((status) => status === 201)).toHaveLength(1);
  expect(statuses.filter((status) => status === 409)).toHaveLength(49);
  for (const response of responses.filter((each) => each.status() === 409)) {
    const body = (await response.json()) as { code: string; nextSlots: Array<{ start: string }> };
    expect(body.code).toBe("SLOT_TAKEN");
    // 08:30–09:00 EDT holds until 09:05, so 09:00 is not free; then 09:30, 10:00, 10:30 EDT.
    expect(body.nextSlots.map((slot) => slot.start)).toEqual(["2097-06-03T13:30:00.000Z", "2097-06-03T14:00:00.000Z", "2097-06-03T14:30:00.000Z"]);
  }
  expect(await liveStarts("2097-06-03T00:00:00Z", "2097-06-04T00:00:00Z")).toEqual(["2097-06-03T12:30:00.000Z"]);
  expect(await overlappingAppointments(db)).toEqual([]);
});

test("racing bookings of different, overlapping times (buffers included) leave no two of a physician's visits overlapping", async () => {
  // Tuesday afternoon, 13:00–16:30 EDT: every grid start of three visit types, twice each.
  const quarterHours = Array.from({ length: 14 }, (_, index) => new Date(Date.UTC(2097, 5, 4, 17, 15 * index)).toISOString());
  const requests = [
    ...quarterHours.map((startsAt) => ({ startsAt, visitTypeId: visitTypeIds.followUp })),
    ...quarterHours.filter((_, index) => index % 2 === 0).map((startsAt) => ({ startsAt, visitTypeId: visitTypeIds.standard })),
    ...quarterHours.filter((_, index) => index % 4 === 0 && index < 12).map((startsAt) => ({ startsAt, visitTypeId: visitTypeIds.newPatient })),
  ];
  const responses = await Promise.all([...requests, ...requests].map((request) => book(request.startsAt, { visitTypeId: request.visitTypeId })));

  const statuses = responses.map((response) => response.status());
  expect(statuses.filter((status) => status !== 201 && status !== 409), "every answer is a booking or a 409").toEqual([]);
  expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(0);
  expect(await overlappingAppointments(db)).toEqual([]);
});

test("a reschedule racing a booking into the same slot: one wins, the other gets 409 and changes nothing", async () => {
  // Thursday: the visit at 08:30 EDT moves to 10:00 EDT while another patient books 10:00 EDT.
  const first = await book("2097-06-05T12:30:00.000Z", { patientId: patientIds[1] });
  expect(first.status()).toBe(201);
  const { appointment } = (await first.json()) as { appointment: { id: string } };

  const [move, booking] = await Promise.all([
    api.post(`/api/appointments/${appointment.id}/reschedule`, { data: { startsAt: "2097-06-05T14:00:00.000Z" } }),
    book("2097-06-05T14:00:00.000Z", { patientId: patientIds[2] }),
  ]);

  expect([move.status(), booking.status()].sort()).toEqual(move.status() === 200 ? [200, 409] : [201, 409]);
  const thursday = await liveStarts("2097-06-05T00:00:00Z", "2097-06-06T00:00:00Z");
  if (move.status() === 200) {
    expect(thursday).toEqual(["2097-06-05T14:00:00.000Z"]);
  } else {
    // The booking won; the visit stays where it was, still booked.
    expect(thursday).toEqual(["2097-06-05T12:30:00.000Z", "2097-06-05T14:00:00.000Z"]);
    expect(await db.appointment.findUniqueOrThrow({ where: { id: appointment.id }, select: { status: true } })).toEqual({ status: "BOOKED" });
  }
  expect(await overlappingAppointments(db)).toEqual([]);
});
