import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ResourceNotFoundError } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { bookAppointment } from "./booking";
import { findFreeSlots } from "./slot-search";
import { anonymous, createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "./testing/clinic";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// Monday 2031-06-02; New York is on EDT (UTC−4), Berlin on CEST (UTC+2).
const now = new Date("2031-06-01T00:00:00Z");
const monday = { from: new Date("2031-06-02T00:00:00Z"), to: new Date("2031-06-03T00:00:00Z") };
const mondayMorning = [{ weekday: 1, startMinute: 9 * 60, endMinute: 11 * 60 }];
const starts = (slots: Array<{ start: string }>) => slots.map((slot) => slot.start);

describe("finding free slots", () => {
  it("leaves out booked time and its buffer, in the physician's own hours", async () => {
    const physician = await createTestPhysician(db, { windows: mondayMorning });
    const patient = await createTestPatient(db);
    const visitType = await createTestVisitType(db, { durationMinutes: 30, bufferMinutes: 15 });
    await bookAppointment(
      db,
      patient.context,
      { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt: "2031-06-02T13:30:00Z", reason: "Rash" },
      { now },
    );

    const [result] = await findFreeSlots(db, patient.context, { physicianId: physician.physicianId, visitTypeId: visitType.id, ...monday, now });
    expect(result).toMatchObject({ physicianId: physician.physicianId, physicianName: physician.name, timeZone: "America/New_York" });
    // 09:00 EDT would need its buffer to run into the 09:30 visit; 10:00 starts inside that visit's buffer.
    expect(starts(result!.slots)).toEqual(["2031-06-02T14:30:00.000Z"]);
  });

  it("searches every active physician when none is named, authorized and audited once as the clinic's availability", async () => {
    const newYork = await createTestPhysician(db, { windows: mondayMorning });
    const berlin = await createTestPhysician(db, { windows: mondayMorning, timeZone: "Europe/Berlin" });
    const retired = await createTestPhysician(db, { windows: mondayMorning });
    await db.user.update({ where: { id: retired.userId }, data: { disabledAt: now } });
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const visitType = await createTestVisitType(db, { durationMinutes: 60 });

    const admin = await createTestStaff(db, "ADMIN");
    await expect(findFreeSlots(db, admin, { visitTypeId: visitType.id, ...monday, now })).rejects.toMatchObject({ name: "AccessDeniedError", status: 403 });

    const results = await findFreeSlots(db, scheduler, { visitTypeId: visitType.id, ...monday, now });
    const byId = new Map(results.map((result) => [result.physicianId, result]));
    expect(starts(byId.get(newYork.physicianId)!.slots)).toEqual(["2031-06-02T13:00:00.000Z", "2031-06-02T14:00:00.000Z"]);
    expect(starts(byId.get(berlin.physicianId)!.slots)).toEqual(["2031-06-02T07:00:00.000Z", "2031-06-02T08:00:00.000Z"]);
    expect(byId.has(retired.physicianId)).toBe(false);
    expect(byId.get(newYork.physicianId)!.slots[0]).toEqual({ start: "2031-06-02T13:00:00.000Z", end: "2031-06-02T14:00:00.000Z" });
    const audited = await db.auditEvent.findMany({
      where: { action: "availability.read", actorId: { in: [scheduler, admin].map((staff) => (staff.actor.kind === "user" ? staff.actor.userId : "")) } },
      select: { actorRole: true, resourceType: true, resourceId: true, outcome: true, reason: true },
      orderBy: { id: "asc" },
    });
    expect(audited).toEqual([
      { actorRole: "ADMIN", resourceType: "clinic", resourceId: null, outcome: "DENIED", reason: expect.any(String) },
      { actorRole: "SCHEDULER", resourceType: "clinic", resourceId: null, outcome: "ALLOWED", reason: `free slots of all ${results.length} physicians offering visit type ${visitType.id}` },
    ]);
  });

  it("counts held time that began before the range, however long, and lets cancelled and no-show visits go", async () => {
    // Monday 09:00–12:00 EDT is 13:00–16:00 UTC; the search starts half an hour in.
    const physician = await createTestPhysician(db, { windows: [{ weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 }] });
    const patient = await createTestPatient(db);
    const visitType = await createTestVisitType(db, { durationMinutes: 30, bufferMinutes: 20 });
    const hold = (startsAt: string, endsAt: string, status: "BOOKED" | "CANCELLED" | "NO_SHOW") =>
      db.appointment.create({
        data: {
          patientId: patient.patientId,
          physicianId: physician.physicianId,
          visitTypeId: visitType.id,
          bookedById: physician.userId,
          startsAt: new Date(startsAt),
          endsAt: new Date(endsAt),
          status,
          reason: "Held",
        },
      });
    // Longer than any visit, so it starts well before the range; with its buffer it holds until 14:05.
    await hold("2031-06-02T11:00:00Z", "2031-06-02T13:45:00Z", "BOOKED");
    await hold("2031-06-02T14:30:00Z", "2031-06-02T15:00:00Z", "CANCELLED");
    await hold("2031-06-02T15:00:00Z", "2031-06-02T15:30:00Z", "NO_SHOW");

    const [result] = await findFreeSlots(db, patient.context, {
      physicianId: physician.physicianId,
      visitTypeId: visitType.id,
      from: new Date("2031-06-02T13:30:00Z"),
      to: monday.to,
      now,
    });
    expect(starts(result!.slots)).toEqual(["2031-06-02T14:30:00.000Z", "2031-06-02T15:00:00.000Z", "2031-06-02T15:30:00.000Z"]);
  });

  it("refuses a visit type that does not exist or is retired before looking for the physician, and audits nothing", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const retired = await createTestVisitType(db, { isActive: false });
    const missingPhysicianId = `nobody-${randomUUID()}`;
    for (const visitTypeId of [`unknown-${randomUUID()}`, retired.id]) {
      await expect(findFreeSlots(db, scheduler, { physicianId: missingPhysicianId, visitTypeId, ...monday, now })).rejects.toMatchObject({
        code: "UNKNOWN_VISIT_TYPE",
      });
      await expect(findFreeSlots(db, scheduler, { visitTypeId, ...monday, now })).rejects.toMatchObject({ code: "UNKNOWN_VISIT_TYPE" });
    }
    expect(await db.auditEvent.count({ where: { resourceId: missingPhysicianId } })).toBe(0);
  });

  it("refuses ranges longer than 62 days, backwards ranges and malformed dates", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const visitType = await createTestVisitType(db);
    await expect(
      findFreeSlots(db, scheduler, { visitTypeId: visitType.id, from: "2031-06-01T00:00:00Z", to: "2031-08-03T00:00:00Z", now }),
    ).rejects.toMatchObject({ code: "RANGE_TOO_LONG", status: 422 });
    await expect(findFreeSlots(db, scheduler, { visitTypeId: visitType.id, from: monday.to, to: monday.from, now })).rejects.toMatchObject({
      code: "INVALID_RANGE",
    });
    await expect(findFreeSlots(db, scheduler, { visitTypeId: visitType.id, from: "Monday", to: monday.to, now })).rejects.toMatchObject({
      name: "ZodError",
    });
  });

  it("answers an unknown physician with not found, and asks anyone else to sign in", async () => {
    const physician = await createTestPhysician(db, { windows: mondayMorning });
    const visitType = await createTestVisitType(db);
    await expect(
      findFreeSlots(db, anonymous, { physicianId: "cm0000000000000000nobody", visitTypeId: visitType.id, ...monday, now }),
    ).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(findFreeSlots(db, anonymous, { physicianId: physician.physicianId, visitTypeId: visitType.id, ...monday, now })).rejects.toMatchObject({
      name: "AccessDeniedError",
      status: 401,
    });
  });
});
