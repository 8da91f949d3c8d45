import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/auth/access";
import type { Role } from "@/lib/db/generated/enums";
import { createPrismaClient } from "@/lib/db/prisma";
import {
  AUDIT_CSV_HEADER,
  AUDIT_EXPORT_MAX_ROWS,
  auditEventsCsv,
  auditFiltersInput,
  searchAuditEvents,
  type AuditFilters,
} from "./search";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const tag = randomUUID().slice(0, 8);
const at = (iso: string) => new Date(iso);
let admin: RequestContext;
let physician: { id: string; email: string };

async function contextFor(role: Role): Promise<RequestContext> {
  const user = await db.user.create({ data: { email: `${role.toLowerCase()}-${randomUUID()}@example.test`, name: role, role } });
  return {
    actor: { kind: "user", userId: user.id, role, name: user.name, patientId: null, physicianId: null, mfaSatisfied: true },
    ip: "203.0.113.1",
    userAgent: "vitest",
  };
}

// Every event this file writes has an action starting with `t<tag>.`, so filters can be scoped to them.
const action = (name: string) => `t${tag}.${name}`;

beforeAll(async () => {
  admin = await contextFor("ADMIN");
  physician = await db.user.create({
    data: { email: `Dr.Search-${tag}@example.test`.toLowerCase(), name: "Dr. Search", role: "PHYSICIAN" },
    select: { id: true, email: true },
  });
  const base = { resourceType: "patient", outcome: "ALLOWED" as const };
  await db.auditEvent.createMany({
    data: [
      { ...base, action: action("chart.read"), actorId: physician.id, actorRole: "PHYSICIAN", patientId: `p1-${tag}`, occurredAt: at("2030-01-01T08:00:00Z") },
      { ...base, action: action("chart.read"), actorId: physician.id, actorRole: "PHYSICIAN", patientId: `p2-${tag}`, occurredAt: at("2030-01-02T08:00:00Z"), breakGlass: true, reason: "Emergency: unconscious" },
      { ...base, action: action("chart.write"), actorId: "someone-else", patientId: `p1-${tag}`, occurredAt: at("2030-01-03T08:00:00Z"), outcome: "DENIED", reason: "no relationship" },
      { ...base, action: action("note.sign"), actorId: physician.id, patientId: `p1-${tag}`, occurredAt: at("2030-01-04T08:00:00Z") },
      { ...base, action: action("ab"), occurredAt: at("2030-01-05T08:00:00Z"), userAgent: "=cmd|' /C calc'!A0" },
    ],
  });
});

const filters = (input: Record<string, string>): AuditFilters => auditFiltersInput.parse({ action: `t${tag}.`, ...input });
const actionsFound = async (input: Record<string, string>) =>
  (await searchAuditEvents(db, admin, filters(input), {})).events.map((event) => `${event.action.slice(tag.length + 2)}@${event.occurredAt.toISOString().slice(0, 10)}`);

