import { describe, expect, it } from "vitest";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import { VisitError } from "./errors";
import { joinRefusal, joinWindow } from "./window";

const startsAt = new Date("2031-03-10T15:00:00Z");
const endsAt = new Date("2031-03-10T15:30:00Z");
const at = (iso: string) => new Date(iso);
const visit = (status: AppointmentStatus = "BOOKED") => ({ startsAt, endsAt, status });

describe("the join window", () => {
  it("opens exactly 15 minutes before the start", () => {
    expect(joinWindow(visit(), at("2031-03-10T14:44:59.999Z")).state).toBe("not-open-yet");
    expect(joinWindow(visit(), at("2031-03-10T14:45:00Z"))).toEqual({ state: "open", opensAt: at("2031-03-10T14:45:00Z") });
  });

  it("stays open until the booked end, then closes unless the visit is under way", () => {
    for (const status of ["BOOKED", "CHECKED_IN", "IN_PROGRESS"] as const) {
      expect(joinWindow(visit(status), endsAt).state).toBe("open");
    }
    const later = at("2031-03-10T15:30:00.001Z");
    expect(joinWindow(visit("BOOKED"), later).state).toBe("ended");
    expect(joinWindow(visit("CHECKED_IN"), later).state).toBe("ended");
    expect(joinWindow(visit("IN_PROGRESS"), at("2031-03-10T17:00:00Z")).state).toBe("open");
  });

  it("is closed for good once the visit is completed, a no-show or cancelled, even in its hours", () => {
    const during = at("2031-03-10T15:10:00Z");
    expect(joinWindow(visit("COMPLETED"), during).state).toBe("ended");
    expect(joinWindow(visit("NO_SHOW"), during).state).toBe("ended");
    expect(joinWindow(visit("CANCELLED"), during).state).toBe("cancelled");
    expect(joinWindow(visit("CANCELLED"), at("2031-03-01T00:00:00Z")).state).toBe("cancelled");
  });

  it("counts instants, so a DST change in between shifts nothing", () => {
    // New York springs forward at 2031-03-09 07:00Z: a visit starting then (03:00 EDT) opens at 01:45 EST,
    // 15 minutes earlier although the wall clock says 75.
    const early = { startsAt: at("2031-03-09T07:00:00Z"), endsAt: at("2031-03-09T07:30:00Z"), status: "BOOKED" as const };
    expect(joinWindow(early, at("2031-03-09T06:45:00Z")).state).toBe("open");
    expect(joinWindow(early, at("2031-03-09T06:44:00Z")).state).toBe("not-open-yet");
  });
});

describe("the refusal", () => {
  const now = at("2031-03-10T14:00:00Z");

  it("says when the visit opens, in the viewer's zone with the zone named", () => {
    const refusal = joinRefusal(joinWindow(visit(), now), "America/New_York", now);
    expect(refusal).toBeInstanceOf(VisitError);
    expect(refusal).toMatchObject({ status: 409, code: "NOT_OPEN_YET" });
    expect(refusal!.message).toBe("The visit opens at 10:45 AM EDT (15 minutes before it starts).");
    expect(joinRefusal(joinWindow(visit(), now), "Europe/Berlin", now)!.message).toBe(
      "The visit opens at 3:45 PM GMT+1 (15 minutes before it starts).",
    );
  });

  it("names the day when the visit opens on another day", () => {
    const dayBefore = at("2031-03-09T12:00:00Z");
    expect(joinRefusal(joinWindow(visit(), dayBefore), "UTC", dayBefore)!.message).toBe(
      "The visit opens at Monday, March 10, 2031 at 2:45 PM UTC (15 minutes before it starts).",
    );
  });

  it("tells an ended visit from a cancelled one, and refuses nothing while open", () => {
    expect(joinRefusal(joinWindow(visit("COMPLETED"), now), "UTC", now)).toMatchObject({ code: "ENDED", message: "This visit has ended." });
    expect(joinRefusal(joinWindow(visit("CANCELLED"), now), "UTC", now)).toMatchObject({
      code: "CANCELLED",
      message: "This visit was cancelled.",
    });
    const during = at("2031-03-10T15:05:00Z");
    expect(joinRefusal(joinWindow(visit(), during), "UTC", during)).toBeNull();
  });
});
