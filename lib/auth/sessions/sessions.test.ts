import { describe, expect, it } from "vitest";
import { SESSION_MAX_AGE_MS, STAFF_IDLE_TIMEOUT_MS, sessionEndReason } from "./sessions";

const signedInAt = new Date("2026-11-29T08:00:00Z");
const session = (overrides: Partial<Parameters<typeof sessionEndReason>[0]> = {}) => ({
  createdAt: signedInAt,
  lastActiveAt: signedInAt,
  expires: new Date(signedInAt.getTime() + SESSION_MAX_AGE_MS),
  revokedAt: null,
  ...overrides,
});
const staff = { role: "PHYSICIAN" as const, disabledAt: null, passwordChangedAt: null };
const patient = { ...staff, role: "PATIENT" as const };
const after = (ms: number) => new Date(signedInAt.getTime() + ms);
const MINUTE = 60_000;

describe("sessionEndReason", () => {
  it("keeps a staff session alive up to 15 idle minutes and ends it after", () => {
    expect(sessionEndReason(session(), staff, after(STAFF_IDLE_TIMEOUT_MS))).toBeNull();
    expect(sessionEndReason(session(), staff, after(STAFF_IDLE_TIMEOUT_MS + 1))).toBe("idle");
  });

  it("does not end a patient's session for idleness", () => {
    expect(sessionEndReason(session(), patient, after(3 * 60 * MINUTE))).toBeNull();
  });

  it("ends every session 12 hours after sign-in, however active", () => {
    const active = session({ lastActiveAt: after(12 * 60 * MINUTE - MINUTE) });
    expect(sessionEndReason(active, staff, after(12 * 60 * MINUTE - 1))).toBeNull();
    expect(sessionEndReason(active, staff, after(12 * 60 * MINUTE))).toBe("expired");
  });

  it("ends sessions at once when revoked, when the user is disabled, or when the password changes", () => {
    const now = after(MINUTE);
    expect(sessionEndReason(session({ revokedAt: now }), staff, now)).toBe("revoked");
    expect(sessionEndReason(session(), { ...staff, disabledAt: now }, now)).toBe("disabled");
    expect(sessionEndReason(session(), { ...staff, passwordChangedAt: now }, now)).toBe("password-changed");
    expect(sessionEndReason(session(), { ...staff, passwordChangedAt: after(-MINUTE) }, now)).toBeNull();
  });
});