describe("searchAuditEvents", () => {
  it("returns matching events newest first, with the actor's email", async () => {
    const { events, nextCursor } = await searchAuditEvents(db, admin, filters({}), {});
    expect(events.map((event) => event.action)).toEqual(["ab", "note.sign", "chart.write", "chart.read", "chart.read"].map(action));
    expect(events[1]).toMatchObject({ actorId: physician.id, actorEmail: physician.email });
    expect(events[2]).toMatchObject({ actorId: "someone-else", actorEmail: null });
    expect(nextCursor).toBeNull();
  });

  it("filters by patient, outcome, break-glass and action prefix", async () => {
    expect(await actionsFound({ patientId: `p1-${tag}` })).toEqual(["note.sign@2030-01-04", "chart.write@2030-01-03", "chart.read@2030-01-01"]);
    expect(await actionsFound({ outcome: "DENIED" })).toEqual(["chart.write@2030-01-03"]);
    expect(await actionsFound({ breakGlass: "true" })).toEqual(["chart.read@2030-01-02"]);
    expect(await actionsFound({ action: action("chart.") })).toEqual(["chart.write@2030-01-03", "chart.read@2030-01-02", "chart.read@2030-01-01"]);
  });

  it("matches the action prefix literally, not as a LIKE pattern", async () => {
    await db.auditEvent.create({
      data: { action: action("sign_in"), resourceType: "session", outcome: "ALLOWED", occurredAt: at("2029-12-31T08:00:00Z") },
    });
    expect(await actionsFound({ action: action("sign_in") })).toEqual(["sign_in@2029-12-31"]);
    expect(await actionsFound({ action: action("_b") })).toEqual([]);
  });

  it("filters by actor ID or actor email (in any case); an unknown email matches nothing", async () => {
    const byPhysician = ["note.sign@2030-01-04", "chart.read@2030-01-02", "chart.read@2030-01-01"];
    expect(await actionsFound({ actor: physician.id })).toEqual(byPhysician);
    expect(await actionsFound({ actor: physician.email.toUpperCase() })).toEqual(byPhysician);
    expect(await actionsFound({ actor: `nobody-${tag}@example.test` })).toEqual([]);
  });

  it("takes events from `from` (inclusive) to `to` (exclusive)", async () => {
    expect(await actionsFound({ from: "2030-01-02T08:00:00Z", to: "2030-01-04T08:00:00Z" })).toEqual([
      "chart.write@2030-01-03",
      "chart.read@2030-01-02",
    ]);
  });

  it("pages through results 50 at a time without gaps or repeats", async () => {
    const pagingAction = action("paging");
    await db.auditEvent.createMany({
      data: Array.from({ length: 120 }, () => ({ action: pagingAction, resourceType: "clinic", outcome: "ALLOWED" as const })),
    });
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let before: string | undefined;
    do {
      const page = await searchAuditEvents(db, admin, filters({ action: pagingAction }), { before });
      pageSizes.push(page.events.length);
      seen.push(...page.events.map((event) => event.id));
      before = page.nextCursor ?? undefined;
    } while (before);

    expect(pageSizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort((a, b) => Number(BigInt(b) - BigInt(a))));
  });

  it("pages oldest first when asked, keeping the filters, without gaps or repeats", async () => {
    const pagingAction = action("oldest");
    await db.auditEvent.createMany({
      data: Array.from({ length: 60 }, () => ({ action: pagingAction, resourceType: "clinic", outcome: "ALLOWED" as const })),
    });
    const first = await searchAuditEvents(db, admin, filters({ action: pagingAction }), { order: "oldest" });
    const second = await searchAuditEvents(db, admin, filters({ action: pagingAction }), { order: "oldest", after: first.nextCursor! });
    const ids = [...first.events, ...second.events].map((event) => BigInt(event.id));
    expect([first.events.length, second.events.length, second.nextCursor]).toEqual([50, 10, null]);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(await actionsFound({ patientId: `p1-${tag}` })).toEqual(["note.sign@2030-01-04", "chart.write@2030-01-03", "chart.read@2030-01-01"]);
    const oldestFirst = await searchAuditEvents(db, admin, filters({ patientId: `p1-${tag}` }), { order: "oldest" });
    expect(oldestFirst.events.map((event) => event.occurredAt.toISOString().slice(0, 10))).toEqual(["2030-01-01", "2030-01-03", "2030-01-04"]);
  });

  it("audits every search, and refuses non-administrators", async () => {
    const scheduler = await contextFor("SCHEDULER");
    await expect(searchAuditEvents(db, scheduler, filters({}), {})).rejects.toMatchObject({ status: 403 });
    await searchAuditEvents(db, admin, filters({}), {});
    const reads = await db.auditEvent.findMany({
      where: { action: "audit.read", actorId: { in: [admin.actor.kind === "user" ? admin.actor.userId : "", scheduler.actor.kind === "user" ? scheduler.actor.userId : ""] } },
      select: { actorRole: true, outcome: true },
    });
    expect(reads).toContainEqual({ actorRole: "SCHEDULER", outcome: "DENIED" });
    expect(reads).toContainEqual({ actorRole: "ADMIN", outcome: "ALLOWED" });
  });

  it("records the filters and the page each search was made with", async () => {
    const viewer = await contextFor("ADMIN");
    const viewerId = viewer.actor.kind === "user" ? viewer.actor.userId : "";
    const used = filters({ patientId: `p1-${tag}`, outcome: "DENIED", from: "2030-01-01T00:00:00Z" });
    await searchAuditEvents(db, viewer, used, { before: "123456" });
    const [event] = await db.auditEvent.findMany({ where: { action: "audit.read", actorId: viewerId } });
    expect(event!.reason).toBe(
      `filters {"patientId":"p1-${tag}","action":"t${tag}.","outcome":"DENIED","from":"2030-01-01T00:00:00.000Z","breakGlass":false}; events before 123456`,
    );
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("auditEventsCsv", () => {
  it("streams a header row and the matching events, defused, and audits the export", async () => {
    const exported = await auditEventsCsv(db, admin, filters({ patientId: `p1-${tag}` }));
    expect(exported).toMatchObject({ rowCount: 3, truncated: false });
    const text = await readAll(exported.body);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.trimEnd());
    expect(lines.slice(1, -1).map((line) => line.split(",")[5])).toEqual([action("note.sign"), action("chart.write"), action("chart.read")]);

    const all = await readAll((await auditEventsCsv(db, admin, filters({ action: action("ab") }))).body);
    expect(all).toContain(`,'=cmd|' /C calc'!A0\r\n`);

    const exportEvent = await db.auditEvent.findFirst({
      where: { action: "audit.export", patientId: `p1-${tag}` },
      orderBy: { id: "desc" },
    });
    expect(exportEvent).toMatchObject({ outcome: "ALLOWED", actorRole: "ADMIN", reason: expect.stringMatching(/^3 rows; filters/) });
  });

  it("refuses non-administrators before producing anything", async () => {
    const physicianContext = await contextFor("PHYSICIAN");
    await expect(auditEventsCsv(db, physicianContext, filters({}))).rejects.toMatchObject({ status: 403 });
    await expect(auditEventsCsv(db, { actor: { kind: "anonymous" }, ip: null, userAgent: null }, filters({}))).rejects.toMatchObject({
      status: 401,
    });
  });

  it(`stops at ${AUDIT_EXPORT_MAX_ROWS} rows, the newest, and says so`, async () => {
    const bulkAction = action("bulk");
    await db.$executeRaw`
      INSERT INTO "AuditEvent" ("action", "resourceType", "outcome")
      SELECT ${bulkAction}, 'clinic', 'ALLOWED' FROM generate_series(1, ${AUDIT_EXPORT_MAX_ROWS + 5})`;
    const exported = await auditEventsCsv(db, admin, filters({ action: bulkAction }));
    expect(exported).toMatchObject({ rowCount: AUDIT_EXPORT_MAX_ROWS, truncated: true });
    const text = await readAll(exported.body);
    expect(text.split("\r\n").length - 2).toBe(AUDIT_EXPORT_MAX_ROWS);
    const exportEvent = await db.auditEvent.findFirst({ where: { action: "audit.export" }, orderBy: { id: "desc" } });
    expect(exportEvent?.reason).toMatch(new RegExp(`^${AUDIT_EXPORT_MAX_ROWS} rows \\(first ${AUDIT_EXPORT_MAX_ROWS} of ${AUDIT_EXPORT_MAX_ROWS + 5}\\)`));
  });
});
