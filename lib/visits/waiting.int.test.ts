import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestVisit } from "./testing/visits";
import { physicianWaitingRoom } from "./waiting";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("the physician's waiting list", () => {
  it("writes one audit event per patient it names, with the patient's id", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, status: "CHECKED_IN" });
    const since = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    expect(await physicianWaitingRoom(db, visit.physician.context)).toHaveLength(1);
    const events = await db.auditEvent.findMany({
      where: { id: { gt: since }, actorId: visit.physician.userId, patientId: { not: null } },
      select: { action: true, patientId: true, resourceType: true, resourceId: true, outcome: true },
    });
    expect(events).toEqual([
      { action: "appointment.read", patientId: visit.patient.patientId, resourceType: "appointment", resourceId: visit.appointmentId, outcome: "ALLOWED" },
    ]);
  });
});
