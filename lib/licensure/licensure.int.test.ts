import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createPrismaClient } from "@/lib/db/prisma";
import { admitToVisit, getVisitLobby } from "@/lib/visits/admission";
import { auditRows, createTestGuest, createTestVisit, FakeRooms, TEST_LIVEKIT, type TestVisit } from "@/lib/visits/testing/visits";
import { issueVisitToken } from "@/lib/visits/tokens";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { licensureOfPhysicians, listClinicLicensure, removeLicense, saveLicense, setLicensureMode } from "./licenses";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());
// The clinic has one settings row; each test that blocks puts the default back.
afterEach(() => db.clinicSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: { licensureMode: "WARN" } }));

const DAY_MS = 86_400_000;
const REASON = "Patient travelling; follow-up of an established condition";

/** A visit whose patient waits in the room, located (by their check-in) in `state`, the physician licensed in New York. */
async function waitingPatientIn(state: string | null, options: { licenses?: Array<{ state: string; expiresOn: Date }> } = {}) {
  const visit = await createTestVisit(db, { startsInMinutes: -2, checkedIn: false });
  const licenses = options.licenses ?? [{ state: "NY", expiresOn: new Date(Date.now() + 365 * DAY_MS) }];
  for (const license of licenses) {
    await db.physicianLicense.create({ data: { physicianId: visit.physician.physicianId, licenseNumber: `L-${license.state}`, ...license } });
  }
  if (state) {
    await db.visitCheckIn.create({
      data: { appointmentId: visit.appointmentId, patientId: visit.patient.patientId, country: "US", state, locationConfirmedAt: new Date(), completedAt: new Date() },
    });
  }
  await issueVisitToken(db, visit.physician.context, visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() });
  const { roomName, id: visitId } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
  const rooms = new FakeRooms();
  rooms.join(roomName, { identity: visit.physician.identity, physician: { name: "Lena Fischer" } });
  rooms.join(roomName, { identity: visit.patient.identity });
  return { visit, rooms, roomName, visitId };
}

async function unchanged(visit: TestVisit, visitId: string) {
  expect(await db.visitParticipantEvent.count({ where: { visitId } })).toBe(0);
  expect(await db.licensureOverride.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);
  expect((await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId } })).status).toBe("BOOKED");
}

const licensureEvents = async (visit: TestVisit) =>
  (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "visit.admit.licensure").map(({ outcome, reason, resourceId }) => ({ outcome, reason, resourceId }));

