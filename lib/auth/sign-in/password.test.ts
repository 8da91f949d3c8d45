import * as argon2 from "@node-rs/argon2";
import { describe, expect, it, vi } from "vitest";
import {
  DUMMY_PASSWORD_HASH,
  checkPasswordPolicy,
  hashPassword,
  verifyPassword,
  verifyPasswordOrDummy,
} from "./password";

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

const GOOD_PASSWORD = "violet-harbor-tractor-42";

describe("hashPassword and verifyPassword", () => {
  it("hashes with argon2id at the configured cost", async () => {
    const passwordHash = await hashPassword(GOOD_PASSWORD);
    expect(passwordHash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
  });

  it("accepts the password and refuses any other", async () => {
    const passwordHash = await hashPassword(GOOD_PASSWORD);
    expect(await verifyPassword(passwordHash, GOOD_PASSWORD)).toBe(true);
    expect(await verifyPassword(passwordHash, "violet-harbor-tractor-43")).toBe(false);
    expect(await verifyPassword(passwordHash, "")).toBe(false);
  });

  it("treats compatibility forms of a character alike (NFKC)", async () => {
    const passwordHash = await hashPassword("Ｖiolet-harbor-tractor-42");
    expect(await verifyPassword(passwordHash, "Violet-harbor-tractor-42")).toBe(true);
  });

  it("returns false for a malformed hash instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", GOOD_PASSWORD)).toBe(false);
    expect(await verifyPassword("", GOOD_PASSWORD)).toBe(false);
    expect(await verifyPassword("$argon2id$v=19$m=19456,t=2,p=1$broken", GOOD_PASSWORD)).toBe(false);
  });

  it("refuses input longer than any password the policy accepts", async () => {
    const tooLong = "x".repeat(129);
    const passwordHash = await hashPassword(tooLong);
    expect(await verifyPassword(passwordHash, tooLong)).toBe(false);
  });
});

describe("verifyPasswordOrDummy", () => {
  it("verifies against the dummy hash when there is no account, and fails", async () => {
    const verify = vi.mocked(argon2.verify);
    verify.mockClear();
    expect(await verifyPasswordOrDummy(null, GOOD_PASSWORD)).toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]?.[0]).toBe(DUMMY_PASSWORD_HASH);
  });

  it("verifies against the account's hash when there is one", async () => {
    const passwordHash = await hashPassword(GOOD_PASSWORD);
    expect(await verifyPasswordOrDummy(passwordHash, GOOD_PASSWORD)).toBe(true);
    expect(await verifyPasswordOrDummy(passwordHash, "wrong-password-entirely")).toBe(false);
  });

  it("uses a dummy hash that costs what a real one costs", async () => {
    const real = argon2.parseOptions(await hashPassword(GOOD_PASSWORD));
    expect(argon2.parseOptions(DUMMY_PASSWORD_HASH)).toEqual(real);
  });
});

describe("checkPasswordPolicy", () => {
  it("accepts a long, uncommon, impersonal password", () => {
    expect(checkPasswordPolicy(GOOD_PASSWORD, { email: "ada@example.com", name: "Ada Lovelace" })).toEqual({ ok: true });
  });

  it("requires at least 12 characters, counted as characters rather than UTF-16 units", () => {
    expect(checkPasswordPolicy("river-stone")).toEqual({ ok: false, problem: "Use at least 12 characters." });
    expect(checkPasswordPolicy("🙂🌲🙂🌲🙂🌲")).toEqual({ ok: false, problem: "Use at least 12 characters." });
    expect(checkPasswordPolicy("river-stone1")).toEqual({ ok: true });
  });

  it("allows at most 128 characters", () => {
    const longest = "violet-harbor-tractor-".repeat(6).slice(0, 128);
    expect(checkPasswordPolicy(longest)).toEqual({ ok: true });
    expect(checkPasswordPolicy(`${longest}x`)).toEqual({ ok: false, problem: "Use at most 128 characters." });
  });

  it("refuses a single repeated character", () => {
    expect(checkPasswordPolicy("zzzzzzzzzzzzzz")).toEqual({
      ok: false,
      problem: "Don't repeat a single character; choose another password.",
    });
  });

  it("refuses common passwords in any case", () => {
    const tooCommon = { ok: false, problem: "This password is too common; choose another." };
    expect(checkPasswordPolicy("Password1234")).toEqual(tooCommon);
    expect(checkPasswordPolicy("QWERTYUIOP123")).toEqual(tooCommon);
    expect(checkPasswordPolicy("Summer2024!!")).toEqual(tooCommon);
  });

  it("refuses the email's local part, or a word of it, of 4 or more characters", () => {
    const problem = { ok: false, problem: "Don't include your email address in your password." };
    expect(checkPasswordPolicy("xx-margaret-violin", { email: "Margaret@example.com" })).toEqual(problem);
    expect(checkPasswordPolicy("hamilton-blue-violin", { email: "margaret.hamilton@example.com" })).toEqual(problem);
    expect(checkPasswordPolicy("jo-blue-violin-sky", { email: "jo@example.com" })).toEqual({ ok: true });
  });

  it("refuses a word of the person's name of 4 or more characters", () => {
    expect(checkPasswordPolicy("LOVELACE-river-stone", { name: "Ada Lovelace" })).toEqual({
      ok: false,
      problem: "Don't include your name in your password.",
    });
    expect(checkPasswordPolicy("ada-river-stone-9", { name: "Ada Lovelace" })).toEqual({ ok: true });
  });
});
