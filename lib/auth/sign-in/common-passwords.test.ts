import { describe, expect, it } from "vitest";
import { isCommonPassword } from "./common-passwords";

describe("isCommonPassword", () => {
  it.each([
    "password1234",
    "qwertyuiop123",
    "123456789012",
    "iloveyou1234",
    "welcome12345",
    "administrator",
    "passwordpassword",
    "letmein12345",
    "trustno1trustno1",
    "1qaz2wsx3edc",
    "changeme1234",
    "telemedicine",
    "123456",
  ])("lists %s", (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });

  it("ignores case", () => {
    expect(isCommonPassword("PassWord1234")).toBe(true);
  });

  it("catches a word and a year followed by punctuation", () => {
    expect(isCommonPassword("Summer2024!!")).toBe(true);
    expect(isCommonPassword("december1999")).toBe(true);
    expect(isCommonPassword("Welcome2031#!")).toBe(true);
    expect(isCommonPassword("summer2024stroll")).toBe(false);
  });

  it("passes an uncommon password", () => {
    expect(isCommonPassword("violet-harbor-tractor-42")).toBe(false);
  });
});
