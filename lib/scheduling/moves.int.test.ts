import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { getAvailability, replaceOfferedVisitTypes } from "./availability";
import { bookAppointment, cancelAppointment, findFreeTimesToMove, rescheduleAppointment } from "./booking";
import { ChangedMeanwhileError, SchedulingError, SlotTakenError } from "./errors";
import { findFreeSlots } from "./slot-search";
import { overlappingAppointments } from "./testing/overlaps";
import { createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "./testing/clinic";

// Moving a visit to another time of another physician, as the scheduler's grid
// does by dragging: the target's rules (hours, grid, the past, the visit types
// they offer) with nothing changed on a refusal; a time held only by another
// visit's buffer named as such; two people moving one visit at once, and two
// visits crossing between two physicians at once.

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// Monday 2031-03-03 in New York (EST, UTC−5): office hours 09:00–17:00 are 14:00–22:00 UTC.
const now = new Date("2031-03-01T12:00:00Z");
const at = (time: string) => new Date(`2031-03-03T${time}:00Z`);

async function clinic(options: { bufferMinutes?: number } = {}) {
  const from = await createTestPhysician(db, { name: `Dr. From ${randomUUID().slice(0, 6)}` });
  const to = await createTestPhysician(db, { name: `Dr. To ${randomUUID().slice(0, 6)}` });
  const patient = await createTestPatient(db);
  const otherPatient = await createTestPatient(db);
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const visitType = await createTestVisitType(db, { durationMinutes: 30, bufferMinutes: options.bufferMinutes ?? 0, name: "Long consultation" });
  const book = async (physicianId: string, startsAt: Date, patientId = patient.patientId) =>
    (await bookAppointment(db, scheduler, { patientId, physicianId, visitTypeId: visitType.id, startsAt, reason: "Knee pain" }, { now })).appointment;
  return { from, to, patient, otherPatient, scheduler, visitType, book };
}

/** Every row either physician's calendar has, to prove a refusal changed nothing. */
const calendarsOf = (...physicianIds: string[]) =>
  db.appointment.findMany({ where: { physicianId: { in: physicianIds } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("moving a visit to another physician", () => {
  it("cancels the old one as rescheduled and books the same visit with the target, who gets it on their calendar; the patient is invited again", async () => {
    const { from, to, patient, scheduler, visitType, book } = await clinic();
    const original = await book(from.physicianId, at("14:00"));

    const { appointment, notificationsQueued } = await rescheduleAppointment(
      db,
      scheduler,
      { appointmentId: original.id, startsAt: at("15:00"), physicianId: to.physicianId },
      { now },
    );

    expect(appointment).toMatchObject({
      physicianId: to.physicianId,
      patientId: patient.patientId,
      visitTypeId: visitType.id,
      startsAt: at("15:00"),
      status: "BOOKED",
      sequence: 1,
      rescheduledFromId: original.id,
    });
    expect(await db.appointment.findUniqueOrThrow({ where: { id: original.id } })).toMatchObject({ status: "CANCELLED", cancelReason: "Rescheduled" });
    expect(await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({ reason: "Knee pain" });
    expect(notificationsQueued).toBe(true);
    const jobs = await db.job.findMany({ where: { payload: { path: ["appointmentId"], equals: appointment.id } }, select: { kind: true } });
    expect(jobs.map((job) => job.kind)).toContain("appointment.invitation");
    expect(await db.visitLink.count({ where: { appointmentId: original.id, revokedAt: null } })).toBe(0);
    // The move is authorized (and audited) as the new appointment with the target physician.
    expect(await db.auditEvent.count({ where: { action: "appointment.write", resourceId: appointment.id, outcome: "ALLOWED" } })).toBe(1);
  });

  it("refuses, changing nothing, a time in the past, outside the target's hours, off their grid, or with a type they do not offer", async () => {
    const { from, to, scheduler, visitType, book } = await clinic();
    const original = await book(from.physicianId, at("14:00"));
    const move = (startsAt: Date, moveNow = now) =>
      rescheduleAppointment(db, scheduler, { appointmentId: original.id, startsAt, physicianId: to.physicianId }, { now: moveNow });
    const before = await calendarsOf(from.physicianId, to.physicianId);

    await expect(move(at("15:00"), at("16:00"))).rejects.toMatchObject({ status: 422, code: "IN_THE_PAST" });
    // 07:00 in New York.
    await expect(move(at("12:00"))).rejects.toMatchObject({ status: 422, code: "OUTSIDE_AVAILABILITY" });
    await expect(move(at("15:10"))).rejects.toMatchObject({ status: 422, code: "OFF_GRID" });
    await db.physicianVisitType.delete({ where: { physicianId_visitTypeId: { physicianId: to.physicianId, visitTypeId: visitType.id } } });
    const notOffered = await move(at("15:00")).catch((error: unknown) => error);
    expect(notOffered).toBeInstanceOf(SchedulingError);
    expect(notOffered).toMatchObject({ status: 422, code: "VISIT_TYPE_NOT_OFFERED" });
    expect((notOffered as Error).message).toBe(`${to.name} does not offer the long consultation. Choose a physician who does, or another visit type.`);

    expect(await calendarsOf(from.physicianId, to.physicianId)).toEqual(before);
    expect(await db.visitLink.count({ where: { appointmentId: original.id, revokedAt: null } })).toBe(1);
  });

  it("refuses a time that only the buffer after another visit holds, saying so, and changes nothing", async () => {
    const { from, to, otherPatient, scheduler, book } = await clinic({ bufferMinutes: 10 });
    const original = await book(from.physicianId, at("14:00"));
    // The target's 15:00 visit holds 15:00–15:40: 15:30 overlaps only its buffer.
    await book(to.physicianId, at("15:00"), otherPatient.patientId);
    const before = await calendarsOf(from.physicianId, to.physicianId);

    const refusal = await rescheduleAppointment(db, scheduler, { appointmentId: original.id, startsAt: at("15:30"), physicianId: to.physicianId }, { now }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(SlotTakenError);
    expect(refusal).toMatchObject({ status: 409, code: "SLOT_TAKEN" });
    expect((refusal as SlotTakenError).message).toMatch(/falls in the buffer after another visit/);
    expect((refusal as SlotTakenError).nextSlots.map((slot) => slot.start.toISOString())[0]).toBe("2031-03-03T16:00:00.000Z");
    expect(await calendarsOf(from.physicianId, to.physicianId)).toEqual(before);

    // The visit's own time is simply taken.
    const taken = await rescheduleAppointment(db, scheduler, { appointmentId: original.id, startsAt: at("15:00"), physicianId: to.physicianId }, { now }).catch(
      (error: unknown) => error,
    );
    expect((taken as SlotTakenError).message).toBe("That time has just been taken. Please choose another.");
  });

  it("refuses an unknown physician (404, audited) and a physician's own move of a visit (403), changing nothing", async () => {
    const { from, to, book } = await clinic();
    const original = await book(from.physicianId, at("14:00"));
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const before = await calendarsOf(from.physicianId, to.physicianId);
    const missing = "cm0000000000000movetonone";
    await expect(
      rescheduleAppointment(db, scheduler, { appointmentId: original.id, startsAt: at("15:00"), physicianId: missing }, { now }),
    ).rejects.toBeInstanceOf(ResourceNotFoundError);
    expect(await db.auditEvent.count({ where: { resourceId: missing, outcome: "DENIED", action: "appointment.write" } })).toBe(1);
    await expect(
      rescheduleAppointment(db, to.context, { appointmentId: original.id, startsAt: at("15:00"), physicianId: to.physicianId }, { now }),
    ).rejects.toBeInstanceOf(AccessDeniedError);
    expect(await calendarsOf(from.physicianId, to.physicianId)).toEqual(before);
  });
});

describe("two people moving one visit at once", () => {
  it("lets exactly one move win; the other is told where the visit is now, and no two live visits overlap", async () => {
    const { from, to, scheduler, book } = await clinic({ bufferMinutes: 10 });
    const colleague = await createTestStaff(db, "SCHEDULER");
    const original = await book(from.physicianId, at("14:00"));

    const [first, second] = await Promise.allSettled([
      rescheduleAppointment(db, scheduler, { appointmentId: original.id, startsAt: at("16:00"), physicianId: to.physicianId }, { now }),
      rescheduleAppointment(db, colleague, { appointmentId: original.id, startsAt: at("17:00") }, { now }),
    ]);

    expect([first.status, second.status].sort()).toEqual(["fulfilled", "rejected"]);
    const winner = first.status === "fulfilled" ? first.value : second.status === "fulfilled" ? second.value : undefined;
    const loser = first.status === "rejected" ? first.reason : second.status === "rejected" ? second.reason : undefined;
    expect(loser).toBeInstanceOf(ChangedMeanwhileError);
    expect(loser).toMatchObject({ status: 409, code: "CHANGED_MEANWHILE", message: "This visit was moved or cancelled by someone else meanwhile." });
    expect((loser as ChangedMeanwhileError).body()).toMatchObject({
      current: { id: winner!.appointment.id, status: "BOOKED", startsAt: winner!.appointment.startsAt, physicianId: winner!.appointment.physicianId },
    });
    const live = await db.appointment.findMany({ where: { patientId: original.patientId, status: "BOOKED" } });
    expect(live.map((appointment) => appointment.id)).toEqual([winner!.appointment.id]);
    expect(await overlappingAppointments(db)).toEqual([]);
  });

  it("tells a later mover of a visit moved already where it is now (409), and a mover of a cancelled visit that it cannot be moved (422)", async () => {
    const { from, scheduler, book } = await clinic();
    const original = await book(from.physicianId, at("14:00"));
    const moved = await rescheduleAppointment(db, scheduler, { appointmentId: original.id, startsAt: at("15:00") }, { now });
    const movedAgain = await rescheduleAppointment(db, scheduler, { appointmentId: moved.appointment.id, startsAt: at("16:00") }, { now });
    await expect(rescheduleAppointment(db, scheduler, { appointmentId: original.id, startsAt: at("17:00") }, { now })).rejects.toMatchObject({
      code: "CHANGED_MEANWHILE",
      current: { id: movedAgain.appointment.id, startsAt: at("16:00"), status: "BOOKED" },
    });

    const cancelled = await book(from.physicianId, at("18:00"));
    await cancelAppointment(db, scheduler, { appointmentId: cancelled.id, reason: "Feeling better" }, { now });
    await expect(rescheduleAppointment(db, scheduler, { appointmentId: cancelled.id, startsAt: at("19:00") }, { now })).rejects.toMatchObject({
      status: 422,
      code: "NOT_CHANGEABLE",
    });
  });
});

describe("moving a visit into its own time", () => {
  it("offers the times the visit itself holds, but not where it already is, and moves it there", async () => {
    const { from, patient, otherPatient, book } = await clinic({ bufferMinutes: 10 });
    // 14:00 holds 14:00–14:40 with its buffer, so 14:30 is taken for anyone else, not for this visit.
    const original = await book(from.physicianId, at("14:00"));
    await book(from.physicianId, at("16:00"), otherPatient.patientId);
    const range = { from: at("14:00"), to: at("16:30") };

    const [times] = await findFreeTimesToMove(db, patient.context, { appointmentId: original.id, ...range }, { now });
    expect(times!.slots.map((slot) => slot.start)).toEqual(["2031-03-03T14:30:00.000Z", "2031-03-03T15:00:00.000Z"]);

    const { appointment } = await rescheduleAppointment(db, patient.context, { appointmentId: original.id, startsAt: at("14:30") }, { now });
    expect(appointment).toMatchObject({ startsAt: at("14:30"), status: "BOOKED", rescheduledFromId: original.id });
    expect(await overlappingAppointments(db)).toEqual([]);
  });

  it("offers the visit's own time, but not where it already is, among the next free ones when the time asked for was taken", async () => {
    const { from, patient, otherPatient, book } = await clinic({ bufferMinutes: 10 });
    // 16:00 holds 16:00–16:40; the other patient's 15:00 holds 15:00–15:40, so 15:30 is taken for anyone.
    const original = await book(from.physicianId, at("16:00"));
    await book(from.physicianId, at("15:00"), otherPatient.patientId);
    const before = await calendarsOf(from.physicianId);

    const refusal = await rescheduleAppointment(db, patient.context, { appointmentId: original.id, startsAt: at("15:00") }, { now }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SlotTakenError);
    expect((refusal as SlotTakenError).nextSlots.map((slot) => slot.start.toISOString()).slice(0, 2)).toEqual(["2031-03-03T16:30:00.000Z", "2031-03-03T17:00:00.000Z"]);
    expect(await calendarsOf(from.physicianId)).toEqual(before);
  });
});

describe("two visits crossing between two physicians at once", () => {
  it("moves one from A to B and one from B to A together, round after round, without a deadlock", async () => {
    const { from, to, otherPatient, scheduler, book } = await clinic({ bufferMinutes: 5 });
    // Each round books at the hour and crosses an hour later, clear of the last round's visits and their buffers.
    for (const time of ["14:00", "16:00", "18:00", "20:00"]) {
      const mine = await book(from.physicianId, at(time));
      const theirs = await book(to.physicianId, at(time), otherPatient.patientId);
      const later = new Date(at(time).getTime() + 60 * 60_000);
      const results = await Promise.allSettled([
        rescheduleAppointment(db, scheduler, { appointmentId: mine.id, startsAt: later, physicianId: to.physicianId }, { now }),
        rescheduleAppointment(db, scheduler, { appointmentId: theirs.id, startsAt: later, physicianId: from.physicianId }, { now }),
      ]);
      expect(results.map((result) => (result.status === "rejected" ? String(result.reason) : result.status))).toEqual(["fulfilled", "fulfilled"]);
    }
    expect(await overlappingAppointments(db)).toEqual([]);
  });
});

describe("the visit types a physician offers", () => {
  it("leave a physician who does not offer a type out of the clinic-wide search, with no times when asked by name, and refuse a booking", async () => {
    const { from, to, patient, scheduler, visitType } = await clinic();
    await replaceOfferedVisitTypes(db, scheduler, to.physicianId, { visitTypeIds: [(await createTestVisitType(db)).id] });
    const range = { from: at("00:00"), to: new Date("2031-03-04T00:00:00Z"), now };

    const everyone = await findFreeSlots(db, scheduler, { visitTypeId: visitType.id, ...range });
    expect(everyone.some((entry) => entry.physicianId === from.physicianId)).toBe(true);
    expect(everyone.some((entry) => entry.physicianId === to.physicianId)).toBe(false);
    const [named] = await findFreeSlots(db, scheduler, { physicianId: to.physicianId, visitTypeId: visitType.id, ...range });
    expect(named).toMatchObject({ physicianId: to.physicianId, slots: [] });

    const count = await db.appointment.count();
    await expect(
      bookAppointment(db, scheduler, { patientId: patient.patientId, physicianId: to.physicianId, visitTypeId: visitType.id, startsAt: at("15:00"), reason: "Knee" }, { now }),
    ).rejects.toMatchObject({ status: 422, code: "VISIT_TYPE_NOT_OFFERED" });
    expect(await db.appointment.count()).toBe(count);
  });

  it("are chosen by schedulers and administrators (audited with the types), never by the physician or a patient", async () => {
    const { to, patient, scheduler, visitType } = await clinic();
    const admin = await createTestStaff(db, "ADMIN");
    const other = await createTestVisitType(db, { name: "Short call" });
    const offered = async () => (await getAvailability(db, scheduler, to.physicianId)).offeredVisitTypeIds.sort();

    expect(await replaceOfferedVisitTypes(db, admin, to.physicianId, { visitTypeIds: [other.id] })).toEqual({ visitTypeIds: [other.id], keptBookedVisits: 0 });
    expect(await offered()).toEqual([other.id]);
    await replaceOfferedVisitTypes(db, scheduler, to.physicianId, { visitTypeIds: [visitType.id, other.id] });
    expect(await offered()).toEqual([visitType.id, other.id].sort());
    const allowed = await db.auditEvent.findFirst({
      where: { action: "visitTypes.offer", resourceId: to.physicianId, outcome: "ALLOWED", actorId: scheduler.actor.kind === "user" ? scheduler.actor.userId : "" },
    });
    expect(allowed?.reason).toMatch(/offers TEST-/);

    for (const refused of [to.context, patient.context]) {
      await expect(replaceOfferedVisitTypes(db, refused, to.physicianId, { visitTypeIds: [other.id] })).rejects.toMatchObject({ status: 403 });
      const actorId = refused.actor.kind === "user" ? refused.actor.userId : "";
      expect(await db.auditEvent.count({ where: { action: "visitTypes.offer", resourceId: to.physicianId, outcome: "DENIED", actorId } })).toBe(1);
    }
    await expect(replaceOfferedVisitTypes(db, scheduler, to.physicianId, { visitTypeIds: ["cm0000000000000novisittype"] })).rejects.toMatchObject({
      code: "UNKNOWN_VISIT_TYPE",
    });
    await expect(replaceOfferedVisitTypes(db, scheduler, to.physicianId, { visitTypeIds: [] })).rejects.toMatchObject({ name: "ZodError" });
    expect(await offered()).toEqual([visitType.id, other.id].sort());
  });
});
