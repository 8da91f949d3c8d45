import { describe, expect, it } from "vitest";
import {
  ACCOUNT_THROTTLE,
  IP_THROTTLE,
  accountThrottleKey,
  ipThrottleKey,
  signInDecision,
  throttleKeys,
} from "./throttle";

const MINUTE = 60_000;

describe("policies", () => {
  it("locks an account for 15 minutes after 5 failures in 15 minutes", () => {
    expect(ACCOUNT_THROTTLE).toEqual({ limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE });
  });

  it("locks an IP address for 15 minutes after 20 failures in 15 minutes", () => {
    expect(IP_THROTTLE).toEqual({ limit: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE });
  });
});

describe("throttle keys", () => {
  it("keys accounts by trimmed, lower-cased email", () => {
    expect(accountThrottleKey("  Dr.Ada@Example.COM ")).toBe("account:dr.ada@example.com");
  });

  it("keys addresses as given", () => {
    expect(ipThrottleKey("2001:db8::1")).toBe("ip:2001:db8::1");
  });

  it("counts the account and the address", () => {
    expect(throttleKeys({ email: "Ada@example.com", ip: "203.0.113.7" })).toEqual([
      { key: "account:ada@example.com", policy: ACCOUNT_THROTTLE },
      { key: "ip:203.0.113.7", policy: IP_THROTTLE },
    ]);
  });

  it("counts only the account when the address is unknown", () => {
    expect(throttleKeys({ email: "ada@example.com", ip: null })).toEqual([
      { key: "account:ada@example.com", policy: ACCOUNT_THROTTLE },
    ]);
  });
});

describe("signInDecision", () => {
  const now = new Date("2030-01-01T12:00:00.000Z");
  const after = (ms: number) => new Date(now.getTime() + ms);

  it("allows when nothing is locked", () => {
    expect(signInDecision([], now)).toEqual({ allowed: true });
    expect(signInDecision([null, null], now)).toEqual({ allowed: true });
  });

  it("allows once a lock has lifted, including at the instant it lifts", () => {
    expect(signInDecision([after(-1)], now)).toEqual({ allowed: true });
    expect(signInDecision([now], now)).toEqual({ allowed: true });
  });

  it("refuses while locked, rounding the wait up to whole seconds", () => {
    expect(signInDecision([after(1)], now)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(signInDecision([after(15 * MINUTE)], now)).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });

  it("waits for the last of several locks", () => {
    expect(signInDecision([after(2_500), null, after(90_001), after(-5_000)], now)).toEqual({
      allowed: false,
      retryAfterSeconds: 91,
    });
  });
});
