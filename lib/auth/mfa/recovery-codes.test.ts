import { describe, expect, it } from "vitest";
import { RECOVERY_CODE_COUNT, generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";

describe("generateRecoveryCodes", () => {
  it("makes ten distinct codes in three groups of four unambiguous characters", () => {
    const codes = generateRecoveryCodes();
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  });

  it("makes a new set each time", () => {
    expect(generateRecoveryCodes()).not.toEqual(generateRecoveryCodes());
  });
});

describe("hashRecoveryCode", () => {
  // SHA-256 of "7KQ4M2XD9PTA".
  const expected = "feff1d3e165c73022f1b734a2c9bd15afa9bad433889fce71ae75f3ca98766a2";

  it("hashes the code without its dashes", () => {
    expect(hashRecoveryCode("7KQ4-M2XD-9PTA")).toBe(expected);
  });

  it("ignores case, spaces and dashes as people type them", () => {
    expect(hashRecoveryCode(" 7kq4 m2xd-9pta ")).toBe(expected);
    expect(hashRecoveryCode("7KQ4M2XD9PTA")).toBe(expected);
  });

  it("tells different codes apart", () => {
    expect(hashRecoveryCode("7KQ4-M2XD-9PTB")).not.toBe(expected);
  });
});
