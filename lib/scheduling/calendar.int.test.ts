import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { bookAppointment, cancelAppointment } from "./booking";
import { patientPastVisits, patientUpcoming, physicianDay, schedulerWeek } from "./calendar";
import { anonymous, createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "./testing/clinic";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// Monday 2031-11-03 in New York (EST, UTC−5).
const booked = new Date("2031-11-01T12:00:00Z");

async function clinicWithDay() {
  const physician = await createTestPhysician(db);
  const patient = await createTestPatient(db, { givenName: "Ines", familyName: "Calendar" });
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const visitType = await createTestVisitType(db, { durationMinutes: 30 });
  const book = async (startsAt: string) =>
    (
      await bookAppointment(
        db,
        scheduler,
        { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt, reason: "Check-up" },
        { now: booked },
      )
    ).appointment.id;
  const ids = {
    waiting: await book("2031-11-03T14:00:00Z"),
    inVisit: await book("2031-11-03T14:30:00Z"),
    done: await book("2031-11-03T15:00:00Z"),
    upcoming: await book("2031-11-03T21:30:00Z"),
    cancelled: await book("2031-11-03T16:00:00Z"),
    nextDay: await book("2031-11-04T14:00:00Z"),
  };
  await db.appointment.update({ where: { id: ids.waiting }, data: { status: "CHECKED_IN" } });
  await db.appointment.update({ where: { id: ids.inVisit }, data: { status: "IN_PROGRESS" } });
  await db.appointment.update({ where: { id: ids.done }, data: { status: "COMPLETED" } });
  await cancelAppointment(db, scheduler, { appointmentId: ids.cancelled, reason: "Unwell" }, { now: booked });
  return { physician, patient, scheduler, visitType, ids };
}

describe("the physician's day", () => {
  it("lists their own appointments on that local date, with where each patient is", async () => {
    const { physician, ids } = await clinicWithDay();
    const day = await physicianDay(db, physician.context, { date: "2031-11-03" });
    expect(day.timeZone).toBe("America/New_York");
    expect(day.visits.map(({ id, status, patientName }) => [id, status, patientName])).toEqual([
      [ids.waiting, "waiting", "Ines Calendar"],
      [ids.inVisit, "in-call", "Ines Calendar"],
      [ids.done, "completed", "Ines Calendar"],
      [ids.upcoming, "booked", "Ines Calendar"],
    ]);
  });

  it("is only for physicians, and shows nobody else's appointments", async () => {
    const { scheduler } = await clinicWithDay();
    const colleague = await createTestPhysician(db);
    expect((await physicianDay(db, colleague.context, { date: "2031-11-03" })).visits).toEqual([]);
    await expect(physicianDay(db, scheduler, { date: "2031-11-03" })).rejects.toMatchObject({ status: 403 });
    await expect(physicianDay(db, anonymous, { date: "2031-11-03" })).rejects.toMatchObject({ status: 401 });
    await expect(physicianDay(db, colleague.context, { date: "3 Nov" })).rejects.toMatchObject({ code: "INVALID_DATE" });
  });
});

describe("the physician's day, live", () => {
  it("says who has checked in and who is late, from the database at each read, so a poll sees a check-in made meanwhile", async () => {
    const { physician, patient, ids } = await clinicWithDay();
    // 16:36 EST: the 21:30 UTC visit (16:30) started six minutes ago.
    const sixMinutesIn = new Date("2031-11-03T21:36:00Z");
    const read = async (now: Date) => (await physicianDay(db, physician.context, { date: "2031-11-03" }, { now })).visits.find((visit) => visit.id === ids.upcoming);
    expect(await read(new Date("2031-11-03T21:34:00Z"))).toMatchObject({ status: "booked", late: false });
    expect(await read(sixMinutesIn)).toMatchObject({ status: "booked", late: true });

    await db.visitCheckIn.create({ data: { appointmentId: ids.upcoming, patientId: patient.patientId, completedAt: sixMinutesIn } });
    expect(await read(sixMinutesIn)).toMatchObject({ status: "checked-in", late: true });
    await db.appointment.update({ where: { id: ids.upcoming }, data: { status: "CHECKED_IN" } });
    // In the waiting room: no longer late.
    expect(await read(sixMinutesIn)).toMatchObject({ status: "waiting", late: false });
  });

  it("is audited per visit for its physician; a scheduler and a patient are refused, and the refusal is audited", async () => {
    const { physician, patient, scheduler, ids } = await clinicWithDay();
    await physicianDay(db, physician.context, { date: "2031-11-03" });
    expect(await db.auditEvent.count({ where: { action: "appointment.read", resourceId: { in: [ids.waiting, ids.upcoming] }, outcome: "ALLOWED", actorId: physician.userId } })).toBe(2);
    for (const refused of [scheduler, patient.context]) {
      await expect(physicianDay(db, refused, { date: "2031-11-03" })).rejects.toMatchObject({ status: 403 });
      const actorId = refused.actor.kind === "user" ? refused.actor.userId : "";
      expect(await db.auditEvent.count({ where: { action: "appointment.read", resourceType: "physician", outcome: "DENIED", actorId } })).toBe(1);
    }
  });
});

describe("the scheduler's week", () => {
  it("shows every physician's appointments with patient names and statuses, leaving cancelled ones out", async () => {
    const { scheduler, physician, ids } = await clinicWithDay();
    const week = await schedulerWeek(db, scheduler, { from: "2031-11-03T00:00:00Z", to: "2031-11-10T00:00:00Z" });
    const mine = week.filter((appointment) => appointment.physicianId === physician.physicianId);
    expect(mine.map(({ id, status }) => [id, status])).toEqual([
      [ids.waiting, "CHECKED_IN"],
      [ids.inVisit, "IN_PROGRESS"],
      [ids.done, "COMPLETED"],
      [ids.upcoming, "BOOKED"],
      [ids.nextDay, "BOOKED"],
    ]);
    expect(mine[0]).toMatchObject({ patientName: "Ines Calendar", physicianName: physician.name, visitTypeName: "Standard visit" });
  });

  it("writes one audit event per patient shown, with the patient's id, and none for patients not shown", async () => {
    const { scheduler, patient, physician } = await clinicWithDay();
    const second = await createTestPatient(db, { givenName: "Otto", familyName: "Calendar" });
    const visitType = await createTestVisitType(db, { durationMinutes: 30 });
    await bookAppointment(
      db,
      scheduler,
      { patientId: second.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt: "2031-11-05T14:00:00Z", reason: "Check-up" },
      { now: booked },
    );
    const notShown = await createTestPatient(db);
    const schedulerId = scheduler.actor.kind === "user" ? scheduler.actor.userId : "";
    const since = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;

    await schedulerWeek(db, scheduler, { from: "2031-11-03T00:00:00Z", to: "2031-11-10T00:00:00Z" });
    const events = await db.auditEvent.findMany({
      where: { id: { gt: since }, actorId: schedulerId, patientId: { in: [patient.patientId, second.patientId, notShown.patientId] } },
      select: { action: true, patientId: true, resourceType: true, resourceId: true, outcome: true },
    });
    // Ines has five visits that week, Otto one: each is named once.
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([patient.patientId, second.patientId].map((patientId) => ({
        action: "appointment.read",
        patientId,
        resourceType: "patient",
        resourceId: patientId,
        outcome: "ALLOWED",
      }))),
    );
  });

  it("rates each booked visit's no-show risk with the factors that raised it, and none once a visit is under way", async () => {
    const { scheduler, physician, visitType, ids } = await clinicWithDay();
    const nora = await createTestPatient(db, { givenName: "Nora", familyName: "Calendar" });
    const bookedById = scheduler.actor.kind === "user" ? scheduler.actor.userId : "";
    const appointment = (startsAt: string, createdAt: string, status: "BOOKED" | "NO_SHOW" | "COMPLETED") =>
      db.appointment.create({
        data: {
          patientId: nora.patientId,
          physicianId: physician.physicianId,
          visitTypeId: visitType.id,
          bookedById,
          startsAt: new Date(startsAt),
          endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
          status,
          reason: "Check-up",
          createdAt: new Date(createdAt),
        },
      });
    // A no-show in September; a visit booked 46 days ahead, and none completed before it (one after it does not count).
    await appointment("2031-09-01T14:00:00Z", "2031-08-25T12:00:00Z", "NO_SHOW");
    const risky = await appointment("2031-11-05T15:00:00Z", "2031-09-20T15:00:00Z", "BOOKED");
    await appointment("2031-11-06T15:00:00Z", "2031-11-01T12:00:00Z", "COMPLETED");
    await db.appointment.update({ where: { id: ids.nextDay }, data: { createdAt: booked } });

    const week = await schedulerWeek(db, scheduler, { from: "2031-11-03T00:00:00Z", to: "2031-11-10T00:00:00Z" });
    const risk = new Map(week.map((each) => [each.id, each.noShowRisk]));
    expect(risk.get(risky.id)).toEqual({
      tier: "high",
      factors: ["a no-show in the last 12 months", "booked 46 days ahead (over 4 weeks)", "first visit with the clinic"],
    });
    // Ines completed a visit the day before, booked three days ahead, never missed one.
    expect(risk.get(ids.nextDay)).toEqual({ tier: "low", factors: [] });
    expect([ids.waiting, ids.inVisit, ids.done].map((id) => risk.get(id))).toEqual([null, null, null]);
  });

  it("is refused to patients and physicians, and to ranges over 31 days", async () => {
    const { scheduler, patient, physician } = await clinicWithDay();
    const week = { from: "2031-11-03T00:00:00Z", to: "2031-11-10T00:00:00Z" };
    await expect(schedulerWeek(db, patient.context, week)).rejects.toMatchObject({ status: 403 });
    await expect(schedulerWeek(db, physician.context, week)).rejects.toMatchObject({ status: 403 });
    await expect(schedulerWeek(db, scheduler, { from: week.from, to: "2031-12-05T00:00:00Z" })).rejects.toMatchObject({
      code: "RANGE_TOO_LONG",
    });
  });
});

