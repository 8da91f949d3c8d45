import { describe, expect, it } from "vitest";
import { noShowRisk } from "./no-show-risk";

// Each factor at its edge, and the tiers they add up to.

const none = { priorNoShows: 0, leadTimeDays: 7, firstVisit: false };

describe("noShowRisk", () => {
  it("is low without any factor", () => {
    expect(noShowRisk(none)).toEqual({ tier: "low", factors: [] });
  });
  it("counts a lead time over 28 days, not of exactly 28", () => {
    expect(noShowRisk({ ...none, leadTimeDays: 28 })).toEqual({ tier: "low", factors: [] });
    expect(noShowRisk({ ...none, leadTimeDays: 28.5 })).toEqual({ tier: "medium", factors: ["booked 28 days ahead (over 4 weeks)"] });
  });
  it("a prior no-show alone is medium, two with a first visit high", () => {
    expect(noShowRisk({ ...none, priorNoShows: 1 })).toEqual({ tier: "medium", factors: ["a no-show in the last 12 months"] });
    expect(noShowRisk({ ...none, priorNoShows: 2 })).toEqual({ tier: "medium", factors: ["2 no-shows in the last 12 months"] });
    expect(noShowRisk({ ...none, priorNoShows: 2, firstVisit: true }).tier).toBe("high");
  });
  it("a first visit alone stays low but is named", () => {
    expect(noShowRisk({ ...none, firstVisit: true })).toEqual({ tier: "low", factors: ["first visit with the clinic"] });
  });
  it("both strong factors are high, and list both", () => {
    expect(noShowRisk({ priorNoShows: 1, leadTimeDays: 35, firstVisit: false })).toEqual({
      tier: "high",
      factors: ["a no-show in the last 12 months", "booked 35 days ahead (over 4 weeks)"],
    });
    expect(noShowRisk({ ...none, priorNoShows: 1, firstVisit: true }).tier).toBe("medium");
    expect(noShowRisk({ ...none, leadTimeDays: 40, firstVisit: true }).tier).toBe("medium");
  });
});
