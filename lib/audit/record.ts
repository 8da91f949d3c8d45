import "server-only";
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

/** Appends one event to the audit trail (a database trigger keeps it append-only). */
export async function recordAudit(db: Pick<Database, "auditEvent">, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      action: entry.action,
      patientId: entry.patientId,
      resourceType: entry.resourceType,
      resourceId: clip(entry.resourceId),
      outcome: entry.outcome,
      breakGlass: entry.breakGlass ?? false,
      reason: clip(entry.reason),
      ip: clip(entry.ip),
      userAgent: clip(entry.userAgent),
    },
  });
}

/** An event about someone's own account (MFA, password): the user is both actor and resource. */
export function recordAccountEvent(
  db: Pick<Database, "auditEvent">,
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
