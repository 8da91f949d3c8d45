import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { addOverride, getAvailability, listVisitTypes, removeOverride, replaceWeeklyWindows } from "./availability";
import { anonymous, createTestPatient, createTestPhysician, createTestStaff, createTestVisitType, OFFICE_HOURS } from "./testing/clinic";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const now = new Date("2031-06-01T12:00:00Z");
const hours = (weekday: number, start: number, end: number) => ({ weekday, startMinute: start * 60, endMinute: end * 60 });

describe("weekly working hours", () => {
  it("are read by anyone signed in and replaced by the physician themself", async () => {
    const physician = await createTestPhysician(db);
    const patient = await createTestPatient(db);
    expect((await getAvailability(db, patient.context, physician.physicianId, { now })).windows).toEqual(OFFICE_HOURS);

    const week = [hours(3, 13, 17), hours(1, 8, 12), hours(1, 13, 16)];
    await replaceWeeklyWindows(db, physician.context, physician.physicianId, week);
    expect((await getAvailability(db, patient.context, physician.physicianId, { now })).windows).toEqual([
      hours(1, 8, 12),
      hours(1, 13, 16),
      hours(3, 13, 17),
    ]);
  });

  it("can be changed by a scheduler, but not by another physician or a patient", async () => {
    const physician = await createTestPhysician(db);
    const colleague = await createTestPhysician(db);
    const patient = await createTestPatient(db);
    const scheduler = await createTestStaff(db, "SCHEDULER");
    await expect(replaceWeeklyWindows(db, colleague.context, physician.physicianId, [])).rejects.toMatchObject({ status: 403 });
    await expect(replaceWeeklyWindows(db, patient.context, physician.physicianId, [])).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(getAvailability(db, anonymous, physician.physicianId)).rejects.toMatchObject({ status: 401 });
    expect((await getAvailability(db, scheduler, physician.physicianId)).windows).toEqual(OFFICE_HOURS);

    await replaceWeeklyWindows(db, scheduler, physician.physicianId, [hours(6, 10, 14)]);
    expect((await getAvailability(db, scheduler, physician.physicianId)).windows).toEqual([hours(6, 10, 14)]);
  });

  it.each([
    ["overlapping windows on one day", [hours(2, 9, 12), hours(2, 11, 14)]],
    ["a weekday that does not exist", [hours(8, 9, 12)]],
    ["a time off the 5-minute grid", [{ weekday: 1, startMinute: 541, endMinute: 600 }]],
    ["an end before the start", [hours(1, 12, 9)]],
    ["an end past midnight", [{ weekday: 1, startMinute: 1380, endMinute: 1500 }]],
  ])("refuse %s and keep the old ones", async (_label, windows) => {
    const physician = await createTestPhysician(db);
    await expect(replaceWeeklyWindows(db, physician.context, physician.physicianId, windows)).rejects.toBeInstanceOf(ZodError);
    expect((await getAvailability(db, physician.context, physician.physicianId)).windows).toEqual(OFFICE_HOURS);
  });

  it("let windows touch end to start", async () => {
    const physician = await createTestPhysician(db);
    await replaceWeeklyWindows(db, physician.context, physician.physicianId, [hours(2, 9, 12), hours(2, 12, 14)]);
    expect((await getAvailability(db, physician.context, physician.physicianId)).windows).toHaveLength(2);
  });

  it("answer an unknown physician with not found", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    await expect(getAvailability(db, scheduler, "cm00000000000000000nobody")).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe("date overrides", () => {
  const list = async (physicianId: string, context: Parameters<typeof getAvailability>[1]) =>
    (await getAvailability(db, context, physicianId, { now })).overrides.map(({ date, isAvailable, startMinute, endMinute }) => ({
      date,
      isAvailable,
      startMinute,
      endMinute,
    }));

  it("take a day off that replaces any hours set for that date, and hours that replace a day off", async () => {
    const physician = await createTestPhysician(db);
    const { context, physicianId } = physician;
    await addOverride(db, context, physicianId, { date: "2031-06-07", isAvailable: true, startMinute: 600, endMinute: 720 });
    await addOverride(db, context, physicianId, { date: "2031-06-07", isAvailable: true, startMinute: 780, endMinute: 840 });
    expect(await list(physicianId, context)).toEqual([
      { date: "2031-06-07", isAvailable: true, startMinute: 600, endMinute: 720 },
      { date: "2031-06-07", isAvailable: true, startMinute: 780, endMinute: 840 },
    ]);
    await addOverride(db, context, physicianId, { date: "2031-06-07", isAvailable: false, note: "Conference" });
    expect(await list(physicianId, context)).toEqual([{ date: "2031-06-07", isAvailable: false, startMinute: null, endMinute: null }]);
    await addOverride(db, context, physicianId, { date: "2031-06-07", isAvailable: true, startMinute: 540, endMinute: 600 });
    expect(await list(physicianId, context)).toEqual([{ date: "2031-06-07", isAvailable: true, startMinute: 540, endMinute: 600 }]);
  });

  it("refuse hours that overlap hours already set for the date", async () => {
    const { context, physicianId } = await createTestPhysician(db);
    await addOverride(db, context, physicianId, { date: "2031-06-08", isAvailable: true, startMinute: 600, endMinute: 720 });
    await expect(
      addOverride(db, context, physicianId, { date: "2031-06-08", isAvailable: true, startMinute: 700, endMinute: 760 }),
    ).rejects.toMatchObject({ code: "OVERLAPPING_HOURS" });
    expect(await list(physicianId, context)).toHaveLength(1);
  });

  it.each([
    ["hours without times", { date: "2031-06-09", isAvailable: true }],
    ["a day off with times", { date: "2031-06-09", isAvailable: false, startMinute: 600, endMinute: 660 }],
    ["a date that does not exist", { date: "2031-02-30", isAvailable: false }],
    ["a note with control characters", { date: "2031-06-09", isAvailable: false, note: "Away\u0007" }],
  ])("refuse %s", async (_label, input) => {
    const { context, physicianId } = await createTestPhysician(db);
    await expect(addOverride(db, context, physicianId, input)).rejects.toBeInstanceOf(ZodError);
    expect(await list(physicianId, context)).toEqual([]);
  });

  it("leave out dates before the physician's today, and can be removed only by those who may edit the hours", async () => {
    const { context, physicianId } = await createTestPhysician(db);
    const colleague = await createTestPhysician(db);
    await addOverride(db, context, physicianId, { date: "2031-05-31", isAvailable: false });
    const kept = await addOverride(db, context, physicianId, { date: "2031-06-10", isAvailable: false });
    expect((await list(physicianId, context)).map((override) => override.date)).toEqual(["2031-06-10"]);

    await expect(removeOverride(db, colleague.context, kept.id)).rejects.toMatchObject({ status: 403 });
    await removeOverride(db, context, kept.id);
    expect(await list(physicianId, context)).toEqual([]);
    await expect(removeOverride(db, context, kept.id)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe("visit types", () => {
  it("lists only those that can still be booked", async () => {
    const offered = await createTestVisitType(db, { durationMinutes: 20 });
    const retired = await createTestVisitType(db, { durationMinutes: 20, isActive: false });
    const ids = (await listVisitTypes(db)).map((visitType) => visitType.id);
    expect(ids).toContain(offered.id);
    expect(ids).not.toContain(retired.id);
  });
});
