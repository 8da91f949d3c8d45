import { describe, expect, it } from "vitest";
import { safeReturnTo, signInDestination } from "./sign-in-destination";

describe("safeReturnTo", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeReturnTo("/physician")).toBe("/physician");
    expect(safeReturnTo("/scheduler/calendar?week=2030-W10#today")).toBe("/scheduler/calendar?week=2030-W10#today");
  });

  it("refuses anything that could lead to another site", () => {
    for (const value of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ]) {
      expect(safeReturnTo(value), JSON.stringify(value)).toBeNull();
    }
  });

  it("refuses the sign-in page itself, which would only ask again", () => {
    expect(safeReturnTo("/sign-in")).toBeNull();
    expect(safeReturnTo("/sign-in?reason=idle")).toBeNull();
  });

  it("resolves dot segments, so the result is the path the browser would open", () => {
    expect(safeReturnTo("/patient/../admin")).toBe("/admin");
  });
});

describe("signInDestination", () => {
  it("sends each role to its own area when there is nowhere to return to", () => {
    expect(signInDestination({ role: "PATIENT", mfaEnabled: false }, null)).toBe("/patient");
    expect(signInDestination({ role: "PHYSICIAN", mfaEnabled: true }, null)).toBe("/physician");
    expect(signInDestination({ role: "SCHEDULER", mfaEnabled: true }, null)).toBe("/scheduler");
    expect(signInDestination({ role: "ADMIN", mfaEnabled: true }, null)).toBe("/admin");
  });

  it("returns to the page that asked for sign-in, and ignores an unsafe one", () => {
    expect(signInDestination({ role: "PHYSICIAN", mfaEnabled: true }, "/physician/visits/42")).toBe(
      "/physician/visits/42",
    );
    expect(signInDestination({ role: "PATIENT", mfaEnabled: false }, "//evil.example")).toBe("/patient");
  });

  it("sends staff without two-step verification to set it up first", () => {
    for (const role of ["PHYSICIAN", "SCHEDULER", "ADMIN"] as const) {
      expect(signInDestination({ role, mfaEnabled: false }, "/admin")).toBe("/account/security");
    }
  });
});
