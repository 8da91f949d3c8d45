import { describe, expect, it } from "vitest";
import { consentExpiresAt, signatureMatchesName, telehealthConsentStatus } from "./consent-rules";

const at = (iso: string) => new Date(iso);

describe("consentExpiresAt", () => {
  it("adds calendar months, keeping the time of day", () => {
    expect(consentExpiresAt(at("2026-03-15T14:30:00Z"), 12)).toEqual(at("2027-03-15T14:30:00Z"));
    expect(consentExpiresAt(at("2026-11-02T08:00:00Z"), 3)).toEqual(at("2027-02-02T08:00:00Z"));
  });

  it("ends on the last day of a shorter month instead of running into the next", () => {
    expect(consentExpiresAt(at("2026-01-31T10:00:00Z"), 1)).toEqual(at("2026-02-28T10:00:00Z"));
    expect(consentExpiresAt(at("2027-01-31T10:00:00Z"), 1)).toEqual(at("2027-02-28T10:00:00Z"));
    expect(consentExpiresAt(at("2028-01-31T10:00:00Z"), 1)).toEqual(at("2028-02-29T10:00:00Z"));
    expect(consentExpiresAt(at("2024-02-29T10:00:00Z"), 12)).toEqual(at("2025-02-28T10:00:00Z"));
  });
});

describe("telehealthConsentStatus", () => {
  const now = at("2026-12-04T12:00:00Z");
  const signature = { consentVersionId: "v2", expiresAt: at("2027-01-01T00:00:00Z") };

  it("counts a signature of the current version that has not run out", () => {
    expect(telehealthConsentStatus(signature, "v2", now)).toBe("valid");
  });

  it("asks again once a newer version is published", () => {
    expect(telehealthConsentStatus(signature, "v3", now)).toBe("superseded");
  });

  it("asks again from the moment it expires", () => {
    expect(telehealthConsentStatus({ ...signature, expiresAt: now }, "v2", now)).toBe("expired");
    expect(telehealthConsentStatus({ ...signature, expiresAt: new Date(now.getTime() + 1) }, "v2", now)).toBe("valid");
  });

  it("is missing without a signature, or when the clinic has published no consent", () => {
    expect(telehealthConsentStatus(null, "v2", now)).toBe("missing");
    expect(telehealthConsentStatus(signature, null, now)).toBe("missing");
  });
});

describe("signatureMatchesName", () => {
  const record = { givenName: "María José", familyName: "García" };

  it("ignores case and spacing", () => {
    expect(signatureMatchesName("  maría   josé GARCÍA ", record)).toBe(true);
  });

  it("refuses another name, or part of it", () => {
    expect(signatureMatchesName("María García", record)).toBe(false);
    expect(signatureMatchesName("Maria Jose Garcia", record)).toBe(false);
  });
});
