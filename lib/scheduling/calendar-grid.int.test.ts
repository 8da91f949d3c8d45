import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { bookAppointment } from "./booking";
import { calendarGrid, calendarGridQuery } from "./calendar-grid";
import { anonymous, createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "./testing/clinic";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// Monday 2032-11-15 in New York (EST, UTC−5).
const BOOKED_AT = new Date("2032-10-20T12:00:00Z");
const DAY = { from: "2032-11-15T05:00:00Z", to: "2032-11-16T05:00:00Z" };
/** 9:10 on the day, New York time: the 9:00 visit's patient is late, the 9:30 one not yet due. */
const NOW = new Date("2032-11-15T14:10:00Z");

async function clinicDay() {
  const physician = await createTestPhysician(db);
  const colleague = await createTestPhysician(db);
  const patient = await createTestPatient(db, { givenName: "Greta", familyName: "Grid" });
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const visitType = await createTestVisitType(db, { durationMinutes: 30, bufferMinutes: 10 });
  const book = async (startsAt: string) =>
    (await bookAppointment(db, scheduler, { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt, reason: "Check-up" }, { now: BOOKED_AT }))
      .appointment.id;
  const late = await book("2032-11-15T14:00:00Z");
  const checkedIn = await book("2032-11-15T15:00:00Z");
  const waiting = await book("2032-11-15T16:00:00Z");
  await db.visitCheckIn.create({ data: { appointmentId: checkedIn, patientId: patient.patientId, completedAt: NOW } });
  await db.appointment.update({ where: { id: waiting }, data: { status: "CHECKED_IN" } });
  return { physician, colleague, patient, scheduler, visitType, ids: { late, checkedIn, waiting } };
}

describe("the scheduler's time grid", () => {
  it("gives each chosen physician's hours, free times and visits with their front-desk status, the late one marked", async () => {
    const { physician, scheduler, visitType, ids } = await clinicDay();
    const grid = await calendarGrid(db, scheduler, { ...DAY, visitTypeId: visitType.id, physicianIds: [physician.physicianId] }, { now: NOW });
    expect(grid.physicians).toHaveLength(1);
    const [day] = grid.physicians;
    expect(day!.workingSpans).toEqual([{ start: new Date("2032-11-15T14:00:00Z"), end: new Date("2032-11-15T22:00:00Z") }]);
    expect(day!.appointments.map(({ id, visitStatus, late, blockedUntil, visitTypeId }) => ({ id, visitStatus, late, blockedUntil, visitTypeId }))).toEqual([
      { id: ids.late, visitStatus: "booked", late: true, blockedUntil: new Date("2032-11-15T14:40:00Z"), visitTypeId: visitType.id },
      { id: ids.checkedIn, visitStatus: "checked-in", late: false, blockedUntil: new Date("2032-11-15T15:40:00Z"), visitTypeId: visitType.id },
      { id: ids.waiting, visitStatus: "waiting", late: false, blockedUntil: new Date("2032-11-15T16:40:00Z"), visitTypeId: visitType.id },
    ]);
    // Free times: on the visit type's grid, clear of visits and their buffers (14:30 would run into the 15:00 visit).
    expect(day!.freeSlots.slice(0, 2).map((slot) => slot.start.toISOString())).toEqual(["2032-11-15T17:00:00.000Z", "2032-11-15T17:30:00.000Z"]);
  });

  it("audits each patient shown and each physician's hours read", async () => {
    const { physician, patient, scheduler, visitType } = await clinicDay();
    const since = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    await calendarGrid(db, scheduler, { ...DAY, visitTypeId: visitType.id, physicianIds: [physician.physicianId] }, { now: NOW });
    const events = await db.auditEvent.findMany({ where: { id: { gt: since }, actorId: scheduler.actor.kind === "user" ? scheduler.actor.userId : "" }, select: { action: true, resourceType: true, resourceId: true, outcome: true } });
    expect(events).toEqual(
      expect.arrayContaining([
        { action: "appointment.read", resourceType: "patient", resourceId: patient.patientId, outcome: "ALLOWED" },
        { action: "availability.read", resourceType: "physician", resourceId: physician.physicianId, outcome: "ALLOWED" },
      ]),
    );
  });

  it("is the scheduler's: a physician, an administrator, a patient and nobody signed in are refused, and the refusal is audited", async () => {
    const { physician, patient, visitType } = await clinicDay();
    const admin = await createTestStaff(db, "ADMIN");
    const input = { ...DAY, visitTypeId: visitType.id };
    await expect(calendarGrid(db, physician.context, input, { now: NOW })).rejects.toMatchObject({ status: 403 });
    await expect(calendarGrid(db, admin, input, { now: NOW })).rejects.toMatchObject({ status: 403 });
    await expect(calendarGrid(db, patient.context, input, { now: NOW })).rejects.toMatchObject({ status: 403 });
    await expect(calendarGrid(db, anonymous, input, { now: NOW })).rejects.toMatchObject({ status: 401 });
    const adminId = admin.actor.kind === "user" ? admin.actor.userId : "";
    expect(await db.auditEvent.count({ where: { actorId: adminId, action: "appointment.read", outcome: "DENIED" } })).toBe(1);
  });

  it("refuses a bad query and changes nothing: a backwards or overlong range, an unknown physician or visit type, malformed ids", async () => {
    const { scheduler, visitType } = await clinicDay();
    const before = await db.appointment.count();
    await expect(calendarGrid(db, scheduler, { from: DAY.to, to: DAY.from, visitTypeId: visitType.id })).rejects.toMatchObject({ code: "INVALID_RANGE" });
    await expect(calendarGrid(db, scheduler, { from: DAY.from, to: "2033-01-01T00:00:00Z", visitTypeId: visitType.id })).rejects.toMatchObject({ code: "RANGE_TOO_LONG" });
    await expect(calendarGrid(db, scheduler, { ...DAY, visitTypeId: "no-such-type" })).rejects.toMatchObject({ code: "UNKNOWN_VISIT_TYPE" });
    await expect(calendarGrid(db, scheduler, { ...DAY, visitTypeId: visitType.id, physicianIds: ["no-such-physician"] })).rejects.toMatchObject({ status: 404 });
    expect(calendarGridQuery.safeParse({ ...DAY, visitTypeId: visitType.id, physicianIds: "a,b c" }).success).toBe(false);
    expect(calendarGridQuery.safeParse({ ...DAY, visitTypeId: visitType.id, extra: "1" }).success).toBe(false);
    expect(calendarGridQuery.safeParse({ ...DAY, visitTypeId: visitType.id, physicianIds: Array.from({ length: 41 }, (_, i) => `p${i}`).join(",") }).success).toBe(false);
    expect(calendarGridQuery.parse({ ...DAY, visitTypeId: visitType.id, physicianIds: "a,b" }).physicianIds).toEqual(["a", "b"]);
    expect(await db.appointment.count()).toBe(before);
  });
});
