import { describe, expect, it } from "vitest";
import {
  ACCOUNT_SLOWDOWN,
  ADDRESS_SLOWDOWN,
  GLOBAL_SLOWDOWN,
  LINK_REQUEST_SLOWDOWN,
  linkRequestCounters,
  passwordCounters,
  secondFactorCounters,
  secondsUntil,
  slowdownMs,
} from "./throttle";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe("slowdownMs", () => {
  it("lets an account's first four failures cost nothing, then doubles the wait from 30 seconds up to 15 minutes", () => {
    const waits = Array.from({ length: 14 }, (_, index) => slowdownMs(index + 1, ACCOUNT_SLOWDOWN));
    expect(waits).toEqual([
      0,
      0,
      0,
      0,
      30 * SECOND,
      1 * MINUTE,
      2 * MINUTE,
      4 * MINUTE,
      8 * MINUTE,
      15 * MINUTE,
      15 * MINUTE,
      15 * MINUTE,
      15 * MINUTE,
      15 * MINUTE,
    ]);
  });

  it("allows an address twenty failures, for the typos of a clinic's shared connection", () => {
    expect(slowdownMs(19, ADDRESS_SLOWDOWN)).toBe(0);
    expect(slowdownMs(20, ADDRESS_SLOWDOWN)).toBe(30 * SECOND);
    expect(slowdownMs(25, ADDRESS_SLOWDOWN)).toBe(15 * MINUTE);
  });

  it("slows the whole app by a minute at a time past 300 failures in 15 minutes", () => {
    expect(GLOBAL_SLOWDOWN.windowMs).toBe(15 * MINUTE);
    expect(slowdownMs(299, GLOBAL_SLOWDOWN)).toBe(0);
    expect(slowdownMs(300, GLOBAL_SLOWDOWN)).toBe(MINUTE);
    expect(slowdownMs(5000, GLOBAL_SLOWDOWN)).toBe(MINUTE);
  });

  it("mails at most three links an hour before asking a patient to wait", () => {
    expect(slowdownMs(2, LINK_REQUEST_SLOWDOWN)).toBe(0);
    expect(slowdownMs(3, LINK_REQUEST_SLOWDOWN)).toBe(15 * MINUTE);
    expect(slowdownMs(5, LINK_REQUEST_SLOWDOWN)).toBe(60 * MINUTE);
  });

  it("stays at the ceiling for any count, however large", () => {
    expect(slowdownMs(1_000_000, ACCOUNT_SLOWDOWN)).toBe(15 * MINUTE);
    expect(slowdownMs(Number.MAX_SAFE_INTEGER, ACCOUNT_SLOWDOWN)).toBe(15 * MINUTE);
  });

  it("keeps an attacker of one account to about a hundred guesses a day", () => {
    let elapsed = 0;
    let guesses = 0;
    while (elapsed < ACCOUNT_SLOWDOWN.windowMs) {
      guesses += 1;
      elapsed += slowdownMs(guesses, ACCOUNT_SLOWDOWN);
    }
    expect(guesses).toBeGreaterThan(90);
    expect(guesses).toBeLessThanOrEqual(105);
  });
});

describe("counters", () => {
  it("counts a wrong password against the account (trimmed, lower-cased email), the address and the app", () => {
    expect(passwordCounters({ email: "  Dr.Ada@Example.COM ", ip: "203.0.113.7" }).map(({ key }) => key)).toEqual([
      "account:dr.ada@example.com",
      "ip:203.0.113.7",
      "global",
    ]);
  });

  it("leaves the address out when it is unknown", () => {
    expect(passwordCounters({ email: "ada@example.com", ip: null }).map(({ key }) => key)).toEqual([
      "account:ada@example.com",
      "global",
    ]);
  });

  it("counts wrong codes apart from wrong passwords, so they cannot slow the password", () => {
    expect(secondFactorCounters({ email: "Ada@example.com", ip: "2001:db8::1" }).map(({ key }) => key)).toEqual([
      "second-factor:ada@example.com",
      "ip:2001:db8::1",
      "global",
    ]);
  });

  it("counts link requests apart from sign-in failures", () => {
    expect(linkRequestCounters({ email: "Ada@example.com", ip: "203.0.113.7" }).map(({ key }) => key)).toEqual([
      "link-request:ada@example.com",
      "link-request-ip:203.0.113.7",
    ]);
  });
});

describe("secondsUntil", () => {
  const now = new Date("2030-01-01T12:00:00.000Z");
  const after = (ms: number) => new Date(now.getTime() + ms);

  it("is 0 when nothing is pending, including at the instant a wait ends", () => {
    expect(secondsUntil([], now)).toBe(0);
    expect(secondsUntil([null, after(-1), now], now)).toBe(0);
  });

  it("rounds up to whole seconds and waits for the last deadline", () => {
    expect(secondsUntil([after(1)], now)).toBe(1);
    expect(secondsUntil([after(2_500), null, after(90_001), after(-5_000)], now)).toBe(91);
  });
});
