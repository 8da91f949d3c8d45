import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/prisma";
import type { Role } from "@/lib/db/generated/enums";

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

/**
 * The signed-in user behind a session token, or null when the session has
 * ended for any reason. Each successful check counts as activity unless the
 * request was a background poll. Every request asks this, so it is one
 * statement rather than a query per relation.
 */
export async function resolveSession(
  db: Database,
  token: string,
  now = new Date(),
  { countsAsActivity = true }: { countsAsActivity?: boolean } = {},
): Promise<SessionUser | null> {
  const [session] = await db.$queryRaw<SessionRow[]>`
    SELECT s."sessionToken", s.expires, s."lastActiveAt", s."revokedAt", s."createdAt",
           u.id AS "userId", u.email, u.name, u.role::text AS role, u."disabledAt", u."passwordChangedAt", u."mfaEnabledAt",
           pa.id AS "patientId", ph.id AS "physicianId"
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    LEFT JOIN "Patient" pa ON pa."userId" = u.id
    LEFT JOIN "Physician" ph ON ph."userId" = u.id
    WHERE s."sessionToken" = ${hashSessionToken(token)}`;
  if (!session || sessionEndReason(session, session, now) !== null) return null;

  if (countsAsActivity && now.getTime() - session.lastActiveAt.getTime() > ACTIVITY_WRITE_INTERVAL_MS) {
    await db.session.update({ where: { sessionToken: session.sessionToken }, data: { lastActiveAt: now } });
  }
  return {
    id: session.userId,
    email: session.email,
    name: session.name,
    role: session.role,
    mfaEnabled: session.mfaEnabledAt !== null,
    patientId: session.patientId,
    physicianId: session.physicianId,
    sessionKey: session.sessionToken,
  };
}

export async function revokeSession(db: Database, token: string, now = new Date()): Promise<void> {
  await db.session.updateMany({
    where: { sessionToken: hashSessionToken(token), revokedAt: null },
    data: { revokedAt: now },
  });
}

/** "Sign out everywhere", and what disabling a user or changing a password does. */
export async function revokeAllSessions(db: Pick<Database, "session">, userId: string, now = new Date()): Promise<number> {
  const { count } = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
