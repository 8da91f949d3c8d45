import { describe, expect, it } from "vitest";
import { consentInput, identityInput, languageInput, locationInput } from "./inputs";
import { US_STATE_CODES, isUsStateCode } from "@/lib/geography/us-states";

const location = {
  state: "TX",
  addressLine: "100 Congress Ave, Apt 4",
  city: "Austin",
  postalCode: "78701",
  locationKind: "HOME",
  callbackPhone: "(512) 555-0123",
};

const issuesOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((issue) => issue.path.join(".")) ?? [];

describe("the state list", () => {
  it("holds the 50 states, DC and the five inhabited territories, once each", () => {
    expect(US_STATE_CODES).toHaveLength(56);
    expect(new Set(US_STATE_CODES).size).toBe(56);
    for (const code of ["CA", "DC", "PR", "GU", "VI", "AS", "MP"]) expect(isUsStateCode(code)).toBe(true);
    for (const code of ["XX", "ca", "toString", "__proto__"]) expect(isUsStateCode(code)).toBe(false);
  });
});

describe("locationInput", () => {
  it("takes a US location, in the United States by default, with the phone in E.164", () => {
    expect(locationInput.parse(location)).toEqual({ ...location, country: "US", callbackPhone: "+15125550123" });
  });

  it("writes a 9-digit ZIP as ZIP+4", () => {
    expect(locationInput.parse({ ...location, postalCode: "787011234" }).postalCode).toBe("78701-1234");
    expect(locationInput.parse({ ...location, postalCode: "78701-1234" }).postalCode).toBe("78701-1234");
  });

  it.each([
    ["a state that does not exist", { state: "ZZ" }, "state"],
    ["a ZIP of the wrong shape", { postalCode: "7870" }, "postalCode"],
    ["the ZIP no one has", { postalCode: "00000" }, "postalCode"],
    ["letters for a ZIP", { postalCode: "ABCDE" }, "postalCode"],
    ["markup in the address", { addressLine: "<script>alert(1)</script>" }, "addressLine"],
    ["a control character in the city", { city: "Austin\u0007" }, "city"],
    ["an oversized address", { addressLine: "x".repeat(201) }, "addressLine"],
    ["an empty city", { city: "   " }, "city"],
    ["a number that is no phone's", { callbackPhone: "555-0123" }, "callbackPhone"],
    ["a phone of the wrong type", { callbackPhone: 5125550123 }, "callbackPhone"],
    ["an unknown kind of place", { locationKind: "CAR" }, "locationKind"],
    ["a country other than the US", { country: "MX" }, "country"],
  ])("refuses %s", (_name, change, field) => {
    expect(issuesOf(locationInput.safeParse({ ...location, ...change }))).toEqual([field]);
  });
});

describe("consentInput", () => {
  it("refuses markup in the typed name and a non-boolean answer", () => {
    expect(issuesOf(consentInput.safeParse({ consentVersionId: "c1", typedName: "Ana <b>", accepted: true }))).toEqual(["typedName"]);
    expect(issuesOf(consentInput.safeParse({ consentVersionId: "c1", typedName: "Ana Ruiz", accepted: "yes" }))).toEqual(["accepted"]);
    expect(issuesOf(consentInput.safeParse({ consentVersionId: "../x", typedName: "Ana Ruiz", accepted: true }))).toEqual(["consentVersionId"]);
  });
});

describe("identityInput", () => {
  it("takes a calendar date only", () => {
    expect(identityInput.parse({ dateOfBirth: "1985-06-15" })).toEqual({ dateOfBirth: "1985-06-15" });
    expect(identityInput.safeParse({ dateOfBirth: "1985-02-30" }).success).toBe(false);
    expect(identityInput.safeParse({ dateOfBirth: "06/15/1985" }).success).toBe(false);
  });
});

describe("languageInput", () => {
  it("needs the interpreter's language when an interpreter is needed, and drops it otherwise", () => {
    expect(languageInput.parse({ preferredLanguage: "es", interpreterNeeded: true, interpreterLanguage: "es" })).toEqual({
      preferredLanguage: "es",
      interpreterNeeded: true,
      interpreterLanguage: "es",
    });
    expect(issuesOf(languageInput.safeParse({ preferredLanguage: "es", interpreterNeeded: true, interpreterLanguage: null }))).toEqual([
      "interpreterLanguage",
    ]);
    expect(languageInput.parse({ preferredLanguage: "en", interpreterNeeded: false, interpreterLanguage: "vi" }).interpreterLanguage).toBeNull();
  });

  it("refuses a language not on the list", () => {
    expect(issuesOf(languageInput.safeParse({ preferredLanguage: "klingon", interpreterNeeded: false }))).toEqual(["preferredLanguage"]);
  });
});
