import { describe, expect, it } from "vitest";
import { calendarLockOrder, moveRefusal, slotHeldBy } from "./move-rules";

const at = (time: string) => new Date(`2031-03-03T${time}:00Z`);

describe("calendarLockOrder", () => {
  it("locks two physicians' calendars in the same order whichever way the visit moves", () => {
    expect(calendarLockOrder(["physician-b", "physician-a"])).toEqual(["physician-a", "physician-b"]);
    expect(calendarLockOrder(["physician-a", "physician-b"])).toEqual(["physician-a", "physician-b"]);
  });

  it("locks a calendar once when the visit stays with its physician", () => {
    expect(calendarLockOrder(["physician-a", "physician-a"])).toEqual(["physician-a"]);
  });
});

describe("moveRefusal", () => {
  it("lets a booked visit be moved", () => {
    expect(moveRefusal({ status: "BOOKED", movedToId: null })).toBeNull();
  });

  it("says a visit someone else moved was changed meanwhile, whatever its status now", () => {
    expect(moveRefusal({ status: "CANCELLED", movedToId: "next" })).toBe("changed-meanwhile");
  });

  it("says a visit that is simply not booked cannot be moved", () => {
    for (const status of ["CANCELLED", "CHECKED_IN", "IN_PROGRESS", "COMPLETED", "NO_SHOW"] as const) {
      expect(moveRefusal({ status, movedToId: null })).toBe("not-changeable");
    }
  });
});

describe("slotHeldBy", () => {
  const other = { startsAt: at("14:00"), endsAt: at("14:30"), blockedUntil: at("14:40") };

  it("names the buffer when the time overlaps only the tail after another visit", () => {
    expect(slotHeldBy({ start: at("14:30"), end: at("15:00") }, [other])).toBe("buffer");
    expect(slotHeldBy({ start: at("14:35"), end: at("15:05") }, [other])).toBe("buffer");
  });

  it("names the visit when the time overlaps another visit itself, even by a minute", () => {
    expect(slotHeldBy({ start: at("14:29"), end: at("14:59") }, [other])).toBe("visit");
    expect(slotHeldBy({ start: at("13:31"), end: at("14:01") }, [other])).toBe("visit");
  });

  it("names the visit when a visit holds it, though another's buffer does too", () => {
    const next = { startsAt: at("14:40"), endsAt: at("15:10"), blockedUntil: at("15:20") };
    expect(slotHeldBy({ start: at("14:35"), end: at("15:05") }, [other, next])).toBe("visit");
  });

  it("says taken when only the requested visit's own buffer runs into the next visit", () => {
    expect(slotHeldBy({ start: at("13:30"), end: at("14:00") }, [other])).toBe("visit");
  });
});
