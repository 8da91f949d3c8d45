import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { asAppError } from "@/lib/http/route-errors";
import { schedulerDaySheet, weekAppointmentsCsv } from "./front-desk-sheets";
import { anonymous, createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "./testing/clinic";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// The week of Monday 2033-03-07: New York springs forward on Sunday the 13th.
async function clinicWithWeek() {
  const scheduler = await createTestStaff(db, "SCHEDULER");
  // Each clinic's physicians are named apart, since the export lists every physician's week.
  const tag = randomUUID().slice(0, 8);
  const newYork = await createTestPhysician(db, { timeZone: "America/New_York", name: `Dr. Ada York ${tag}` });
  const berlin = await createTestPhysician(db, { timeZone: "Europe/Berlin", name: `Dr. Bea Berlin ${tag}` });
  const ines = await createTestPatient(db, { givenName: "Ines", familyName: "Sheet" });
  const otto = await createTestPatient(db, { givenName: "=Otto", familyName: "Formula" });
  const visitType = await createTestVisitType(db, { durationMinutes: 30 });
  const bookedById = scheduler.actor.kind === "user" ? scheduler.actor.userId : "";
  const appointment = (physicianId: string, patientId: string, startsAt: string, status: "BOOKED" | "CHECKED_IN" | "IN_PROGRESS" | "CANCELLED" = "BOOKED") =>
    db.appointment.create({
      data: {
        patientId,
        physicianId,
        visitTypeId: visitType.id,
        bookedById,
        startsAt: new Date(startsAt),
        endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
        status,
        reason: "Blood pressure review",
      },
      select: { id: true },
    });
  const ids = {
    // 10:00 EST on Friday, 10:00 EDT on Sunday: one wall time, two offsets.
    friday: (await appointment(newYork.physicianId, ines.patientId, "2033-03-11T15:00:00Z")).id,
    sunday: (await appointment(newYork.physicianId, otto.patientId, "2033-03-13T14:00:00Z", "IN_PROGRESS")).id,
    cancelled: (await appointment(newYork.physicianId, ines.patientId, "2033-03-11T16:00:00Z", "CANCELLED")).id,
    // Monday 09:00 in Berlin; the Sunday before the week in New York is not in it.
    berlinMonday: (await appointment(berlin.physicianId, ines.patientId, "2033-03-07T08:00:00Z", "CHECKED_IN")).id,
    weekBefore: (await appointment(newYork.physicianId, ines.patientId, "2033-03-06T15:00:00Z")).id,
  };
  await db.visitCheckIn.create({ data: { appointmentId: ids.friday, patientId: ines.patientId, completedAt: new Date("2033-03-11T14:50:00Z") } });
  return { scheduler, newYork, berlin, ines, otto, ids };
}

const lines = (csv: string) => csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
const userIdOf = (context: RequestContext) => (context.actor.kind === "user" ? context.actor.userId : null);
const latestEventId = async () => (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;

/** An administrator, a physician and a patient get 403, a visitor 401: each refusal one DENIED event of the clinic-wide read, and no patient's. */
async function expectRefusedToAllButSchedulers(
  { newYork, ines }: Awaited<ReturnType<typeof clinicWithWeek>>,
  read: (context: RequestContext) => Promise<unknown>,
) {
  const admin = await createTestStaff(db, "ADMIN");
  for (const [context, status] of [
    [admin, 403],
    [newYork.context, 403],
    [ines.context, 403],
    [anonymous, 401],
  ] as const) {
    const since = await latestEventId();
    await expect(read(context)).rejects.toMatchObject({ status });
    const events = await db.auditEvent.findMany({ where: { id: { gt: since }, action: "appointment.read" }, select: { outcome: true, patientId: true } });
    expect(events).toEqual([{ outcome: "DENIED", patientId: null }]);
  }
}

describe("the week's CSV export", () => {
  it("lists the week's visits in the chosen zone, the zone named per visit across the DST change, formulas neutralised", async () => {
    const { scheduler, newYork } = await clinicWithWeek();
    const exported = await weekAppointmentsCsv(db, scheduler, { week: "2033-03-10", timeZone: "America/New_York", physicianId: newYork.physicianId });
    expect(exported.fileName).toBe("appointments-week-of-2033-03-07.csv");
    expect(exported.rowCount).toBe(2);
    expect(lines(exported.csv)).toEqual([
      "date,start,end,time_zone,physician,patient,visit_type,reason,status",
      `2033-03-11,10:00,10:30,America/New_York (EST),${newYork.name},Ines Sheet,Standard visit,Blood pressure review,Checked in`,
      `2033-03-13,10:00,10:30,America/New_York (EDT),${newYork.name},'=Otto Formula,Standard visit,Blood pressure review,In the call`,
    ]);
  });

  it("covers every physician when none is chosen, each visit in the chosen zone", async () => {
    const { scheduler, newYork, berlin } = await clinicWithWeek();
    const exported = await weekAppointmentsCsv(db, scheduler, { week: "2033-03-07", timeZone: "Europe/Berlin" });
    const mine = lines(exported.csv).filter((line) => line.includes(newYork.name) || line.includes(berlin.name));
    expect(mine).toEqual([
      `2033-03-07,09:00,09:30,Europe/Berlin (GMT+1),${berlin.name},Ines Sheet,Standard visit,Blood pressure review,Waiting`,
      `2033-03-11,16:00,16:30,Europe/Berlin (GMT+1),${newYork.name},Ines Sheet,Standard visit,Blood pressure review,Checked in`,
      `2033-03-13,15:00,15:30,Europe/Berlin (GMT+1),${newYork.name},'=Otto Formula,Standard visit,Blood pressure review,In the call`,
    ]);
  });

  it("is audited as the calendar's read: the week asked for, and one event per patient listed", async () => {
    const { scheduler, newYork, ines, otto } = await clinicWithWeek();
    const since = await latestEventId();
    await weekAppointmentsCsv(db, scheduler, { week: "2033-03-07", timeZone: "America/New_York", physicianId: newYork.physicianId });
    const events = await db.auditEvent.findMany({
      where: { id: { gt: since }, actorId: userIdOf(scheduler) },
      select: { action: true, resourceType: true, patientId: true, outcome: true, reason: true },
      orderBy: { id: "asc" },
    });
    expect(events[0]).toEqual({
      action: "appointment.read",
      resourceType: "clinic",
      patientId: null,
      outcome: "ALLOWED",
      reason: `week export 2033-03-07 America/New_York physician ${newYork.physicianId}`,
    });
    expect(events.slice(1).map((event) => event.patientId).sort()).toEqual([ines.patientId, otto.patientId].sort());
  });

  it("is refused to everyone but schedulers, audited, with nothing read", async () => {
    await expectRefusedToAllButSchedulers(await clinicWithWeek(), (context) =>
      weekAppointmentsCsv(db, context, { week: "2033-03-07", timeZone: "America/New_York" }),
    );
  });

  it("answers a bad week, zone or physician with a 4xx and a clear message, writing nothing", async () => {
    const { scheduler } = await clinicWithWeek();
    const since = await latestEventId();
    for (const [query, status, message] of [
      [{ week: "2033-02-30", timeZone: "UTC" }, 400, /like 2026-12-07/],
      [{ week: "2033-03-07", timeZone: "Nowhere/Land" }, 400, /not a time zone/],
      [{ week: "2033-03-07", timeZone: "UTC", physicianId: "../etc" }, 400, /letters, digits/],
    ] as const) {
      const refusal = asAppError(await weekAppointmentsCsv(db, scheduler, query).catch((error: unknown) => error));
      expect(refusal?.status).toBe(status);
      expect(JSON.stringify(refusal?.body())).toMatch(message);
    }
    expect(await db.auditEvent.count({ where: { id: { gt: since }, actorId: userIdOf(scheduler) } })).toBe(0);
    await expect(weekAppointmentsCsv(db, scheduler, { week: "2033-03-07", timeZone: "UTC", physicianId: "no-such-physician" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("the day sheet", () => {
  it("gives each chosen physician's day in their own zone, status in words, cancelled visits left out", async () => {
    const { scheduler, newYork, berlin, ids } = await clinicWithWeek();
    const sheet = await schedulerDaySheet(db, scheduler, { date: "2033-03-11", physicianIds: [newYork.physicianId, berlin.physicianId] });
    expect(sheet.map(({ name, timeZone, date }) => ({ name, timeZone, date }))).toEqual([
      { name: newYork.name, timeZone: "America/New_York", date: "2033-03-11" },
      { name: berlin.name, timeZone: "Europe/Berlin", date: "2033-03-11" },
    ]);
    expect(sheet[0]!.visits.map(({ id, patientName, reason, status }) => ({ id, patientName, reason, status }))).toEqual([
      { id: ids.friday, patientName: "Ines Sheet", reason: "Blood pressure review", status: "Checked in" },
    ]);
    expect(sheet[1]!.visits).toEqual([]);
    // Nothing clinical rides along: the sheet's visits carry only what the calendar shows.
    expect(Object.keys(sheet[0]!.visits[0]!).sort()).toEqual(["endsAt", "id", "patientName", "physicianId", "reason", "startsAt", "status", "visitTypeName"]);
  });

  it("is refused to everyone but schedulers, audited; an unknown physician is a 404", async () => {
    const clinic = await clinicWithWeek();
    await expectRefusedToAllButSchedulers(clinic, (context) => schedulerDaySheet(db, context, { date: "2033-03-11" }));
    const { scheduler } = clinic;
    await expect(schedulerDaySheet(db, scheduler, { date: "2033-03-11", physicianIds: ["cm-no-such-physician"] })).rejects.toMatchObject({ status: 404 });
  });
});
