import { act, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BACKGROUND_POLL_HEADER } from "@/lib/auth/sessions/idle-warning";
import { fakeServer, json, type FakeServer } from "@/lib/client/testing/fakeServer";
import type { PhysicianDay, PhysicianDayVisit } from "@/lib/scheduling/calendar";
import { MyDayList } from "./MyDayList";

// The physician's day follows the clinic on its own: the server renders the
// first reading, the list asks /api/physician/day again every 5 seconds, and
// what changed shows in its row and is said once in a polite live region.

const DATE = "2031-11-03";
const PATH = `/api/physician/day?date=${DATE}`;
const ALEX: PhysicianDayVisit = {
  id: "appt-alex",
  startsAt: "2031-11-03T14:00:00.000Z",
  endsAt: "2031-11-03T14:30:00.000Z",
  patientName: "Alex Morgan",
  visitTypeName: "Standard visit",
  reason: "Follow-up",
  status: "booked",
  late: false,
};
const ROBIN: PhysicianDayVisit = { ...ALEX, id: "appt-robin", startsAt: "2031-11-03T15:00:00.000Z", endsAt: "2031-11-03T15:30:00.000Z", patientName: "Robin Park" };
const dayWith = (...visits: PhysicianDayVisit[]): PhysicianDay => ({ date: DATE, timeZone: "America/New_York", visits });

let server: FakeServer;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  server = fakeServer();
});
afterEach(() => vi.useRealTimers());

/** Answers the polls with these readings in turn, the last one from then on. */
function readings(...days: PhysicianDay[]) {
  let asked = 0;
  server.answer("GET", PATH, () => json({ day: days[Math.min(asked++, days.length - 1)]! }));
}

const rowOf = (name: string) => screen.getByRole("row", { name: new RegExp(name) });
const nextPoll = () => act(() => vi.advanceTimersByTimeAsync(5_000));

describe("MyDayList", () => {
  it("shows the server's first reading at once, then a patient's check-in and arrival in the waiting room without a reload, each said once", async () => {
    readings(dayWith(ALEX, ROBIN), dayWith({ ...ALEX, status: "checked-in" }, ROBIN), dayWith({ ...ALEX, status: "waiting" }, ROBIN));
    render(<MyDayList day={dayWith(ALEX, ROBIN)} />);
    expect(within(rowOf("Alex Morgan")).getByText("Booked")).toBeVisible();
    const changes = screen.getByRole("status", { name: "Changes to your visits" });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(changes).toHaveTextContent(/^$/);

    await nextPoll();
    expect(within(rowOf("Alex Morgan")).getByText("Checked in")).toBeVisible();
    expect(changes).toHaveTextContent("Alex Morgan has checked in.");

    await nextPoll();
    expect(within(rowOf("Alex Morgan")).getByText("Waiting")).toBeVisible();
    expect(within(rowOf("Robin Park")).getByText("Booked")).toBeVisible();
    expect(changes).toHaveTextContent(/^Alex Morgan is waiting\.$/);
    // Polls are not the physician's activity: they do not hold off the idle sign-out.
    expect(server.sent("GET", PATH).map((request) => request.headers[BACKGROUND_POLL_HEADER])).toEqual(["1", "1", "1"]);
  });

  it("marks a patient late when the server says so, and says it", async () => {
    readings(dayWith(ALEX), dayWith({ ...ALEX, late: true }));
    render(<MyDayList day={dayWith(ALEX)} />);
    expect(within(rowOf("Alex Morgan")).queryByText("Late")).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(0));
    await nextPoll();
    expect(within(rowOf("Alex Morgan")).getByText("Late")).toBeVisible();
    expect(screen.getByRole("status", { name: "Changes to your visits" })).toHaveTextContent("Alex Morgan is late.");
  });
});
