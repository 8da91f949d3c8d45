import "server-only";
import { z } from "zod";
import { auditActor, authorize, type RequestContext } from "@/lib/auth/access";
import type { AuditEventWhereInput } from "@/lib/db/generated/models";
import type { AuditOutcome, Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordAudit } from "./record";

const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX_ROWS = 100_000;
const EXPORT_BATCH_SIZE = 1000;

const CLINIC = { type: "clinic" } as const;

// An empty form field means "any", not "match the empty string".
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const instant = (label: string) =>
  z.iso.datetime({ offset: true, error: `The ${label} must be a date and time like 2026-11-29T00:00:00Z.` }).transform((value) => new Date(value));

/** The audit trail's filters as query parameters: the viewer's form and the CSV export take the same ones. */
export const auditFiltersInput = z
  .object({
    patientId: optional(z.string().trim().max(64, "A patient ID has at most 64 characters.")),
    /** A user ID, or the user's email address. */
    actor: optional(z.string().trim().max(254, "Use at most 254 characters for the user.")),
    /** Matches actions that start with this, so "chart." finds every chart action. */
    action: optional(
      z
        .string()
        .trim()
        .max(100, "Use at most 100 characters for the action.")
        .regex(/^[\w.:-]+$/, "An action contains only letters, digits and . _ : -"),
    ),
    outcome: optional(z.enum(["ALLOWED", "DENIED"], "The outcome must be allowed or denied.")),
    from: optional(instant("start")),
    /** Exclusive: events before this instant. */
    to: optional(instant("end")),
    breakGlass: optional(z.literal("true", "Break-glass only is either set or not.")).transform((value) => value === "true"),
  })
  .refine((filters) => !filters.from || !filters.to || filters.from < filters.to, {
    message: "The start must be before the end.",
    path: ["to"],
  });

export type AuditFilters = z.output<typeof auditFiltersInput>;

const eventCursor = optional(z.string().regex(/^[1-9]\d{0,18}$/, "That page of results does not exist."));

/** The trail's two orders by time; newest first unless the viewer asks otherwise. */
export const AUDIT_ORDERS = ["newest", "oldest"] as const;
export type AuditOrder = (typeof AUDIT_ORDERS)[number];

/**
 * Which page of results in which order: newest first (events older than
 * `before`, an event id) or oldest first (events newer than `after`); the
 * first page when the cursor is absent. An order that is not one of the two
 * is newest first.
 */
export const auditPageInput = z.object({
  order: z.enum(AUDIT_ORDERS).default("newest").catch("newest"),
  before: eventCursor,
  after: eventCursor,
});

export type AuditPage = z.input<typeof auditPageInput>;

