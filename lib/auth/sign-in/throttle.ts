import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";

// Failed sign-ins are counted in the database, so the counts hold across
// restarts and across app instances. Counting never locks anyone out: past a
// counter's allowance, attempts are slowed (each failure makes the next one
// wait twice as long, up to a ceiling), and while an attempt is slowed only the
// right password together with a valid second factor gets through
// (lib/auth/sign-in/sign-in.ts). The numbers and why: README, "Security model".

export interface SlowdownPolicy {
  /** The failure, counted within the window, after which the next attempt first has to wait. */
  slowFrom: number;
  /** The wait after that failure; it doubles with each further one. */
  firstDelayMs: number;
  /** The longest wait, however many failures. */
  ceilingMs: number;
  /** Failures are counted from the first one for this long, then start again from nothing. */
  windowMs: number;
}

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** One person's account, whatever address the guesses come from: about a hundred guesses a day at most. */
export const ACCOUNT_SLOWDOWN: SlowdownPolicy = { slowFrom: 5, firstDelayMs: 30 * SECOND_MS, ceilingMs: 15 * MINUTE_MS, windowMs: 24 * HOUR_MS };
/** One client address, across accounts (password spraying); a clinic's shared address has room for its typos. */
export const ADDRESS_SLOWDOWN: SlowdownPolicy = { slowFrom: 20, firstDelayMs: 30 * SECOND_MS, ceilingMs: 15 * MINUTE_MS, windowMs: HOUR_MS };
/** The whole app, for guessing spread over many accounts and rotating addresses. */
export const GLOBAL_SLOWDOWN: SlowdownPolicy = { slowFrom: 300, firstDelayMs: MINUTE_MS, ceilingMs: MINUTE_MS, windowMs: 15 * MINUTE_MS };
/** Wrong codes after the right password: only someone who knows the password can add to this count. */
export const SECOND_FACTOR_SLOWDOWN: SlowdownPolicy = ACCOUNT_SLOWDOWN;
/** Emailed sign-in links asked for one account: three an hour, then at most one every 15 minutes and more rarely. */
export const LINK_REQUEST_SLOWDOWN: SlowdownPolicy = { slowFrom: 3, firstDelayMs: 15 * MINUTE_MS, ceilingMs: HOUR_MS, windowMs: HOUR_MS };
/** Emailed sign-in links asked for from one address, across accounts, so nobody mails the clinic's patients in bulk. */
export const LINK_REQUEST_ADDRESS_SLOWDOWN: SlowdownPolicy = { slowFrom: 10, firstDelayMs: 15 * MINUTE_MS, ceilingMs: HOUR_MS, windowMs: HOUR_MS };

export interface ThrottleCounter {
  key: string;
  policy: SlowdownPolicy;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

// Prefixes, so that pruning can apply each kind's own window.
const COUNTER_KINDS = {
  account: ACCOUNT_SLOWDOWN,
  ip: ADDRESS_SLOWDOWN,
  global: GLOBAL_SLOWDOWN,
  "second-factor": SECOND_FACTOR_SLOWDOWN,
  "link-request": LINK_REQUEST_SLOWDOWN,
  "link-request-ip": LINK_REQUEST_ADDRESS_SLOWDOWN,
} as const satisfies Record<string, SlowdownPolicy>;

type CounterKind = keyof typeof COUNTER_KINDS;

function counter(kind: CounterKind, subject?: string): ThrottleCounter {
  return { key: subject === undefined ? kind : `${kind}:${subject}`, policy: COUNTER_KINDS[kind] };
}

export const accountCounter = (email: string) => counter("account", normalizeEmail(email));
export const addressCounter = (ip: string) => counter("ip", ip);
export const GLOBAL_COUNTER = counter("global");
export const secondFactorCounter = (email: string) => counter("second-factor", normalizeEmail(email));
export const linkRequestCounter = (email: string) => counter("link-request", normalizeEmail(email));
export const linkRequestAddressCounter = (ip: string) => counter("link-request-ip", ip);

/** `ip` is null when the client address is unknown; then that counter is left out. */
export interface SignInAttempt {
  email: string;
  ip: string | null;
}

/** What a wrong password counts against: the account, the address and the whole app. */
export function passwordCounters({ email, ip }: SignInAttempt): ThrottleCounter[] {
  return [accountCounter(email), ...(ip ? [addressCounter(ip)] : []), GLOBAL_COUNTER];
}

/** What a wrong code after the right password counts against: the account's codes, the address and the whole app. */
export function secondFactorCounters({ email, ip }: SignInAttempt): ThrottleCounter[] {
  return [secondFactorCounter(email), ...(ip ? [addressCounter(ip)] : []), GLOBAL_COUNTER];
}

/** What asking for an emailed sign-in link counts against. */
export function linkRequestCounters({ email, ip }: SignInAttempt): ThrottleCounter[] {
  return [linkRequestCounter(email), ...(ip ? [linkRequestAddressCounter(ip)] : [])];
}

/**
 * How long the next attempt waits after the failure that brought the count to
 * `failures`: nothing before `slowFrom`, then `firstDelayMs`, doubling with each
 * failure, never more than `ceilingMs`.
 */
export function slowdownMs(failures: number, policy: SlowdownPolicy): number {
  if (failures < policy.slowFrom) return 0;
  // Capped before exponentiating, so a huge count cannot overflow to Infinity or NaN.
  const doublings = Math.min(failures - policy.slowFrom, 32);
  return Math.min(policy.ceilingMs, policy.firstDelayMs * 2 ** doublings);
}

/** Whole seconds until the last of these deadlines passes; 0 once they all have. */
export function secondsUntil(deadlines: (Date | null)[], now: Date): number {
  const remainingMs = Math.max(0, ...deadlines.map((until) => (until ? until.getTime() - now.getTime() : 0)));
  return Math.ceil(remainingMs / 1000);
}

/** The Prisma client or a transaction client. */
type ThrottleDatabase = Pick<Database, "signInThrottle" | "$queryRaw">;

/** For each counter's key, the seconds an attempt still has to wait (0: none). */
export async function slowdownsOf(
  db: ThrottleDatabase,
  counters: ThrottleCounter[],
  now: Date = new Date(),
): Promise<Map<string, number>> {
  const rows = await db.signInThrottle.findMany({
    where: { key: { in: counters.map(({ key }) => key) } },
    select: { key: true, slowedUntil: true },
  });
  const slowedUntil = new Map(rows.map((row) => [row.key, row.slowedUntil]));
  return new Map(counters.map(({ key }) => [key, secondsUntil([slowedUntil.get(key) ?? null], now)]));
}

/** The seconds the slowest of these counters still makes an attempt wait. */
export async function secondsSlowed(db: ThrottleDatabase, counters: ThrottleCounter[], now: Date = new Date()): Promise<number> {
  return Math.max(0, ...(await slowdownsOf(db, counters, now)).values());
}

/**
 * Counts one failure against each counter and returns how many seconds the
 * next attempt now waits. Count only attempts that were evaluated: one refused
 * unseen, because it came while slowed, must not make the wait longer.
 */
export async function countFailure(db: ThrottleDatabase, counters: ThrottleCounter[], now: Date = new Date()): Promise<number> {
  const slowedUntil = await Promise.all(counters.map(({ key, policy }) => countOne(db, key, policy, now)));
  return secondsUntil(slowedUntil, now);
}

/** After a successful sign-in that was not slowed: a person's own typos are forgiven. Addresses keep their counts. */
export async function forgetFailures(db: ThrottleDatabase, counters: ThrottleCounter[]): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: { in: counters.map(({ key }) => key) } } });
}

