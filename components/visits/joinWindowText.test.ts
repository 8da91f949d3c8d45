import { describe, expect, it } from "vitest";
import { opensAtText } from "./joinWindowText";

describe("when the room opens, in words", () => {
  const opensAt = new Date("2026-03-02T13:45:00Z");

  it("says only the time, with its zone, on the same day", () => {
    expect(opensAtText(opensAt, "Europe/Berlin", new Date("2026-03-02T08:00:00Z"))).toMatch(/^2:45\sPM GMT\+1$/);
  });

  it("gives the date too on another day", () => {
    expect(opensAtText(opensAt, "Europe/Berlin", new Date("2026-02-27T08:00:00Z"))).toMatch(/^Monday, March 2, 2026 at 2:45\sPM GMT\+1$/);
  });
});