export interface AuditEventRow {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  /** The actor's email when the actor is a user who still exists. */
  actorEmail: string | null;
  actorRole: Role | null;
  action: string;
  outcome: AuditOutcome;
  breakGlass: boolean;
  reason: string | null;
  patientId: string | null;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditSearchResult {
  events: AuditEventRow[];
  /** Pass as `before` (newest first) or `after` (oldest first) for the next page; null on the last page. */
  nextCursor: string | null;
}

async function whereFor(db: Database, filters: AuditFilters): Promise<AuditEventWhereInput> {
  return {
    patientId: filters.patientId,
    actorId: filters.actor === undefined ? undefined : { in: await actorIds(db, filters.actor) },
    action: filters.action === undefined ? undefined : { startsWith: escapeLikePattern(filters.action) },
    outcome: filters.outcome,
    occurredAt: { gte: filters.from, lt: filters.to },
    breakGlass: filters.breakGlass ? true : undefined,
  };
}

// Prisma passes startsWith to SQL LIKE unescaped, where _ and % are wildcards.
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

// An email that belongs to nobody matches no events, rather than being ignored.
async function actorIds(db: Database, actor: string): Promise<string[]> {
  if (!actor.includes("@")) return [actor];
  const user = await db.user.findUnique({ where: { email: actor.toLowerCase() }, select: { id: true } });
  return user ? [user.id] : [];
}

/** Events past `cursor` in the order asked for: ids are given in the order events were recorded, which is time order. */
async function fetchRows(db: Database, where: AuditEventWhereInput, cursor: bigint | null, take: number, order: AuditOrder = "newest") {
  const newest = order === "newest";
  const events = await db.auditEvent.findMany({
    where: cursor === null ? where : { AND: [where, { id: newest ? { lt: cursor } : { gt: cursor } }] },
    orderBy: { id: newest ? "desc" : "asc" },
    take,
    // The chain's hashes are for `npm run audit:verify`, not for reading.
    omit: { previousHash: true, hash: true },
  });
  const ids = [...new Set(events.flatMap((event) => (event.actorId ? [event.actorId] : [])))];
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  const emails = new Map(users.map((user) => [user.id, user.email]));
  return events.map(({ id, ...event }) => ({
    ...event,
    id: id.toString(),
    actorEmail: event.actorId ? (emails.get(event.actorId) ?? null) : null,
  }));
}

/** One page of matching events in the order asked for. Reading the trail is itself audited, with the filters and page read. */
export async function searchAuditEvents(
  db: Database,
  context: RequestContext,
  filters: AuditFilters,
  page: AuditPage,
): Promise<AuditSearchResult> {
  const { order, before, after } = auditPageInput.parse(page);
  const cursor = order === "newest" ? before : after;
  await authorize(db, context, "audit.read", CLINIC, {
    detail: `filters ${JSON.stringify(filters)}${order === "oldest" ? "; oldest first" : ""}${cursor ? `; events ${order === "newest" ? "before" : "after"} ${cursor}` : ""}`,
  });
  const rows = await fetchRows(db, await whereFor(db, filters), cursor ? BigInt(cursor) : null, AUDIT_PAGE_SIZE + 1, order);
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  return { events, nextCursor: rows.length > AUDIT_PAGE_SIZE ? (events.at(-1)?.id ?? null) : null };
}

const CSV_COLUMNS: ReadonlyArray<[header: string, value: (row: AuditEventRow) => string | null]> = [
  ["id", (row) => row.id],
  ["occurred_at", (row) => row.occurredAt.toISOString()],
  ["actor_id", (row) => row.actorId],
  ["actor_email", (row) => row.actorEmail],
  ["actor_role", (row) => row.actorRole],
  ["action", (row) => row.action],
  ["outcome", (row) => row.outcome],
  ["break_glass", (row) => String(row.breakGlass)],
  ["reason", (row) => row.reason],
  ["patient_id", (row) => row.patientId],
  ["resource_type", (row) => row.resourceType],
  ["resource_id", (row) => row.resourceId],
  ["ip", (row) => row.ip],
  ["user_agent", (row) => row.userAgent],
];

/**
 * One CSV field per RFC 4180. A spreadsheet would run a cell starting with
 * = + - @ (or a tab or carriage return before them) as a formula, and audit
 * fields such as user agents are attacker-chosen, so such cells get a leading '.
 */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const neutralised = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutralised) ? `"${neutralised.replaceAll('"', '""')}"` : neutralised;
}

export function csvRecord(values: ReadonlyArray<string | null>): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

export const AUDIT_CSV_HEADER = csvRecord(CSV_COLUMNS.map(([header]) => header));

export function auditCsvRecord(row: AuditEventRow): string {
  return csvRecord(CSV_COLUMNS.map(([, value]) => value(row)));
}

export interface AuditExport {
  /** UTF-8 CSV with a header row, newest event first. */
  body: ReadableStream<Uint8Array>;
  rowCount: number;
  /** More events matched than AUDIT_EXPORT_MAX_ROWS; only the newest are included. */
  truncated: boolean;
}

/**
 * The matching events as CSV, streamed in batches so a large export does not
 * sit in memory. The export is audited, with its filters and size.
 */
export async function auditEventsCsv(db: Database, context: RequestContext, filters: AuditFilters): Promise<AuditExport> {
  await authorize(db, context, "audit.read", CLINIC);
  const where = await whereFor(db, filters);
  const matching = await db.auditEvent.count({ where });
  const rowCount = Math.min(matching, AUDIT_EXPORT_MAX_ROWS);
  const truncated = matching > AUDIT_EXPORT_MAX_ROWS;
  await recordAudit(db, {
    ...auditActor(context),
    action: "audit.export",
    // An export filtered to one patient belongs in that patient's access history.
    patientId: filters.patientId ?? null,
    resourceType: "clinic",
    resourceId: null,
    outcome: "ALLOWED",
    reason: `${rowCount} rows${truncated ? ` (first ${AUDIT_EXPORT_MAX_ROWS} of ${matching})` : ""}; filters ${JSON.stringify(filters)}`,
  });

  const encoder = new TextEncoder();
  let before: bigint | null = null;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // The byte-order mark makes spreadsheet programs read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${AUDIT_CSV_HEADER}`));
    },
    async pull(controller) {
      const rows = sent < rowCount ? await fetchRows(db, where, before, Math.min(EXPORT_BATCH_SIZE, rowCount - sent)) : [];
      if (rows.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(rows.map(auditCsvRecord).join("")));
      sent += rows.length;
      before = BigInt(rows.at(-1)!.id);
    },
  });
  return { body, rowCount, truncated };
}
