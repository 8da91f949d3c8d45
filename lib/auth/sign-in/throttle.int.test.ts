import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import {
  accountThrottleKey,
  checkSignInAllowed,
  clearAccountFailures,
  ipThrottleKey,
  pruneSignInThrottles,
  recordSignInFailure,
  type SignInAttempt,
} from "./throttle";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const MINUTE = 60_000;
const start = new Date("2030-06-01T09:00:00.000Z");
const at = (ms: number) => new Date(start.getTime() + ms);

const uniqueEmail = () => `throttle-${randomUUID()}@example.test`;
const uniqueIp = () => `test-ip-${randomUUID()}`;
const attempt = (): SignInAttempt => ({ email: uniqueEmail(), ip: uniqueIp() });

async function failTimes(who: SignInAttempt, times: number, now = start): Promise<void> {
  for (let i = 0; i < times; i++) await recordSignInFailure(db, who, now);
}

async function storedRow(key: string) {
  return db.signInThrottle.findUnique({ where: { key } });
}

describe("account lock", () => {
  it("allows four failures, then locks on the fifth for 15 minutes", async () => {
    const who = attempt();
    await failTimes(who, 4);
    expect(await checkSignInAllowed(db, who, start)).toEqual({ allowed: true });

    expect(await recordSignInFailure(db, who, start)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(await checkSignInAllowed(db, who, at(MINUTE))).toEqual({ allowed: false, retryAfterSeconds: 840 });
    expect(await storedRow(accountThrottleKey(who.email))).toEqual({
      key: accountThrottleKey(who.email),
      failures: 5,
      windowStartedAt: start,
      lockedUntil: at(15 * MINUTE),
    });
  });

  it("locks the account whatever the address and the case of the email", async () => {
    const who = attempt();
    await failTimes(who, 5);
    expect(await checkSignInAllowed(db, { email: who.email.toUpperCase(), ip: uniqueIp() }, start)).toEqual({
      allowed: false,
      retryAfterSeconds: 900,
    });
  });

  it("survives a restart", async () => {
    const who = attempt();
    await failTimes(who, 5);
    const restarted = createPrismaClient(process.env.DATABASE_URL!);
    try {
      expect(await checkSignInAllowed(restarted, who, at(MINUTE))).toEqual({ allowed: false, retryAfterSeconds: 840 });
    } finally {
      await restarted.$disconnect();
    }
  });

  it("expires after 15 minutes, and the next failure starts a new window", async () => {
    const who = attempt();
    await failTimes(who, 5);
    expect(await checkSignInAllowed(db, who, at(15 * MINUTE - 1))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await checkSignInAllowed(db, who, at(15 * MINUTE))).toEqual({ allowed: true });

    expect(await recordSignInFailure(db, who, at(16 * MINUTE))).toEqual({ allowed: true });
    expect(await storedRow(accountThrottleKey(who.email))).toMatchObject({ failures: 1, windowStartedAt: at(16 * MINUTE) });
  });

  it("forgets failures older than the window", async () => {
    const who = attempt();
    await failTimes(who, 4);
    await failTimes(who, 4, at(15 * MINUTE));
    expect(await checkSignInAllowed(db, who, at(15 * MINUTE))).toEqual({ allowed: true });
    expect(await storedRow(accountThrottleKey(who.email))).toMatchObject({ failures: 4, lockedUntil: null });
  });

  it("is cleared by a successful sign-in, which leaves the address's count alone", async () => {
    const who = attempt();
    await failTimes(who, 4);
    await clearAccountFailures(db, who.email.toUpperCase());
    expect(await storedRow(accountThrottleKey(who.email))).toBeNull();
    expect(await storedRow(ipThrottleKey(who.ip!))).toMatchObject({ failures: 4 });
  });
});

describe("address lock", () => {
  it("locks an address after 20 failures across different accounts", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 19; i++) await recordSignInFailure(db, { email: uniqueEmail(), ip }, start);
    expect(await checkSignInAllowed(db, { email: uniqueEmail(), ip }, start)).toEqual({ allowed: true });

    expect(await recordSignInFailure(db, { email: uniqueEmail(), ip }, start)).toEqual({
      allowed: false,
      retryAfterSeconds: 900,
    });
    expect(await checkSignInAllowed(db, { email: uniqueEmail(), ip }, at(MINUTE))).toEqual({
      allowed: false,
      retryAfterSeconds: 840,
    });
    expect(await checkSignInAllowed(db, { email: uniqueEmail(), ip: uniqueIp() }, at(MINUTE))).toEqual({ allowed: true });
  });

  it("counts only the account when the address is unknown", async () => {
    const email = uniqueEmail();
    await failTimes({ email, ip: null }, 5);
    expect(await checkSignInAllowed(db, { email, ip: null }, start)).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });
});

describe("concurrency", () => {
  it("counts every one of simultaneous failures", async () => {
    const who = attempt();
    await Promise.all(Array.from({ length: 10 }, () => recordSignInFailure(db, who, start)));
    expect(await storedRow(accountThrottleKey(who.email))).toMatchObject({ failures: 10 });
    expect(await storedRow(ipThrottleKey(who.ip!))).toMatchObject({ failures: 10 });
  });
});

describe("pruneSignInThrottles", () => {
  // Long before every other test's counters, which this database shares: pruning at these times cannot touch theirs.
  const then = (ms: number) => new Date(Date.UTC(2001, 1, 3, 9) + ms);

  it("drops counters whose window is over and whose lock has lifted, and keeps the ones still holding someone back", async () => {
    const ended = attempt();
    const locked = attempt();
    const recent = attempt();
    await failTimes(ended, 2, then(0));
    await failTimes(locked, 5, then(10 * MINUTE));
    await failTimes(recent, 1, then(20 * MINUTE));

    await pruneSignInThrottles(db, then(21 * MINUTE));

    expect(await storedRow(accountThrottleKey(ended.email))).toBeNull();
    expect(await storedRow(ipThrottleKey(ended.ip!))).toBeNull();
    expect(await storedRow(accountThrottleKey(locked.email))).not.toBeNull();
    expect(await checkSignInAllowed(db, locked, then(21 * MINUTE))).toEqual({ allowed: false, retryAfterSeconds: 240 });
    expect(await storedRow(accountThrottleKey(recent.email))).toMatchObject({ failures: 1 });
  });
});
