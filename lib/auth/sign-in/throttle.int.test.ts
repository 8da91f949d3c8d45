import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/prisma";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/testing/scratch-database";
import {
  ACCOUNT_SLOWDOWN,
  accountCounter,
  addressCounter,
  countFailure,
  forgetFailures,
  GLOBAL_COUNTER,
  passwordCounters,
  pruneSignInThrottles,
  secondsSlowed,
  slowdownMs,
  type SignInAttempt,
} from "./throttle";

// A database of its own: these tests count hundreds of failures against the
// whole app's counter, which would slow other files' sign-ins.
let database: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  db = createPrismaClient(database.url);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const start = new Date("2030-06-01T09:00:00.000Z");
const at = (ms: number) => new Date(start.getTime() + ms);

const uniqueEmail = () => `throttle-${randomUUID()}@example.test`;
const uniqueIp = () => `198.51.100.${randomUUID()}`;
const attempt = (): SignInAttempt => ({ email: uniqueEmail(), ip: uniqueIp() });

const storedRow = (key: string) => db.signInThrottle.findUnique({ where: { key } });

describe("countFailure", () => {
  it("makes each failure past the fourth wait twice as long as the last, up to 15 minutes, as slowdownMs says", async () => {
    const account = accountCounter(uniqueEmail());
    const waits: number[] = [];
    for (let failures = 1; failures <= 11; failures++) waits.push(await countFailure(db, [account], start));
    expect(waits).toEqual(Array.from({ length: 11 }, (_, index) => slowdownMs(index + 1, ACCOUNT_SLOWDOWN) / SECOND));
    expect(await storedRow(account.key)).toEqual({
      key: account.key,
      failures: 11,
      windowStartedAt: start,
      slowedUntil: at(15 * MINUTE),
    });
  });

  it("slows an account whatever address each guess comes from, and whatever the case of the email", async () => {
    const email = uniqueEmail();
    for (let guess = 0; guess < 5; guess++) await countFailure(db, passwordCounters({ email, ip: uniqueIp() }), start);
    expect(await secondsSlowed(db, passwordCounters({ email: email.toUpperCase(), ip: uniqueIp() }), at(10 * SECOND))).toBe(20);
    expect(await secondsSlowed(db, passwordCounters({ email: uniqueEmail(), ip: uniqueIp() }), start)).toBe(0);
  });

  it("survives a restart", async () => {
    const who = attempt();
    for (let guess = 0; guess < 5; guess++) await countFailure(db, passwordCounters(who), start);
    const restarted = createPrismaClient(database.url);
    try {
      expect(await secondsSlowed(restarted, passwordCounters(who), at(SECOND))).toBe(29);
    } finally {
      await restarted.$disconnect();
    }
  });

  it("starts counting afresh once the window is over", async () => {
    const account = accountCounter(uniqueEmail());
    for (let guess = 0; guess < 6; guess++) await countFailure(db, [account], start);
    expect(await countFailure(db, [account], at(ACCOUNT_SLOWDOWN.windowMs + MINUTE))).toBe(0);
    expect(await storedRow(account.key)).toMatchObject({ failures: 1, windowStartedAt: at(ACCOUNT_SLOWDOWN.windowMs + MINUTE) });
  });

  it("slows an address after twenty failures across accounts, and no other address", async () => {
    const ip = uniqueIp();
    for (let guess = 0; guess < 19; guess++) await countFailure(db, [addressCounter(ip)], start);
    expect(await secondsSlowed(db, passwordCounters({ email: uniqueEmail(), ip }), start)).toBe(0);
    expect(await countFailure(db, passwordCounters({ email: uniqueEmail(), ip }), start)).toBe(30);
    expect(await secondsSlowed(db, passwordCounters({ email: uniqueEmail(), ip: uniqueIp() }), start)).toBe(0);
  });

  it("forgets an account's failures, and leaves the address's count alone", async () => {
    const who = attempt();
    for (let guess = 0; guess < 4; guess++) await countFailure(db, passwordCounters(who), start);
    await forgetFailures(db, [accountCounter(who.email.toUpperCase())]);
    expect(await storedRow(accountCounter(who.email).key)).toBeNull();
    expect(await storedRow(addressCounter(who.ip!).key)).toMatchObject({ failures: 4 });
  });
});

describe("concurrency", () => {
  it("counts every one of simultaneous failures", async () => {
    const who = attempt();
    await Promise.all(Array.from({ length: 12 }, () => countFailure(db, passwordCounters(who), start)));
    expect(await storedRow(accountCounter(who.email).key)).toMatchObject({ failures: 12, slowedUntil: at(15 * MINUTE) });
    expect(await storedRow(addressCounter(who.ip!).key)).toMatchObject({ failures: 12 });
  });
});

describe("the whole app's counter", () => {
  // Long after every other test here, whose counts it must not meet within its 15-minute window.
  const later = new Date("2031-01-01T00:00:00.000Z");

  it("slows everyone's password sign-in by a minute once 300 guesses from rotating addresses failed within 15 minutes", async () => {
    for (let guess = 0; guess < 299; guess++) {
      await countFailure(db, passwordCounters({ email: uniqueEmail(), ip: uniqueIp() }), later);
    }
    expect(await secondsSlowed(db, passwordCounters(attempt()), later)).toBe(0);
    expect(await countFailure(db, passwordCounters(attempt()), later)).toBe(60);
    expect(await secondsSlowed(db, passwordCounters(attempt()), new Date(later.getTime() + 45 * SECOND))).toBe(15);
    expect(await secondsSlowed(db, [GLOBAL_COUNTER], new Date(later.getTime() + MINUTE))).toBe(0);
  });
});

describe("pruneSignInThrottles", () => {
  // Long before every other test's counters: pruning at these times cannot touch theirs.
  const then = (ms: number) => new Date(Date.UTC(2001, 1, 3, 9) + ms);

  it("drops each kind of counter once its own window is over and it slows nothing, and keeps the rest", async () => {
    const address = addressCounter(uniqueIp());
    const account = accountCounter(uniqueEmail());
    const slowedAccount = accountCounter(uniqueEmail());
    await countFailure(db, [address], then(0));
    await countFailure(db, [account], then(0));
    // Its window began a day ago, but its last failures still slow it for a while.
    await countFailure(db, [slowedAccount], then(0));
    for (let guess = 0; guess < 11; guess++) await countFailure(db, [slowedAccount], then(24 * 60 * MINUTE - 5 * MINUTE));

    // An address's window is an hour, an account's a day.
    await pruneSignInThrottles(db, then(2 * 60 * MINUTE));
    expect(await storedRow(address.key)).toBeNull();
    expect(await storedRow(account.key)).not.toBeNull();

    await pruneSignInThrottles(db, then(24 * 60 * MINUTE + MINUTE));
    expect(await storedRow(account.key)).toBeNull();
    expect(await storedRow(slowedAccount.key)).not.toBeNull();

    await pruneSignInThrottles(db, then(24 * 60 * MINUTE + 10 * MINUTE));
    expect(await storedRow(slowedAccount.key)).toBeNull();
  });
});
