import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/lib/auth/access";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { createPrescription } from "@/lib/chart/prescriptions";
import { createTestPatient, createTestPhysician, createTestStaff, offerToEveryPhysician } from "@/lib/scheduling/testing/clinic";

// For integration tests of the chart and notes: a patient with a physician who
// treats them, an unrelated physician and patient, a scheduler, and helpers to
// add appointments (with their Visit rows) and chart rows. Every name is
// unique, so test files sharing one database never see each other's rows.
// Appointments are placed relative to today, so a completed one keeps its
// physician inside the care relationship (a year after it) whenever tests run.

/** 14:00 UTC, `days` days before today. */
export function daysAgo(days: number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - days, 14));
}

const MINUTE_MS = 60_000;
const client = { ip: "203.0.113.21", userAgent: "vitest" };

export async function createVisitType(db: Database, code?: string) {
  const visitTypeCode = code ?? `TEST-${randomUUID()}`;
  return db.visitType.upsert({
    where: { code: visitTypeCode },
    create: { code: visitTypeCode, name: `Visit ${visitTypeCode}`, durationMinutes: 30, bufferMinutes: 0 },
    update: {},
    select: { id: true, code: true, name: true },
  });
}

export async function createChartFixture(db: Database) {
  const physician = await createTestPhysician(db, { name: `Dr. Maya Lee ${randomUUID().slice(0, 4)}` });
  const patient = await createTestPatient(db, { givenName: "Alex", familyName: `Morgan-${randomUUID().slice(0, 6)}` });
  const otherPhysician = await createTestPhysician(db);
  const otherPatient = await createTestPatient(db);
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const admin = await createTestStaff(db, "ADMIN");
  const visitType = await createVisitType(db);
  await offerToEveryPhysician(db, visitType.id);

  let nextStart = daysAgo(120).getTime();
  /** An appointment of the patient with the physician, `at` or an hour after the last one; with a Visit row unless `withVisit` is false. */
  async function addAppointment(
    options: { at?: Date; status?: AppointmentStatus; visitTypeId?: string; physicianId?: string; patientId?: string; withVisit?: boolean } = {},
  ) {
    const startsAt = options.at ?? new Date(nextStart);
    nextStart = Math.max(nextStart, startsAt.getTime()) + 60 * MINUTE_MS;
    const appointment = await db.appointment.create({
      data: {
        patientId: options.patientId ?? patient.patientId,
        physicianId: options.physicianId ?? physician.physicianId,
        visitTypeId: options.visitTypeId ?? visitType.id,
        bookedById: physician.userId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * MINUTE_MS),
        status: options.status ?? "COMPLETED",
        reason: "Chart test visit",
      },
      select: { id: true, startsAt: true },
    });
    const visit =
      options.withVisit === false
        ? null
        : await db.visit.create({ data: { appointmentId: appointment.id, roomName: `test-room-${randomUUID()}` }, select: { id: true } });
    return { appointmentId: appointment.id, startsAt: appointment.startsAt, visitId: visit?.id ?? null };
  }

  return { physician, patient, otherPhysician, otherPatient, scheduler, admin, visitType, addAppointment };
}

export type ChartFixture = Awaited<ReturnType<typeof createChartFixture>>;

/** A break-glass-capable context: the same actor, for readability at call sites. */
export function contextOf(actor: RequestContext["actor"]): RequestContext {
  return { actor, ...client };
}

/** Audit rows about a patient, oldest first. */
export function auditRowsOf(db: Database, patientId: string) {
  return db.auditEvent.findMany({
    where: { patientId },
    orderBy: { id: "asc" },
    select: { actorId: true, action: true, resourceType: true, resourceId: true, outcome: true, breakGlass: true, reason: true },
  });
}

export function actorIdOf(context: RequestContext): string | null {
  return context.actor.kind === "user" ? context.actor.userId : null;
}

/** Lisinopril 10 mg, prescribed by the fixture's physician at the visit with these instructions. */
export function prescribeLisinopril(db: Database, fixture: ChartFixture, appointmentId: string, instructions: string) {
  return createPrescription(db, fixture.physician.context, {
    patientId: fixture.patient.patientId,
    appointmentId,
    rxnormCode: "314076",
    dose: "10 mg",
    route: "oral",
    frequency: "once daily",
    quantity: 90,
    refills: 3,
    instructions,
  });
}

/** A severe penicillin allergy on the fixture's patient: prescribing amoxicillin must warn. */
export function addPenicillinAllergy(db: Database, patientId: string) {
  return db.allergy.create({
    data: {
      patientId,
      substance: "Penicillin",
      rxnormCode: "70618",
      drugClass: "penicillins",
      reaction: "Hives and facial swelling",
      severity: "SEVERE",
    },
  });
}

/**
 * An open break-glass grant of the user's on the patient, written directly (the
 * way openBreakGlass writes one after checking the code), for tests of what a
 * grant opens. Open for an hour unless `expiresAt` says otherwise.
 */
export async function grantBreakGlass(db: Database, userId: string, patientId: string, options: { expiresAt?: Date } = {}) {
  const expiresAt = options.expiresAt ?? new Date(Date.now() + 59 * MINUTE_MS);
  return db.breakGlassGrant.create({
    data: {
      userId,
      patientId,
      reasonCode: "MEDICAL_EMERGENCY",
      reasonText: "Test grant: patient collapsed in clinic",
      grantedAt: new Date(expiresAt.getTime() - 60 * MINUTE_MS),
      expiresAt,
    },
    select: { id: true, expiresAt: true },
  });
}
