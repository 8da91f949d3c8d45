import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/prisma";
import type { ScratchDatabase } from "@/lib/db/testing/scratch-database";
import { DEMO_NOW, seededDemoClinic } from "@/lib/fhir/testing/demo-clinic";
import { findFreeSlots } from "./slot-search";
import { createTestStaff } from "./testing/clinic";

// The whole clinic's free slots at once, on the demo clinic over 30 days that
// take New York (8 March) and Berlin (29 March) onto summer time: the same
// slots as each physician's own search, and the same as before the search
// authorized every physician at once (the digest was taken then).

let demo: { database: ScratchDatabase; db: Database };

beforeAll(async () => {
  demo = await seededDemoClinic({ patients: 6 });
}, 300_000);

afterAll(async () => {
  await demo?.db.$disconnect();
  await demo?.database.drop();
});

describe("slot search over the whole demo clinic", () => {
  it("finds each physician's own free slots across both summer-time changes, auditing each physician's search and the clinic's once", { timeout: 120_000 }, async () => {
    const { db } = demo;
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const visitType = await db.visitType.findFirstOrThrow({ where: { isActive: true, durationMinutes: 30 }, select: { id: true } });
    const range = { visitTypeId: visitType.id, from: new Date("2026-03-06T00:00:00Z"), to: new Date("2026-04-05T00:00:00Z"), now: DEMO_NOW };

    const all = await findFreeSlots(db, scheduler, range);
    expect(all.length).toBe(3);
    for (const physician of all) {
      const [own] = await findFreeSlots(db, scheduler, { ...range, physicianId: physician.physicianId });
      expect(physician.slots, physician.physicianName).toEqual(own!.slots);
    }
    const byName = all.map((physician) => [physician.physicianName, physician.timeZone, physician.slots.map((slot) => `${slot.start}/${slot.end}`)]);
    expect(all.map((physician) => physician.slots.length)).toEqual(EXPECTED_COUNTS);
    expect(createHash("sha256").update(JSON.stringify(byName)).digest("hex")).toBe(EXPECTED_DIGEST);

    const audited = await db.auditEvent.findMany({ where: { actorId: scheduler.actor.kind === "user" ? scheduler.actor.userId : "", action: "availability.read" }, select: { resourceId: true } });
    expect(audited.map((event) => event.resourceId ?? "the clinic").sort()).toEqual([...all.map((physician) => physician.physicianId), "the clinic"].sort());
  });
});

const EXPECTED_COUNTS = [88, 101, 102];
const EXPECTED_DIGEST = "5b0774c61c3f1d249be98712018f5e74067363c892c3c701921efc209f5a1812";