describe("admitting a patient against the physician's licences", () => {
  it("admits without a reason where the physician is licensed, and the lobby says where the patient is", async () => {
    const { visit, rooms } = await waitingPatientIn("NY");
    expect((await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms })).licensure).toEqual({
      located: true,
      state: "NY",
      stateLabel: "New York (NY)",
      status: "licensed",
      mode: "WARN",
      overridden: false,
    });
    await admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms });
    expect(await db.licensureOverride.count({ where: { appointmentId: visit.appointmentId } })).toBe(0);
  });

  it("does not hold up a patient who has not confirmed a location", async () => {
    const { visit, rooms } = await waitingPatientIn(null);
    expect((await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms })).licensure).toEqual({ located: false });
    await admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms });
    expect((await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId } })).status).toBe("IN_PROGRESS");
  });

  it("WARN: refuses 409 without a reason where the physician is not licensed, changes nothing and audits the refusal", async () => {
    const { visit, rooms, visitId } = await waitingPatientIn("TX");
    expect((await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms })).licensure).toMatchObject({ status: "not-licensed", mode: "WARN" });
    for (const licensureReason of [undefined, ""]) {
      await expect(admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms, licensureReason })).rejects.toMatchObject({
        status: 409,
        code: "LICENSURE_REASON_REQUIRED",
        message: "You are not licensed in Texas (TX). The patient says they are there now. Give a reason to admit them anyway.",
      });
    }
    await unchanged(visit, visitId);
    expect(rooms.calls.filter((call) => call.startsWith("admit"))).toEqual([]);
    expect(await licensureEvents(visit)).toEqual([
      { outcome: "DENIED", reason: expect.stringContaining("You are not licensed in Texas (TX)"), resourceId: visit.appointmentId },
      { outcome: "DENIED", reason: expect.stringContaining("You are not licensed in Texas (TX)"), resourceId: visit.appointmentId },
    ]);
  });

  it("WARN: with a reason, records the override and admits; the next admission needs none", async () => {
    const { visit, rooms, roomName } = await waitingPatientIn("TX");
    await admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms, licensureReason: REASON });
    expect(rooms.calls).toContain(`admit ${roomName} ${visit.patient.identity}`);
    expect(await db.licensureOverride.findMany({ where: { appointmentId: visit.appointmentId }, select: { physicianId: true, state: true, reason: true } })).toEqual([
      { physicianId: visit.physician.physicianId, state: "TX", reason: REASON },
    ]);
    expect(await licensureEvents(visit)).toEqual([{ outcome: "ALLOWED", reason: `not-licensed in TX: ${REASON}`, resourceId: visit.appointmentId }]);
    expect((await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms })).licensure).toMatchObject({ overridden: true });
    // Reconnecting after a dropped call: the reason is on record for this visit.
    await admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms });
    expect(await db.licensureOverride.count({ where: { appointmentId: visit.appointmentId } })).toBe(1);
  });

  it("treats a licence that expired before the visit's day as none, and one expiring that day as current", async () => {
    const yesterday = new Date(Date.now() - 2 * DAY_MS);
    const expired = await waitingPatientIn("NJ", { licenses: [{ state: "NJ", expiresOn: yesterday }] });
    await expect(admitToVisit(db, expired.visit.physician.context, expired.visit.appointmentId, expired.visit.patient.identity, { rooms: expired.rooms })).rejects.toMatchObject({
      code: "LICENSURE_REASON_REQUIRED",
      message: expect.stringContaining("Your licence in New Jersey (NJ) has expired."),
    });

    const today = await waitingPatientIn("NJ", { licenses: [{ state: "NJ", expiresOn: new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) }] });
    await admitToVisit(db, today.visit.physician.context, today.visit.appointmentId, today.visit.patient.identity, { rooms: today.rooms });
  });

  it("BLOCK: refuses 403 even with a reason, changes nothing and audits the refusal", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    await setLicensureMode(db, admin, { mode: "BLOCK" });
    const { visit, rooms, visitId } = await waitingPatientIn("TX");
    expect((await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms })).licensure).toMatchObject({ status: "not-licensed", mode: "BLOCK" });
    await expect(admitToVisit(db, visit.physician.context, visit.appointmentId, visit.patient.identity, { rooms, licensureReason: REASON })).rejects.toMatchObject({
      status: 403,
      code: "NOT_LICENSED_IN_STATE",
      message: expect.stringContaining("The clinic does not allow visits where the physician is not licensed"),
    });
    await unchanged(visit, visitId);
    expect(await licensureEvents(visit)).toEqual([{ outcome: "DENIED", reason: expect.stringContaining("You are not licensed in Texas (TX)"), resourceId: visit.appointmentId }]);
  });

  it("admits a guest whatever the patient's location: the licence is about the patient's care", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    await setLicensureMode(db, admin, { mode: "BLOCK" });
    const { visit, rooms, roomName } = await waitingPatientIn("TX");
    const guest = await createTestGuest(db, visit, "Sam Morgan");
    rooms.join(roomName, { identity: guest.identity });
    await admitToVisit(db, visit.physician.context, visit.appointmentId, guest.identity, { rooms });
    expect(rooms.calls).toContain(`admit ${roomName} ${guest.identity}`);
  });
});

