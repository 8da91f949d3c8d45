import { describe, expect, it } from "vitest";
import { describeVisitStatus, frontDeskStatus, isLate } from "./visit-status";

const start = "2026-12-07T15:00:00.000Z";
const at = (iso: string) => new Date(iso);

describe("frontDeskStatus", () => {
  it("refines a booked visit by the finished check-in", () => {
    expect(frontDeskStatus({ status: "BOOKED", startsAt: start, checkInCompletedAt: null })).toBe("booked");
    expect(frontDeskStatus({ status: "BOOKED", startsAt: start, checkInCompletedAt: "2026-12-07T14:50:00Z" })).toBe("checked-in");
  });

  it("names the stored states as the front desk says them", () => {
    const done = "2026-12-07T14:50:00Z";
    expect(frontDeskStatus({ status: "CHECKED_IN", startsAt: start, checkInCompletedAt: done })).toBe("waiting");
    expect(frontDeskStatus({ status: "IN_PROGRESS", startsAt: start, checkInCompletedAt: done })).toBe("in-call");
    expect(frontDeskStatus({ status: "COMPLETED", startsAt: start, checkInCompletedAt: done })).toBe("completed");
    expect(frontDeskStatus({ status: "NO_SHOW", startsAt: start, checkInCompletedAt: null })).toBe("no-show");
    expect(frontDeskStatus({ status: "CANCELLED", startsAt: start, checkInCompletedAt: done })).toBe("cancelled");
  });
});

describe("isLate", () => {
  const booked = { status: "BOOKED" as const, startsAt: start, checkInCompletedAt: null };

  it("turns on exactly five minutes after the start", () => {
    expect(isLate(booked, at("2026-12-07T15:04:59.999Z"))).toBe(false);
    expect(isLate(booked, at("2026-12-07T15:05:00.000Z"))).toBe(true);
  });

  it("counts a patient who checked in but is not in the waiting room, and nobody further along", () => {
    const later = at("2026-12-07T15:20:00Z");
    expect(isLate({ ...booked, checkInCompletedAt: "2026-12-07T14:58:00Z" }, later)).toBe(true);
    for (const status of ["CHECKED_IN", "IN_PROGRESS", "COMPLETED", "NO_SHOW", "CANCELLED"] as const) {
      expect(isLate({ ...booked, status }, later)).toBe(false);
    }
  });

  it("is said with the state", () => {
    expect(describeVisitStatus(booked, at("2026-12-07T15:06:00Z"))).toBe("Booked, late");
    expect(describeVisitStatus({ ...booked, status: "IN_PROGRESS" }, at("2026-12-07T15:06:00Z"))).toBe("In the call");
  });
});
