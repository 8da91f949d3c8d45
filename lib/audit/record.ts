import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import type { AuditOutcome, Role } from "@/lib/db/generated/enums";

export interface AuditEntry {
  actorId: string | null;
  actorRole: Role | null;
  action: string;
  patientId: string | null;
  resourceType: string;
  resourceId: string | null;
  outcome: AuditOutcome;
  breakGlass?: boolean;
  reason?: string | null;
  ip: string | null;
  userAgent: string | null;
}

const MAX_TEXT = 1000;
const clip = (value: string | null | undefined) => (value == null ? null : value.slice(0, MAX_TEXT));

type AuditWriter = Pick<Database, "$executeRaw">;

// Events written through the same client in the same turn of the event loop
// go to the database in one INSERT, and each caller waits for that INSERT: no
// access goes ahead before its event is stored, and busy moments cost one
// statement (and one commit) instead of one per request.
const pendingBatches = new WeakMap<AuditWriter, { entries: AuditEntry[]; written: Promise<void> }>();

/**
 * Appends one event to the audit trail and resolves once it is stored. The
 * database stamps the time, numbers the event and chains it to the one before
 * (lib/audit/chain.ts); its triggers and the app's role keep it append-only.
 */
export function recordAudit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  const pending = pendingBatches.get(db);
  if (pending) {
    pending.entries.push(entry);
    return pending.written;
  }
  const entries = [entry];
  const written = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    pendingBatches.delete(db);
    return insertAuditEvents(db, entries);
  });
  pendingBatches.set(db, { entries, written });
  return written;
}

async function insertAuditEvents(db: AuditWriter, entries: AuditEntry[]): Promise<void> {
  const rows = entries.map(
    (entry) => Prisma.sql`(${entry.actorId}, ${entry.actorRole}::"Role", ${entry.action}, ${entry.patientId}, ${entry.resourceType},
      ${clip(entry.resourceId)}, ${entry.outcome}::"AuditOutcome", ${entry.breakGlass ?? false}, ${clip(entry.reason)}, ${clip(entry.ip)}, ${clip(entry.userAgent)})`,
  );
  await db.$executeRaw`
    INSERT INTO "AuditEvent" ("actorId", "actorRole", action, "patientId", "resourceType", "resourceId", outcome, "breakGlass", reason, ip, "userAgent")
    VALUES ${Prisma.join(rows)}`;
}

/** An event about someone's own account (MFA, password): the user is both actor and resource. */
export function recordAccountEvent(
  db: AuditWriter,
  user: { id: string; role: Role },
  client: { ip: string | null; userAgent: string | null },
  action: string,
  outcome: AuditOutcome,
  reason: string | null,
): Promise<void> {
  return recordAudit(db, {
    actorId: user.id,
    actorRole: user.role,
    action,
    patientId: null,
    resourceType: "user",
    resourceId: user.id,
    outcome,
    reason,
    ...client,
  });
}

/** An attempt to sign in as `email` (with a password or a link): the account, when there is one, is the actor. */
export function recordSignInEvent(
  db: AuditWriter,
  action: string,
  email: string,
  user: { id: string; role: Role } | null,
  client: { ip: string | null; userAgent: string | null },
  outcome: AuditOutcome,
  reason: string | null,
): Promise<void> {
  return recordAudit(db, {
    actorId: user?.id ?? null,
    actorRole: user?.role ?? null,
    action,
    patientId: null,
    resourceType: "session",
    resourceId: email,
    outcome,
    reason,
    ...client,
  });
}
