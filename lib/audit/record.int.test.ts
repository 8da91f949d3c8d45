import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/db/generated/enums";
import { createPrismaClient } from "@/lib/db/prisma";
import { recordAudit, type AuditEntry } from "./record";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

function entry(resourceId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actorId: "user-record-test",
    actorRole: "PHYSICIAN",
    action: "chart.read",
    patientId: "patient-record-test",
    resourceType: "patient",
    resourceId,
    outcome: "ALLOWED",
    ip: "198.51.100.4",
    userAgent: "record.int.test",
    ...overrides,
  };
}

const stored = (resourceIds: string[]) =>
  db.auditEvent.findMany({ where: { resourceId: { in: resourceIds } }, orderBy: { id: "asc" } });

describe("recordAudit", () => {
  it("stores events written together, each complete, before any of their callers goes on", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await Promise.all(ids.map((id, index) => recordAudit(db, entry(id, { outcome: index === 1 ? "DENIED" : "ALLOWED", reason: index === 1 ? "not treating" : null }))));

    const events = await stored(ids);
    expect(events.map((event) => [event.resourceId, event.outcome, event.reason])).toEqual([
      [ids[0], "ALLOWED", null],
      [ids[1], "DENIED", "not treating"],
      [ids[2], "ALLOWED", null],
    ]);
    expect(events.every((event) => event.actorRole === "PHYSICIAN" && event.ip === "198.51.100.4")).toBe(true);
  });

  it("fails every caller of a batch that could not be stored, and stores none of it", async () => {
    const ids = [randomUUID(), randomUUID()];
    const results = await Promise.allSettled([
      recordAudit(db, entry(ids[0]!)),
      recordAudit(db, entry(ids[1]!, { actorRole: "NOT_A_ROLE" as Role })),
    ]);

    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(await stored(ids)).toEqual([]);
  });

  it("clips overlong text instead of refusing the event", async () => {
    const id = randomUUID();
    await recordAudit(db, entry(id, { userAgent: "x".repeat(5000) }));

    const [event] = await stored([id]);
    expect(event?.userAgent).toHaveLength(1000);
  });
});