/**
 * Deletes counters that no longer hold anything back: their window is over
 * and they slow nothing, so the next failure would start afresh anyway.
 * Without this, every address and email ever mistyped would stay. Returns how
 * many went.
 */
export async function pruneSignInThrottles(db: Pick<Database, "signInThrottle">, now: Date = new Date()): Promise<number> {
  const { count } = await db.signInThrottle.deleteMany({
    where: {
      OR: Object.entries(COUNTER_KINDS).map(([kind, policy]) => ({
        OR: [{ key: kind }, { key: { startsWith: `${kind}:` } }],
        windowStartedAt: { lte: new Date(now.getTime() - policy.windowMs) },
      })),
      AND: { OR: [{ slowedUntil: null }, { slowedUntil: { lte: now } }] },
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

// The wait, in SQL, after the failure that makes the count `failures`: slowdownMs's arithmetic.
function slowdownSql(failures: Prisma.Sql, policy: SlowdownPolicy): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${failures} < ${policy.slowFrom} THEN 0
    ELSE LEAST(${policy.ceilingMs}::float8, ${policy.firstDelayMs}::float8 * power(2, LEAST(${failures} - ${policy.slowFrom}, 32))) END`;
}

// One upsert, so concurrent failures on the same key serialize on its row and
// none is lost. SET expressions see the row as it was before this failure.
async function countOne(db: ThrottleDatabase, key: string, policy: SlowdownPolicy, now: Date): Promise<Date | null> {
  const windowOver = Prisma.sql`t."windowStartedAt" <= ${timestamptz(new Date(now.getTime() - policy.windowMs))}`;
  const failures = Prisma.sql`(CASE WHEN ${windowOver} THEN 1 ELSE t."failures" + 1 END)`;
  // No wait leaves the deadline as it was (null at first): a "now" written by an
  // app instance whose clock runs ahead would slow the others for nothing.
  const slowedUntil = (count: Prisma.Sql, previous: Prisma.Sql) => {
    const waitMs = slowdownSql(count, policy);
    return Prisma.sql`CASE WHEN (${waitMs}) = 0 THEN ${previous}
      ELSE GREATEST(${previous}, ${timestamptz(now)} + make_interval(secs => (${waitMs}) / 1000.0)) END`;
  };
  const rows = await db.$queryRaw<{ slowedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "failures", "windowStartedAt", "slowedUntil")
    VALUES (${key}, 1, ${timestamptz(now)}, ${slowedUntil(Prisma.sql`1`, Prisma.sql`NULL::timestamptz`)})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = ${failures},
      "windowStartedAt" = CASE WHEN ${windowOver} THEN ${timestamptz(now)} ELSE t."windowStartedAt" END,
      "slowedUntil" = ${slowedUntil(failures, Prisma.sql`t."slowedUntil"`)}
    RETURNING "slowedUntil"`;
  return rows[0]?.slowedUntil ?? null;
}
