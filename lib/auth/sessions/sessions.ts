import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import type { Role } from "@/lib/db/generated/enums";
import type { ClientInfo } from "../client-info";

export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const STAFF_IDLE_TIMEOUT_MS = 15 * 60 * 1000;
/** Writing lastActiveAt on every request would be a write per page view; a minute's precision is enough. */
const ACTIVITY_WRITE_INTERVAL_MS = 30 * 1000;

export const isStaffRole = (role: Role) => role !== "PATIENT";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  mfaEnabled: boolean;
  patientId: string | null;
  physicianId: string | null;
  /** This session's row (the stored hash of its token): what "the other sessions" are measured against. */
  sessionKey: string;
}

interface SessionState {
  expires: Date;
  lastActiveAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

interface UserState {
  role: Role;
  disabledAt: Date | null;
  passwordChangedAt: Date | null;
}

export type SessionEndReason = "revoked" | "expired" | "disabled" | "password-changed" | "idle";

/** Why a session may no longer be used, or null while it is good. */
export function sessionEndReason(session: SessionState, user: UserState, now: Date): SessionEndReason | null {
  if (session.revokedAt !== null) return "revoked";
  if (session.expires.getTime() <= now.getTime()) return "expired";
  if (user.disabledAt !== null) return "disabled";
  if (user.passwordChangedAt !== null && user.passwordChangedAt.getTime() > session.createdAt.getTime()) {
    return "password-changed";
  }
  if (isStaffRole(user.role) && now.getTime() - session.lastActiveAt.getTime() > STAFF_IDLE_TIMEOUT_MS) return "idle";
  return null;
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  db: Database,
  userId: string,
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.session.create({
    data: {
      sessionToken: hashSessionToken(token),
      userId,
      expires: new Date(now.getTime() + SESSION_MAX_AGE_MS),
      lastActiveAt: now,
      createdAt: now,
      // Every way of signing in proves who the person is, so it counts as confirming it.
      reauthenticatedAt: now,
      ipAddress: client.ip?.slice(0, 100) ?? null,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    },
  });
  return token;
}

interface SessionRow extends SessionState, UserState {
  sessionToken: string;
  userId: string;
  email: string;
  name: string;
  mfaEnabledAt: Date | null;
  patientId: string | null;
  physicianId: string | null;
}

export type SessionCheck =
  | { user: SessionUser }
  /** `unknown`: no session has this token (never had, or a forged cookie). */
  | { ended: SessionEndReason | "unknown"; sessionKey: string | null };

/**
 * The signed-in user behind a session token, or why there is none. Each
 * successful check counts as activity unless the request was a background
 * poll. Every request asks this, so it is one statement rather than a query
 * per relation.
 */
export async function checkSession(
  db: Database,
  token: string,
  now = new Date(),
  { countsAsActivity = true }: { countsAsActivity?: boolean } = {},
): Promise<SessionCheck> {
  const [session] = await db.$queryRaw<SessionRow[]>`
    SELECT s."sessionToken", s.expires, s."lastActiveAt", s."revokedAt", s."createdAt",
           u.id AS "userId", u.email, u.name, u.role::text AS role, u."disabledAt", u."passwordChangedAt", u."mfaEnabledAt",
           pa.id AS "patientId", ph.id AS "physicianId"
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    LEFT JOIN "Patient" pa ON pa."userId" = u.id
    LEFT JOIN "Physician" ph ON ph."userId" = u.id
    WHERE s."sessionToken" = ${hashSessionToken(token)}`;
  if (!session) return { ended: "unknown", sessionKey: null };
  const ended = sessionEndReason(session, session, now);
  if (ended !== null) return { ended, sessionKey: session.sessionToken };

  if (countsAsActivity && now.getTime() - session.lastActiveAt.getTime() > ACTIVITY_WRITE_INTERVAL_MS) {
    await db.session.update({ where: { sessionToken: session.sessionToken }, data: { lastActiveAt: now } });
  }
  return {
    user: {
      id: session.userId,
      email: session.email,
      name: session.name,
      role: session.role,
      mfaEnabled: session.mfaEnabledAt !== null,
      patientId: session.patientId,
      physicianId: session.physicianId,
      sessionKey: session.sessionToken,
    },
  };
}

/** The signed-in user behind a session token, or null when the session has ended for any reason. */
export async function resolveSession(
  db: Database,
  token: string,
  now = new Date(),
  options: { countsAsActivity?: boolean } = {},
): Promise<SessionUser | null> {
  const check = await checkSession(db, token, now, options);
  return "user" in check ? check.user : null;
}

/**
 * How a session ends while still usable: the person signs out, or the
 * browser, seeing them idle for the limit, signs them out (the server may not
 * have reached the limit yet: the last activity it records can lag a little).
 */
export type SessionEnding = "sign-out" | "idle";

/** Why the audit trail says a session ended. */
export type EndedBy = SessionEnding | "expired";

const END_EVENTS: Record<EndedBy, { action: string; reason: string }> = {
  "sign-out": { action: "auth.sign_out", reason: "signed out" },
  idle: { action: "auth.session.expire", reason: `idle for ${STAFF_IDLE_TIMEOUT_MS / 60_000} minutes` },
  expired: { action: "auth.session.expire", reason: `${SESSION_MAX_AGE_MS / 3_600_000} hours after sign-in` },
};

/** What a lapsed session's end is recorded as, for the reasons sessionEndReason() gives. */
export function lapseOf(reason: SessionEndReason | "unknown"): EndedBy | null {
  return reason === "idle" ? "idle" : reason === "expired" ? "expired" : null;
}

/**
 * Ends the session with this key (its stored hash) and writes its one audit
 * event, with the user and the session. Only the first caller ends it, so a
 * sign-out, a request that finds the session lapsed and the background sweep
 * (endLapsedSessions) never record the same end twice. Returns whether this
 * call ended it.
 */
export async function endSession(db: Database, sessionKey: string, endedBy: EndedBy, client: ClientInfo, now = new Date()): Promise<boolean> {
  const [ended] = await db.$queryRaw<{ userId: string; role: Role }[]>`
    UPDATE "Session" s SET "revokedAt" = ${now}, "updatedAt" = ${now}
    FROM "User" u
    WHERE s."sessionToken" = ${sessionKey} AND s."revokedAt" IS NULL AND u.id = s."userId"
    RETURNING s."userId", u.role::text AS role`;
  if (!ended) return false;
  await recordSessionEnd(db, { sessionKey, ...ended }, endedBy, client);
  return true;
}

/**
 * Ends, with their audit events, the sessions that have lapsed (idle staff
 * sessions, and any past their 12 hours) without the browser coming back to
 * find out; the background worker runs it every minute. Returns how many.
 */
export async function endLapsedSessions(db: Database, now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - STAFF_IDLE_TIMEOUT_MS);
  const ended = await db.$queryRaw<{ sessionKey: string; userId: string; role: Role; expired: boolean }[]>`
    UPDATE "Session" s SET "revokedAt" = ${now}, "updatedAt" = ${now}
    FROM "User" u
    WHERE u.id = s."userId" AND s."revokedAt" IS NULL
      AND (s.expires <= ${now} OR (u.role <> 'PATIENT' AND s."lastActiveAt" < ${idleSince}))
    RETURNING s."sessionToken" AS "sessionKey", s."userId", u.role::text AS role, s.expires <= ${now} AS expired`;
  const noClient = { ip: null, userAgent: null };
  await Promise.all(ended.map((session) => recordSessionEnd(db, session, session.expired ? "expired" : "idle", noClient)));
  return ended.length;
}

function recordSessionEnd(
  db: Database,
  session: { sessionKey: string; userId: string; role: Role },
  endedBy: EndedBy,
  client: ClientInfo,
): Promise<void> {
  const { action, reason } = END_EVENTS[endedBy];
  return recordAudit(db, {
    actorId: session.userId,
    actorRole: session.role,
    action,
    patientId: null,
    resourceType: "session",
    resourceId: session.sessionKey,
    outcome: "ALLOWED",
    reason,
    ...client,
  });
}

/** "Sign out everywhere", and what disabling a user or changing a password does. */
export async function revokeAllSessions(db: Pick<Database, "session">, userId: string, now = new Date()): Promise<number> {
  const { count } = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
