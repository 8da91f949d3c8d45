import { describe, expect, it } from "vitest";
import { licensureFor } from "./status";

const licenses = [
  { state: "NY", expiresOn: new Date("2027-03-31T00:00:00Z") },
  { state: "NJ", expiresOn: new Date("2026-01-15T00:00:00Z") },
];

describe("licensureFor", () => {
  it("is licensed in a state with a licence that has not expired", () => {
    expect(licensureFor(licenses, "NY", new Date("2026-12-04T15:00:00Z"))).toBe("licensed");
  });

  it("is still licensed on the expiry day itself, to its last UTC instant", () => {
    expect(licensureFor(licenses, "NY", new Date("2027-03-31T00:00:00Z"))).toBe("licensed");
    expect(licensureFor(licenses, "NY", new Date("2027-03-31T23:59:59.999Z"))).toBe("licensed");
  });

  it("has an expired licence from the day after the expiry day", () => {
    expect(licensureFor(licenses, "NY", new Date("2027-04-01T00:00:00Z"))).toBe("expired");
    expect(licensureFor(licenses, "NJ", new Date("2026-12-04T15:00:00Z"))).toBe("expired");
  });

  it("is not licensed in a state without a licence, nor anywhere without any", () => {
    expect(licensureFor(licenses, "TX", new Date("2026-12-04T15:00:00Z"))).toBe("not-licensed");
    expect(licensureFor([], "NY", new Date("2026-12-04T15:00:00Z"))).toBe("not-licensed");
  });

  it("matches the state exactly, not a licence of another state", () => {
    expect(licensureFor([{ state: "NJ", expiresOn: new Date("2030-01-01T00:00:00Z") }], "NY", new Date("2026-12-04T00:00:00Z"))).toBe("not-licensed");
  });
});
