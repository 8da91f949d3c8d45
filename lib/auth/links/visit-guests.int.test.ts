import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestVisit } from "@/lib/visits/testing/visits";
import { hashGuestToken, issueVisitGuest, resolveVisitGuest, revokeVisitGuest, VISIT_GUEST_GRACE_HOURS } from "./visit-guests";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function guestOfNewVisit() {
  const visit = await createTestVisit(db, { now: new Date("2031-03-10T15:00:00Z") });
  const issued = await issueVisitGuest(db, {
    appointmentId: visit.appointmentId,
    displayName: "Sam Morgan",
    relationship: "Brother",
    createdById: visit.physician.userId,
  });
  return { visit, ...issued };
}

describe("guest links", () => {
  it("resolve to a guest actor for exactly their visit, filed under its patient", async () => {
    const { visit, guest, token } = await guestOfNewVisit();
    expect(await resolveVisitGuest(db, token, new Date("2031-03-10T15:05:00Z"))).toEqual({
      actor: { kind: "visitGuest", guestId: guest.id, appointmentId: visit.appointmentId, patientId: visit.patient.patientId, displayName: "Sam Morgan" },
    });
  });

  it("store only a hash of the token", async () => {
    const { guest, token } = await guestOfNewVisit();
    const row = await db.visitGuest.findUniqueOrThrow({ where: { id: guest.id } });
    expect(row.tokenHash).toBe(hashGuestToken(token));
    expect(row.tokenHash).not.toContain(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("expire a while after the visit's booked end", async () => {
    const { visit, guest, token } = await guestOfNewVisit();
    const expiry = visit.endsAt.getTime() + VISIT_GUEST_GRACE_HOURS * 3_600_000;
    expect(await resolveVisitGuest(db, token, new Date(expiry - 1))).toHaveProperty("actor");
    expect(await resolveVisitGuest(db, token, new Date(expiry))).toEqual({
      problem: "expired",
      link: { id: guest.id, appointmentId: visit.appointmentId, patientId: visit.patient.patientId },
    });
  });

  it("stop working once revoked, which only the guest's own visit can do", async () => {
    const { visit, guest, token } = await guestOfNewVisit();
    const other = await createTestVisit(db);
    expect(await revokeVisitGuest(db, other.appointmentId, guest.id)).toBeNull();
    expect(await resolveVisitGuest(db, token, new Date("2031-03-10T15:05:00Z"))).toHaveProperty("actor");

    const revokedAt = new Date("2031-03-10T15:06:00Z");
    expect(await revokeVisitGuest(db, visit.appointmentId, guest.id, revokedAt)).toMatchObject({ id: guest.id, revokedAt });
    // Revoking again keeps the first time.
    expect(await revokeVisitGuest(db, visit.appointmentId, guest.id)).toMatchObject({ revokedAt });
    expect(await resolveVisitGuest(db, token, new Date("2031-03-10T15:07:00Z"))).toMatchObject({ problem: "revoked", link: { id: guest.id } });
  });

  it("refuse unknown, malformed and oversized tokens", async () => {
    const { token } = await guestOfNewVisit();
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const candidate of [flipped, "", "short", `${token}x`, "x".repeat(5000), token.replace(/.$/, "=")]) {
      expect(await resolveVisitGuest(db, candidate)).toEqual({ problem: "invalid" });
    }
  });
});
