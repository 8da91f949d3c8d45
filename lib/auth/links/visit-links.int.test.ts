import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { issueVisitLink, resolveVisitLink, revokeVisitLinks, VISIT_LINK_SUMMARY_DAYS } from "./visit-links";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function appointmentEndingAt(endsAt: Date) {
  const tag = randomUUID();
  const user = await db.user.create({ data: { email: `vl-${tag}@example.test`, name: "Dr. Link", role: "PHYSICIAN" } });
  const physician = await db.physician.create({
    data: { userId: user.id, specialty: "Family medicine", licenseNumber: "L", timeZone: "UTC" },
  });
  const patient = await db.patient.create({
    data: { mrn: `VL-${tag}`, givenName: "Lin", familyName: "Kay", dateOfBirth: new Date("1990-01-01"), sex: "OTHER", timeZone: "UTC" },
  });
  const visitType = await db.visitType.create({ data: { code: `VL-${tag}`, name: "Standard", durationMinutes: 30 } });
  return db.appointment.create({
    data: {
      patientId: patient.id,
      physicianId: physician.id,
      visitTypeId: visitType.id,
      bookedById: user.id,
      startsAt: new Date(endsAt.getTime() - 30 * 60_000),
      endsAt,
      reason: "Follow-up",
    },
  });
}

describe("visit links", () => {
  const endsAt = new Date("2031-03-10T15:30:00Z");

  it("resolve to a patient actor for exactly their appointment", async () => {
    const appointment = await appointmentEndingAt(endsAt);
    const { token, linkId } = await issueVisitLink(db, appointment.id);
    expect(await resolveVisitLink(db, token, new Date("2031-03-10T15:00:00Z"))).toEqual({
      actor: { kind: "visitLink", linkId, appointmentId: appointment.id, patientId: appointment.patientId },
    });
  });

  it("expire after the summary window that follows the visit", async () => {
    const appointment = await appointmentEndingAt(endsAt);
    const { token, linkId } = await issueVisitLink(db, appointment.id);
    const expiry = endsAt.getTime() + VISIT_LINK_SUMMARY_DAYS * 86_400_000;
    expect(await resolveVisitLink(db, token, new Date(expiry - 1))).toHaveProperty("actor");
    expect(await resolveVisitLink(db, token, new Date(expiry))).toEqual({
      problem: "expired",
      link: { id: linkId, appointmentId: appointment.id, patientId: appointment.patientId },
    });
  });

  it("stop working once revoked", async () => {
    const appointment = await appointmentEndingAt(endsAt);
    const { token, linkId } = await issueVisitLink(db, appointment.id);
    expect(await revokeVisitLinks(db, appointment.id)).toBe(1);
    expect(await resolveVisitLink(db, token, new Date("2031-03-10T15:00:00Z"))).toEqual({
      problem: "revoked",
      link: { id: linkId, appointmentId: appointment.id, patientId: appointment.patientId },
    });
  });

  it("refuse tampered, forged and oversized tokens", async () => {
    const appointment = await appointmentEndingAt(endsAt);
    const { token, linkId } = await issueVisitLink(db, appointment.id);
    const other = await issueVisitLink(db, (await appointmentEndingAt(endsAt)).id);
    const [, signature] = token.split(".");
    expect(await resolveVisitLink(db, `${other.linkId}.${signature}`)).toEqual({ problem: "invalid" });
    expect(await resolveVisitLink(db, `${linkId}.`)).toEqual({ problem: "invalid" });
    expect(await resolveVisitLink(db, "x".repeat(5000))).toEqual({ problem: "invalid" });
  });
});