describe("the patient's upcoming visits", () => {
  it("lists their visits still ahead or under way, even one running late, with when the link opens", async () => {
    const { patient, ids } = await clinicWithDay();
    // The checked-in visit was due to end at 14:30; the patient is still waiting for it.
    const upcoming = await patientUpcoming(db, patient.context, { now: new Date("2031-11-03T14:40:00Z") });
    expect(upcoming.map(({ id }) => id)).toEqual([ids.waiting, ids.inVisit, ids.upcoming, ids.nextDay]);
    expect(upcoming[2]).toMatchObject({
      startsAt: new Date("2031-11-03T21:30:00Z"),
      joinOpensAt: new Date("2031-11-03T21:15:00Z"),
      timeZone: "America/Chicago",
    });
  });

  it("is only the signed-in patient's own", async () => {
    const { scheduler } = await clinicWithDay();
    const stranger = await createTestPatient(db);
    expect(await patientUpcoming(db, stranger.context, { now: booked })).toEqual([]);
    await expect(patientUpcoming(db, scheduler)).rejects.toMatchObject({ status: 403 });
  });
});

describe("the patient's past visits", () => {
  it("lists only their own visits that started before now, newest first", async () => {
    const { patient, ids } = await clinicWithDay();
    const stranger = await createTestPatient(db);
    const past = await patientPastVisits(db, patient.context, { now: new Date("2031-11-03T16:30:00Z") });
    expect(past.map(({ appointmentId, status }) => [appointmentId, status])).toEqual([
      [ids.cancelled, "CANCELLED"],
      [ids.done, "COMPLETED"],
      [ids.inVisit, "IN_PROGRESS"],
      [ids.waiting, "CHECKED_IN"],
    ]);
    expect(past[1]).toMatchObject({ visitTypeName: "Standard visit", patientTimeZone: "America/Chicago" });
    expect(await patientPastVisits(db, stranger.context, { now: new Date("2031-11-03T16:30:00Z") })).toEqual([]);
  });
});
