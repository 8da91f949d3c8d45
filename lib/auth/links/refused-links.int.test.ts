import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestVisit } from "@/lib/visits/testing/visits";
import { recordRefusedLink } from "./refused-links";
import { issueVisitGuest, resolveVisitGuest, revokeVisitGuest } from "./visit-guests";
import { issueVisitLink, resolveVisitLink, revokeVisitLinks } from "./visit-links";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const client = { ip: "203.0.113.77", userAgent: "vitest" };
const eventsFrom = (since: bigint) =>
  db.auditEvent.findMany({
    where: { id: { gt: since }, ip: client.ip },
    orderBy: { id: "asc" },
    select: { actorId: true, actorRole: true, action: true, patientId: true, resourceType: true, resourceId: true, outcome: true, reason: true },
  });
const lastEventId = async () => (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;

describe("a link that does not open", () => {
  it("is audited under its patient when it is one of ours (revoked or expired), never with the token", async () => {
    const visit = await createTestVisit(db);
    const { token, linkId } = await issueVisitLink(db, visit.appointmentId);
    await revokeVisitLinks(db, visit.appointmentId);
    const { guest, token: guestToken } = await issueVisitGuest(db, {
      appointmentId: visit.appointmentId,
      displayName: "Sam",
      relationship: "Brother",
      createdById: visit.physician.userId,
    });
    const since = await lastEventId();

    await recordRefusedLink(db, client, "visitLink", (await resolveVisitLink(db, token)) as { problem: "revoked" });
    await recordRefusedLink(db, client, "visitGuest", (await resolveVisitGuest(db, guestToken, new Date(Date.now() + 365 * 86_400_000))) as { problem: "expired" });
    await revokeVisitGuest(db, visit.appointmentId, guest.id);
    await recordRefusedLink(db, client, "visitGuest", (await resolveVisitGuest(db, guestToken)) as { problem: "revoked" });

    const link = { patientId: visit.patient.patientId, resourceType: "appointment", resourceId: visit.appointmentId, outcome: "DENIED" };
    expect(await eventsFrom(since)).toEqual([
      { ...link, actorId: `visit-link:${linkId}`, actorRole: "PATIENT", action: "auth.visitLink", reason: "revoked link" },
      { ...link, actorId: `visit-guest:${guest.id}`, actorRole: null, action: "auth.visitGuest", reason: "expired link" },
      { ...link, actorId: `visit-guest:${guest.id}`, actorRole: null, action: "auth.visitGuest", reason: "revoked link" },
    ]);
    expect(JSON.stringify(await eventsFrom(since))).not.toContain(token);
  });

  it("is audited as a refused attempt by nobody in particular when it is forged", async () => {
    const since = await lastEventId();
    await recordRefusedLink(db, client, "visitLink", await resolveVisitLink(db, "forged.token") as { problem: "invalid" });
    await recordRefusedLink(db, client, "visitGuest", await resolveVisitGuest(db, "x".repeat(43)) as { problem: "invalid" });
    expect((await eventsFrom(since)).map(({ actorId, action, patientId, outcome, reason }) => [actorId, action, patientId, outcome, reason])).toEqual([
      [null, "auth.visitLink", null, "DENIED", "invalid link"],
      [null, "auth.visitGuest", null, "DENIED", "invalid link"],
    ]);
  });
});