describe("administering licences", () => {
  it("adds, replaces and removes a physician's licence and sets the clinic's rule, each audited", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    const { physician } = await createTestVisit(db, { checkedIn: false });
    const added = await saveLicense(db, admin, { physicianId: physician.physicianId, state: "TX", licenseNumber: "TX-12345", expiresOn: "2027-06-30" });
    expect(added).toMatchObject({ state: "TX", stateLabel: "Texas (TX)", licenseNumber: "TX-12345", expiresOn: "2027-06-30" });
    await saveLicense(db, admin, { physicianId: physician.physicianId, state: "TX", licenseNumber: "TX-67890", expiresOn: "2028-06-30" });
    const listed = (await listClinicLicensure(db, admin)).physicians.find((entry) => entry.physicianId === physician.physicianId);
    expect(listed?.licenses).toEqual([{ id: added.id, state: "TX", stateLabel: "Texas (TX)", licenseNumber: "TX-67890", expiresOn: "2028-06-30", status: "licensed" }]);

    expect(await removeLicense(db, admin, { licenseId: added.id })).toMatchObject({ state: "TX" });
    expect(await removeLicense(db, admin, { licenseId: added.id })).toBeNull();
    expect(await db.physicianLicense.count({ where: { physicianId: physician.physicianId } })).toBe(0);

    expect(await setLicensureMode(db, admin, { mode: "BLOCK" })).toBe("BLOCK");
    expect((await listClinicLicensure(db, admin)).mode).toBe("BLOCK");

    const adminId = admin.actor.kind === "user" ? admin.actor.userId : "";
    const events = await db.auditEvent.findMany({ where: { actorId: adminId, action: "licensure.manage" }, orderBy: { id: "asc" }, select: { outcome: true, reason: true } });
    expect(events.map((event) => event.reason)).toEqual([
      `licence TX TX-12345 of physician ${physician.physicianId}, expires 2027-06-30`,
      `licence TX TX-67890 of physician ${physician.physicianId}, expires 2028-06-30`,
      null,
      `remove licence ${added.id}`,
      `remove licence ${added.id}`,
      "licensure mode BLOCK",
      null,
    ]);
  });

  it("refuses a state, date or number that does not exist, or hostile text, storing nothing", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    const { physician } = await createTestVisit(db, { checkedIn: false });
    const valid = { physicianId: physician.physicianId, state: "TX", licenseNumber: "TX-1", expiresOn: "2027-06-30" };
    for (const bad of [
      { ...valid, state: "XX" },
      { ...valid, state: "tx" },
      { ...valid, expiresOn: "2027-02-30" },
      { ...valid, expiresOn: "30/06/2027" },
      { ...valid, licenseNumber: "<script>alert(1)</script>" },
      { ...valid, licenseNumber: "x".repeat(41) },
      { ...valid, physicianId: "no-such-physician" },
      { ...valid, physicianId: "../etc" },
    ]) {
      await expect(saveLicense(db, admin, bad), JSON.stringify(bad)).rejects.toBeInstanceOf(ZodError);
    }
    await expect(setLicensureMode(db, admin, { mode: "OFF" })).rejects.toBeInstanceOf(ZodError);
    expect(await db.physicianLicense.count({ where: { physicianId: physician.physicianId } })).toBe(0);
  });

  it("is the administrators' alone: physicians, schedulers and patients are refused and audited", async () => {
    const visit = await createTestVisit(db, { checkedIn: false });
    const license = { physicianId: visit.physician.physicianId, state: "TX", licenseNumber: "TX-1", expiresOn: "2027-06-30" };
    for (const context of [visit.physician.context, visit.scheduler, visit.patient.context]) {
      await expect(saveLicense(db, context, license)).rejects.toMatchObject({ name: "AccessDeniedError", status: 403 });
      await expect(setLicensureMode(db, context, { mode: "BLOCK" })).rejects.toMatchObject({ name: "AccessDeniedError" });
      await expect(listClinicLicensure(db, context)).rejects.toMatchObject({ name: "AccessDeniedError" });
    }
    expect(await db.physicianLicense.count({ where: { physicianId: visit.physician.physicianId } })).toBe(0);
    const schedulerId = visit.scheduler.actor.kind === "user" ? visit.scheduler.actor.userId : "";
    expect(await db.auditEvent.count({ where: { actorId: schedulerId, action: "licensure.manage", outcome: "DENIED" } })).toBe(3);
  });

  it("shows a scheduler the licences of the physicians they book with; a physician only their own", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    const visit = await createTestVisit(db, { checkedIn: false });
    await saveLicense(db, admin, { physicianId: visit.physician.physicianId, state: "NY", licenseNumber: "NY-1", expiresOn: "2030-01-31" });
    const [entry] = await licensureOfPhysicians(db, visit.scheduler, [visit.physician.physicianId]);
    expect(entry).toMatchObject({ physicianId: visit.physician.physicianId, name: "Lena Fischer", licenses: [{ state: "NY", expiresOn: "2030-01-31", status: "licensed" }] });
    expect(await licensureOfPhysicians(db, visit.physician.context, [visit.physician.physicianId])).toHaveLength(1);
    await expect(licensureOfPhysicians(db, visit.otherPhysician.context, [visit.physician.physicianId])).rejects.toMatchObject({ name: "AccessDeniedError" });
  });
});
