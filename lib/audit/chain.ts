import "server-only";
import { createHash } from "node:crypto";

// The audit trail's hash chain, checked from outside the database. The
// trigger AuditEvent_chain (migration 20261203090000_database_roles_and_audit_chain)
// gives every event
//   previousHash = the hash of the event before it (GENESIS_HASH for the first)
//   hash         = sha256(previousHash || chainInput(event))
// as it is inserted, one transaction at a time. This module recomputes the
// same from the rows alone, trusting no function in the database, so an event
// changed, removed or slipped in by anyone who got past the append-only
// trigger (the tables' owner, a superuser, an edited backup) shows as the
// first link that no longer holds. Removing the newest events leaves an intact
// but shorter chain: keep the head that verifyAuditChain reports elsewhere.

export const GENESIS_HASH = Buffer.alloc(32);

/** An AuditEvent row as the pg driver returns it (bigint ids as strings). */
export interface ChainedAuditEvent {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  patientId: string | null;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
  breakGlass: boolean;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  previousHash: Buffer;
  hash: Buffer;
}

export interface ChainLink {
  id: string;
  occurredAt: Date;
}

export type BrokenLinkProblem =
  /** The event's fields no longer give its hash: it was changed after it was written. */
  | "altered"
  /** The event does not follow the one before it: an event between them was removed or changed, or this one was inserted. */
  | "unlinked";

export interface ChainVerification {
  /** Events found intact, in chain order, before the first broken link (all of them when there is none). */
  intact: number;
  /** The last intact event and its hash. */
  head: (ChainLink & { hash: string }) | null;
  broken: (ChainLink & { problem: BrokenLinkProblem }) | null;
}

export interface AuditChainReader {
  query<Row>(sql: string, values: unknown[]): Promise<{ rows: Row[] }>;
}

/** The fields in a fixed order, each as S<UTF-8 byte length>:<text> or N for null, as the trigger's audit_event_chain_input writes them. */
export function chainInput(event: Omit<ChainedAuditEvent, "previousHash" | "hash">): Buffer {
  const fields = [
    event.id,
    event.occurredAt.toISOString(),
    event.actorId,
    event.actorRole,
    event.action,
    event.patientId,
    event.resourceType,
    event.resourceId,
    event.outcome,
    String(event.breakGlass),
    event.reason,
    event.ip,
    event.userAgent,
  ];
  return Buffer.from(fields.map((field) => (field === null ? "N" : `S${Buffer.byteLength(field, "utf8")}:${field}`)).join(""), "utf8");
}

export function chainHash(previousHash: Buffer, event: Omit<ChainedAuditEvent, "previousHash" | "hash">): Buffer {
  return createHash("sha256").update(previousHash).update(chainInput(event)).digest();
}

const PAGE_SIZE = 5_000;

/** Walks the whole trail in chain (id) order and stops at the first broken link. */
export async function verifyAuditChain(db: AuditChainReader, options: { pageSize?: number } = {}): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  let expectedPrevious: Buffer = GENESIS_HASH;
  let head: ChainVerification["head"] = null;
  let intact = 0;
  let after = "0";
  for (;;) {
    const { rows } = await db.query<ChainedAuditEvent>(
      `SELECT "id", "occurredAt", "actorId", "actorRole", "action", "patientId", "resourceType", "resourceId",
              "outcome", "breakGlass", "reason", "ip", "userAgent", "previousHash", "hash"
       FROM "AuditEvent" WHERE "id" > $1 ORDER BY "id" LIMIT $2`,
      [after, pageSize],
    );
    for (const event of rows) {
      const link = { id: String(event.id), occurredAt: event.occurredAt };
      if (!event.previousHash.equals(expectedPrevious)) return { intact, head, broken: { ...link, problem: "unlinked" } };
      if (!event.hash.equals(chainHash(event.previousHash, event))) return { intact, head, broken: { ...link, problem: "altered" } };
      intact += 1;
      head = { ...link, hash: event.hash.toString("hex") };
      expectedPrevious = event.hash;
    }
    if (rows.length < pageSize) return { intact, head, broken: null };
    after = head!.id;
  }
}

/** What `npm run audit:verify` prints. */
export function describeChainVerification({ intact, head, broken }: ChainVerification): string {
  const at = (link: ChainLink) => `event ${link.id} (${link.occurredAt.toISOString()})`;
  if (broken) {
    const why =
      broken.problem === "altered"
        ? "its fields no longer match its hash, so it was changed after it was written"
        : "it does not follow the event before it, so an event before it was removed or changed, or this one was inserted";
    return [
      `The audit trail is broken at ${at(broken)}: ${why}.`,
      head ? `The ${intact} event(s) up to ${at(head)} are intact.` : "No event before it is intact.",
    ].join("\n");
  }
  if (!head) return "The audit trail is empty.";
  return [
    `The audit trail is intact: ${intact} event(s), the last ${at(head)}.`,
    `Its hash is ${head.hash}. Keep it somewhere else: a later run that ends before it shows that newer events were removed.`,
  ].join("\n");
}
