import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { AccessDeniedError, authorize, authorizeEach, type RequestContext } from "./access";
import type { Actor } from "./policy";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function clinicWithAppointment() {
  const tag = randomUUID();
  const now = new Date();
  const doctorUser = await db.user.create({ data: { email: `doc-${tag}@example.test`, name: "Dr. Test", role: "PHYSICIAN" } });
  const physician = await db.physician.create({
    data: { userId: doctorUser.id, specialty: "Family medicine", licenseNumber: "L-1", timeZone: "America/New_York" },
  });
  const otherUser = await db.user.create({ data: { email: `other-${tag}@example.test`, name: "Dr. Other", role: "PHYSICIAN" } });
  const otherPhysician = await db.physician.create({
    data: { userId: otherUser.id, specialty: "Dermatology", licenseNumber: "L-2", timeZone: "America/New_York" },
  });
  const patient = await db.patient.create({
    data: {
      mrn: `MRN-${tag}`,
      givenName: "Pat",
      familyName: "Example",
      dateOfBirth: new Date("1980-05-05"),
      sex: "FEMALE",
      timeZone: "America/New_York",
    },
  });
  const visitType = await db.visitType.create({ data: { code: `T-${tag}`, name: "Standard", durationMinutes: 30 } });
  await db.appointment.create({
    data: {
      patientId: patient.id,
      physicianId: physician.id,
      visitTypeId: visitType.id,
      bookedById: doctorUser.id,
      startsAt: new Date(now.getTime() + 86_400_000),
      endsAt: new Date(now.getTime() + 86_400_000 + 1_800_000),
      reason: "Check-up",
    },
  });
  const asPhysician = (userId: string, physicianId: string): RequestContext => ({
    actor: { kind: "user", userId, role: "PHYSICIAN", name: "Dr", patientId: null, physicianId, mfaSatisfied: true },
    ip: "203.0.113.7",
    userAgent: "vitest",
  });
  return {
    patient,
    treating: asPhysician(doctorUser.id, physician.id),
    unrelated: asPhysician(otherUser.id, otherPhysician.id),
  };
}

const auditFor = (patientId: string) => db.auditEvent.findMany({ where: { patientId }, orderBy: { id: "asc" } });

describe("authorize", () => {
  it("lets the treating physician read the chart and records an ALLOWED event with who, what and where", async () => {
    const { patient, treating } = await clinicWithAppointment();
    await expect(authorize(db, treating, "chart.read", { type: "patient", patientId: patient.id })).resolves.toEqual({
      breakGlass: false,
    });
    const [event] = await auditFor(patient.id);
    expect(event).toMatchObject({
      actorId: treating.actor.kind === "user" ? treating.actor.userId : null,
      actorRole: "PHYSICIAN",
      action: "chart.read",
      resourceType: "patient",
      resourceId: patient.id,
      outcome: "ALLOWED",
      breakGlass: false,
      ip: "203.0.113.7",
      userAgent: "vitest",
    });
  });

  it("refuses an unrelated physician with 403 and records the DENIED attempt", async () => {
    const { patient, unrelated } = await clinicWithAppointment();
    const attempt = authorize(db, unrelated, "chart.read", { type: "patient", patientId: patient.id });
    await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(attempt).rejects.toMatchObject({ status: 403, breakGlassAvailable: true });
    expect(await auditFor(patient.id)).toMatchObject([{ outcome: "DENIED", action: "chart.read", breakGlass: false }]);
  });

  it("flags access through an open break-glass grant in the audit trail, naming the grant", async () => {
    const { patient, unrelated } = await clinicWithAppointment();
    const grant = await db.breakGlassGrant.create({
      data: {
        userId: unrelated.actor.kind === "user" ? unrelated.actor.userId : "",
        patientId: patient.id,
        reasonCode: "COVERING_CLINICIAN",
        reasonText: "Covering on-call; patient called with chest pain",
        grantedAt: new Date(Date.now() - 60_000),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    await expect(authorize(db, unrelated, "chart.read", { type: "patient", patientId: patient.id })).resolves.toEqual({ breakGlass: true });
    expect(await auditFor(patient.id)).toMatchObject([{ outcome: "ALLOWED", breakGlass: true, reason: `break-glass grant ${grant.id}` }]);
  });

  it("keeps what was asked for with an allowed attempt", async () => {
    const { patient, treating } = await clinicWithAppointment();
    await authorize(db, treating, "chart.read", { type: "patient", patientId: patient.id }, { detail: "filters {}" });
    expect(await auditFor(patient.id)).toMatchObject([{ outcome: "ALLOWED", breakGlass: false, reason: "filters {}" }]);
  });

  it("answers a visit link aimed at another visit as a link that does not work (401), the audit keeping why", async () => {
    const { patient } = await clinicWithAppointment();
    const appointment = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id } });
    const visit = { type: "appointment", appointmentId: appointment.id, patientId: patient.id, physicianId: appointment.physicianId } as const;
    const linkOf = (appointmentId: string): RequestContext => ({
      actor: { kind: "visitLink", linkId: `link-${appointmentId}`, appointmentId, patientId: patient.id },
      ip: "203.0.113.8",
      userAgent: "vitest",
    });

    const elsewhere = authorize(db, linkOf("another-appointment"), "visit.summary.read", visit);
    await expect(elsewhere).rejects.toMatchObject({ status: 401, message: "Sign in to continue.", breakGlassAvailable: false });
    // On its own visit, an action it may not take is a plain 403.
    await expect(authorize(db, linkOf(appointment.id), "visit.host", visit)).rejects.toMatchObject({ status: 403 });
    expect(await auditFor(patient.id)).toMatchObject([
      { outcome: "DENIED", action: "visit.summary.read", reason: "This visit link only opens its own visit." },
      { outcome: "DENIED", action: "visit.host" },
    ]);
  });

  it("answers anonymous callers with 401, audited without an actor", async () => {
    const { patient } = await clinicWithAppointment();
    const anonymous: Actor = { kind: "anonymous" };
    await expect(
      authorize(db, { actor: anonymous, ip: null, userAgent: null }, "chart.read", { type: "patient", patientId: patient.id }),
    ).rejects.toMatchObject({ status: 401 });
    expect(await auditFor(patient.id)).toMatchObject([{ actorId: null, actorRole: null, outcome: "DENIED" }]);
  });
});

