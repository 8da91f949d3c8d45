import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { replaceOfferedVisitTypes } from "./availability";
import { bookAppointment, cancelAppointment, findFreeTimesToMove, rescheduleAppointment } from "./booking";
import { calendarGrid } from "./calendar-grid";
import { listPhysicianDirectory } from "./directory";
import { createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "./testing/clinic";

// What a physician offers decides what can be chosen for them: the directory
// the booking forms read lists only those types, the scheduler's grid has no
// free times for another type, and the server refuses a booking of one
// (patients included) with nothing changed. Taking a type away keeps the
// visits already booked with it and says how many, and those visits can still
// be moved to the physician's free times, by the patient too.

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// Monday 2033-03-07 in New York (EST, UTC−5): office hours 09:00–17:00 are 14:00–22:00 UTC.
const NOW = new Date("2033-03-01T12:00:00Z");
const at = (time: string) => new Date(`2033-03-07T${time}:00Z`);

async function clinic() {
  const physician = await createTestPhysician(db);
  const patient = await createTestPatient(db);
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const admin = await createTestStaff(db, "ADMIN");
  const otherPatient = await createTestPatient(db);
  const kept = await createTestVisitType(db, { durationMinutes: 30, name: "Standard visit" });
  const removed = await createTestVisitType(db, { durationMinutes: 60, name: "Long consultation" });
  const book = async (visitTypeId: string, startsAt: Date, context = scheduler) =>
    bookAppointment(db, context, { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId, startsAt, reason: "Knee pain" }, { now: NOW });
  return { physician, patient, otherPatient, scheduler, admin, kept, removed, book };
}

describe("the visit types a physician offers", () => {
  it("are the only ones the booking forms list for them, the only ones with free times on the grid, and the only ones the server books", async () => {
    const { physician, patient, admin, kept, removed, book } = await clinic();
    await replaceOfferedVisitTypes(db, admin, physician.physicianId, { visitTypeIds: [kept.id] }, { now: NOW });

    const entry = (await listPhysicianDirectory()).find((listed) => listed.id === physician.physicianId);
    expect(entry?.visitTypeIds).toEqual([kept.id]);

    const day = { from: at("05:00"), to: new Date("2033-03-08T05:00:00Z"), physicianIds: [physician.physicianId] };
    const [notOffered] = (await calendarGrid(db, await createTestStaff(db, "SCHEDULER"), { ...day, visitTypeId: removed.id }, { now: NOW })).physicians;
    expect(notOffered).toMatchObject({ physicianId: physician.physicianId, freeSlots: [] });
    const [offered] = (await calendarGrid(db, await createTestStaff(db, "SCHEDULER"), { ...day, visitTypeId: kept.id }, { now: NOW })).physicians;
    expect(offered!.freeSlots.length).toBeGreaterThan(0);

    // The patient booking for themselves, as the portal's form posts it.
    const before = await db.appointment.count({ where: { patientId: patient.patientId } });
    await expect(book(removed.id, at("15:00"), patient.context)).rejects.toMatchObject({
      status: 422,
      code: "VISIT_TYPE_NOT_OFFERED",
      message: `${physician.name} does not offer the long consultation. Choose a physician who does, or another visit type.`,
    });
    expect(await db.appointment.count({ where: { patientId: patient.patientId } })).toBe(before);
    expect((await book(kept.id, at("15:00"), patient.context)).appointment).toMatchObject({ visitTypeId: kept.id, status: "BOOKED" });
  });

  it("can lose a type that still has booked visits ahead: they are kept, and the answer and the audit say how many", async () => {
    const { physician, scheduler, admin, kept, removed, book } = await clinic();
    const ahead = [(await book(removed.id, at("14:00"))).appointment.id, (await book(removed.id, at("16:00"))).appointment.id];
    const cancelled = (await book(removed.id, at("18:00"))).appointment.id;
    await cancelAppointment(db, scheduler, { appointmentId: cancelled, reason: "Patient request" }, { now: NOW });
    await book(kept.id, at("20:00"));

    const change = await replaceOfferedVisitTypes(db, admin, physician.physicianId, { visitTypeIds: [kept.id] }, { now: NOW });

    expect(change).toEqual({ visitTypeIds: [kept.id], keptBookedVisits: 2 });
    const stillBooked = await db.appointment.findMany({ where: { id: { in: ahead } }, select: { status: true, visitTypeId: true } });
    expect(stillBooked).toEqual([
      { status: "BOOKED", visitTypeId: removed.id },
      { status: "BOOKED", visitTypeId: removed.id },
    ]);
    const audit = await db.auditEvent.findFirst({
      where: { action: "visitTypes.offer", resourceId: physician.physicianId, outcome: "ALLOWED" },
      orderBy: { id: "desc" },
    });
    expect(audit?.reason).toMatch(/^offers TEST-.*; keeps 2 booked visits of types no longer offered$/);

    // Once those visits lie in the past they are no longer counted.
    const later = await replaceOfferedVisitTypes(db, admin, physician.physicianId, { visitTypeIds: [kept.id] }, { now: at("23:00") });
    expect(later.keptBookedVisits).toBe(0);
  });

  it("keeps a booked visit movable after its type is taken away, or retired clinic-wide: its free times, as the patient asks for them, and the move", async () => {
    const { physician, patient, admin, kept, removed, book } = await clinic();
    const { appointment } = await book(removed.id, at("14:00"));
    await replaceOfferedVisitTypes(db, admin, physician.physicianId, { visitTypeIds: [kept.id] }, { now: NOW });
    await db.visitType.update({ where: { id: removed.id }, data: { isActive: false } });
    const day = { from: at("14:00"), to: at("22:00") };

    const [times] = await findFreeTimesToMove(db, patient.context, { appointmentId: appointment.id, ...day }, { now: NOW });
    // The long consultation's hour, on the hour, around the visit itself.
    expect(times?.physicianId).toBe(physician.physicianId);
    expect(times?.slots.map((slot) => slot.start)).toEqual(["15:00", "16:00", "17:00", "18:00", "19:00", "20:00", "21:00"].map((time) => at(time).toISOString()));
    const audit = await db.auditEvent.findFirst({ where: { action: "appointment.write", resourceId: appointment.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ outcome: "ALLOWED", actorRole: "PATIENT", patientId: patient.patientId, reason: "free times to move the visit to" });

    const moved = await rescheduleAppointment(db, patient.context, { appointmentId: appointment.id, startsAt: at("16:00") }, { now: NOW });
    expect(moved.appointment).toMatchObject({ physicianId: physician.physicianId, visitTypeId: removed.id, startsAt: at("16:00"), status: "BOOKED" });
  });

  it("answers the free times to move a visit to only to whoever may move it, and only while it is booked", async () => {
    const { patient, otherPatient, scheduler, removed, book } = await clinic();
    const { appointment } = await book(removed.id, at("14:00"));
    const day = { from: at("14:00"), to: at("22:00") };

    await expect(findFreeTimesToMove(db, otherPatient.context, { appointmentId: appointment.id, ...day }, { now: NOW })).rejects.toMatchObject({ status: 403 });
    await expect(findFreeTimesToMove(db, patient.context, { appointmentId: crypto.randomUUID(), ...day }, { now: NOW })).rejects.toMatchObject({ status: 404 });
    await expect(findFreeTimesToMove(db, patient.context, { appointmentId: appointment.id, from: day.to, to: day.from }, { now: NOW })).rejects.toMatchObject({
      status: 422,
      code: "INVALID_RANGE",
    });
    await cancelAppointment(db, scheduler, { appointmentId: appointment.id, reason: "Patient request" }, { now: NOW });
    await expect(findFreeTimesToMove(db, patient.context, { appointmentId: appointment.id, ...day }, { now: NOW })).rejects.toMatchObject({
      status: 422,
      code: "NOT_CHANGEABLE",
    });
  });
});
