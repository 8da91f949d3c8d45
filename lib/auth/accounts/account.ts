import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { AccessDeniedError, auditActor, type RequestContext } from "../access";
import type { ClientInfo } from "../client-info";
import type { Actor } from "../policy";
import { revokeAllSessions } from "../sessions/sessions";

// What a signed-in person does to their own account (two-step verification,
// password, sessions). The only rule is being signed in, so these bypass the
// policy's resource checks; staff still enrolling in MFA are let through,
// because this is where they enrol.

export interface OwnAccount {
  userId: string;
  client: ClientInfo;
  /** The session the request came with; null when it came another way. */
  sessionKey: string | null;
}

/** The signed-in caller's account, as an actor already authorized for what they do to it. */
export function ownAccountOf(context: RequestContext & { actor: Extract<Actor, { kind: "user" }> }): OwnAccount {
  const { actor, ip, userAgent, sessionKey } = context;
  return { userId: actor.userId, client: { ip, userAgent }, sessionKey: sessionKey ?? null };
}

/** The caller's own account, or an audited refusal (AccessDeniedError, 401) for anyone not signed in. */
export async function requireOwnAccount(db: Database, context: RequestContext, action: string): Promise<OwnAccount> {
  if (context.actor.kind === "user") return ownAccountOf({ ...context, actor: context.actor });
  const reason = "Sign in to continue.";
  await recordAudit(db, {
    ...auditActor(context),
    action,
    patientId: null,
    resourceType: "user",
    resourceId: null,
    outcome: "DENIED",
    reason,
  });
  throw new AccessDeniedError(reason, 401);
}

/** "Sign out everywhere": ends every session of the user, the caller's own included. */
export async function signOutEverywhere(db: Database, { userId, client }: OwnAccount, now = new Date()): Promise<number> {
  const ended = await revokeAllSessions(db, userId, now);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
  await recordAudit(db, {
    actorId: userId,
    actorRole: user.role,
    action: "auth.sessions.revoke_all",
    patientId: null,
    resourceType: "user",
    resourceId: userId,
    outcome: "ALLOWED",
    reason: `${ended} ${ended === 1 ? "session" : "sessions"} ended`,
    ...client,
  });
  return ended;
}