describe("authorizeEach", () => {
  it("records every attempt of a list, allowed and refused, and throws the refusal", async () => {
    const mine = await clinicWithAppointment();
    const notMine = await clinicWithAppointment();

    await expect(
      authorizeEach(db, mine.treating, "chart.read", [
        { type: "patient", patientId: mine.patient.id },
        { type: "patient", patientId: notMine.patient.id },
      ]),
    ).rejects.toThrow(AccessDeniedError);

    expect((await auditFor(mine.patient.id)).map((event) => [event.action, event.outcome])).toEqual([["chart.read", "ALLOWED"]]);
    expect((await auditFor(notMine.patient.id)).map((event) => [event.action, event.outcome])).toEqual([["chart.read", "DENIED"]]);
  });
});

describe("the care relationship, as the database holds it", () => {
  const DAY = 86_400_000;

  /** A physician and a patient whose only appointments together are `appointments` (start offset from now, status). */
  async function careBetween(appointments: Array<{ startsInDays: number; status: "BOOKED" | "COMPLETED" | "NO_SHOW" | "CANCELLED" }>) {
    const { patient, treating } = await clinicWithAppointment();
    const physicianId = treating.actor.kind === "user" ? treating.actor.physicianId! : "";
    // Only the appointments asked for: the helper's booking tomorrow goes.
    await db.appointment.deleteMany({ where: { patientId: patient.id } });
    const visitType = await db.visitType.create({ data: { code: `T-${randomUUID()}`, name: "Standard", durationMinutes: 30 } });
    const userId = treating.actor.kind === "user" ? treating.actor.userId : "";
    for (const { startsInDays, status } of appointments) {
      const startsAt = new Date(Date.now() + startsInDays * DAY);
      await db.appointment.create({
        data: { patientId: patient.id, physicianId, visitTypeId: visitType.id, bookedById: userId, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000), status, reason: "Care window" },
      });
    }
    return { patient, physician: treating };
  }

  const reads = async (appointments: Parameters<typeof careBetween>[0]) => {
    const { patient, physician } = await careBetween(appointments);
    return authorize(db, physician, "chart.read", { type: "patient", patientId: patient.id }).then(
      () => "allowed",
      (error: AccessDeniedError) => `denied${error.breakGlassAvailable ? ", break-glass offered" : ""}`,
    );
  };

  it("begins 7 days before a booked visit, not earlier", async () => {
    expect(await reads([{ startsInDays: 6.9, status: "BOOKED" }])).toBe("allowed");
    expect(await reads([{ startsInDays: 7.1, status: "BOOKED" }])).toBe("denied, break-glass offered");
  });

  it("gives a booking a year ahead, a no-show or a cancelled visit nothing", async () => {
    expect(await reads([{ startsInDays: 300, status: "BOOKED" }])).toBe("denied, break-glass offered");
    expect(await reads([{ startsInDays: -1, status: "NO_SHOW" }])).toBe("denied, break-glass offered");
    expect(await reads([{ startsInDays: 1, status: "CANCELLED" }])).toBe("denied, break-glass offered");
  });

  it("lasts 365 days after the last completed visit", async () => {
    expect(await reads([{ startsInDays: -364, status: "COMPLETED" }])).toBe("allowed");
    expect(await reads([{ startsInDays: -366, status: "COMPLETED" }])).toBe("denied, break-glass offered");
    expect(await reads([{ startsInDays: -366, status: "COMPLETED" }, { startsInDays: -2, status: "NO_SHOW" }, { startsInDays: -40, status: "COMPLETED" }])).toBe(
      "allowed",
    );
  });
});
