import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";

// Failed sign-ins are counted per account and per IP address in the database,
// so a lock holds across restarts and across server processes.

export interface ThrottlePolicy {
  /** Failures within the window that lock the key. */
  limit: number;
  windowMs: number;
  lockMs: number;
}

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

export const ACCOUNT_THROTTLE: ThrottlePolicy = { limit: 5, windowMs: FIFTEEN_MINUTES_MS, lockMs: FIFTEEN_MINUTES_MS };
export const IP_THROTTLE: ThrottlePolicy = { limit: 20, windowMs: FIFTEEN_MINUTES_MS, lockMs: FIFTEEN_MINUTES_MS };

/** `ip` is null when the client address is unknown; then only the account is counted. */
export interface SignInAttempt {
  email: string;
  ip: string | null;
}

export type SignInDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The Prisma client or a transaction client. */
type ThrottleDatabase = Pick<Database, "signInThrottle" | "$queryRaw">;

export function accountThrottleKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function ipThrottleKey(ip: string): string {
  return `ip:${ip}`;
}

/** The counters an attempt touches, each with its policy. */
export function throttleKeys({ email, ip }: SignInAttempt): { key: string; policy: ThrottlePolicy }[] {
  const keys = [{ key: accountThrottleKey(email), policy: ACCOUNT_THROTTLE }];
  if (ip) keys.push({ key: ipThrottleKey(ip), policy: IP_THROTTLE });
  return keys;
}

/** Refused while any of the keys is locked, until the last of those locks lifts. */
export function signInDecision(lockedUntil: (Date | null)[], now: Date): SignInDecision {
  const remainingMs = Math.max(0, ...lockedUntil.map((until) => (until ? until.getTime() - now.getTime() : 0)));
  if (remainingMs === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil(remainingMs / 1000) };
}

export async function checkSignInAllowed(
  db: ThrottleDatabase,
  attempt: SignInAttempt,
  now: Date = new Date(),
): Promise<SignInDecision> {
  const rows = await db.signInThrottle.findMany({
    where: { key: { in: throttleKeys(attempt).map(({ key }) => key) } },
    select: { lockedUntil: true },
  });
  return signInDecision(
    rows.map((row) => row.lockedUntil),
    now,
  );
}

/**
 * Counts a failed attempt against the account and the IP and returns whether
 * the next attempt is allowed. Record only attempts that checkSignInAllowed let
 * through: a failure counted while locked renews the lock.
 */
export async function recordSignInFailure(
  db: ThrottleDatabase,
  attempt: SignInAttempt,
  now: Date = new Date(),
): Promise<SignInDecision> {
  const lockedUntil = await Promise.all(
    throttleKeys(attempt).map(({ key, policy }) => countFailure(db, key, policy, now)),
  );
  return signInDecision(lockedUntil, now);
}

/** After a successful sign-in. The IP keeps its count: one success must not reset an attacker's budget. */
export async function clearAccountFailures(db: ThrottleDatabase, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: accountThrottleKey(email) } });
}

/**
 * Deletes counters that no longer hold anything back: their window is over
 * and any lock has lifted, so the next failure would start afresh anyway.
 * Without this, every address and email ever mistyped would stay. Returns how
 * many went.
 */
export async function pruneSignInThrottles(db: Pick<Database, "signInThrottle">, now: Date = new Date()): Promise<number> {
  const longestWindowMs = Math.max(ACCOUNT_THROTTLE.windowMs, IP_THROTTLE.windowMs);
  const { count } = await db.signInThrottle.deleteMany({
    where: {
      windowStartedAt: { lte: new Date(now.getTime() - longestWindowMs) },
      OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }],
    },
  });
  return count;
}

// Typed, because a bare parameter inside CASE would be taken for text. The Date
// goes through the pg adapter exactly as the ORM's own dates do, so raw and ORM
// reads and writes of these columns agree.
function timestamptz(date: Date): Prisma.Sql {
  return Prisma.sql`${date}::timestamptz`;
}

// One upsert, so concurrent failures on the same key serialize on its row and
// none is lost. SET expressions see the row as it was before this failure.
async function countFailure(db: ThrottleDatabase, key: string, policy: ThrottlePolicy, now: Date): Promise<Date | null> {
  const windowExpired = Prisma.sql`t."windowStartedAt" <= ${timestamptz(new Date(now.getTime() - policy.windowMs))}`;
  const failures = Prisma.sql`CASE WHEN ${windowExpired} THEN 1 ELSE t."failures" + 1 END`;
  const lockUntil = timestamptz(new Date(now.getTime() + policy.lockMs));
  const rows = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "failures", "windowStartedAt", "lockedUntil")
    VALUES (${key}, 1, ${timestamptz(now)}, CASE WHEN 1 >= ${policy.limit} THEN ${lockUntil} END)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = ${failures},
      "windowStartedAt" = CASE WHEN ${windowExpired} THEN ${timestamptz(now)} ELSE t."windowStartedAt" END,
      "lockedUntil" = CASE WHEN ${failures} >= ${policy.limit} THEN ${lockUntil} ELSE t."lockedUntil" END
    RETURNING "lockedUntil"`;
  return rows[0]?.lockedUntil ?? null;
}
