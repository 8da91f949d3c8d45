import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { withMessages } from "@/lib/i18n/testing/messages";
import { SlotTakenError } from "@/lib/scheduling/errors";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import type { SlotsResponse } from "./api";
import { RescheduleVisitForm } from "./RescheduleVisitForm";

// Moving a booked visit: the picker asks for that visit's own free times (the
// server answers them for the type it was booked as, even one the physician no
// longer offers), the chosen one is sent, and a time taken meanwhile is said in
// place with the next free ones and a fresh look at the picker's.

const NOW = new Date("2026-12-07T12:00:00.000Z");
const ZONE = "America/New_York";
const FREE_TIMES_PATH = `/api/appointments/appt-1/free-times?${new URLSearchParams({
  from: NOW.toISOString(),
  to: new Date(NOW.getTime() + 14 * 86_400_000).toISOString(),
})}`;
const RESCHEDULE_PATH = "/api/appointments/appt-1/reschedule";
// Tuesday 8 December, 10:00 and 11:00 in New York.
const TEN = { start: "2026-12-08T15:00:00.000Z", end: "2026-12-08T16:00:00.000Z" };
const ELEVEN = { start: "2026-12-08T16:00:00.000Z", end: "2026-12-08T17:00:00.000Z" };
const freeTimes = (slots: SlotsResponse["physicians"][number]["slots"]) =>
  json<SlotsResponse>({ physicians: [{ physicianId: "phys-1", physicianName: "Lena Fischer", timeZone: ZONE, slots }] });

let server: FakeServer;
beforeEach(() => {
  // Only the clock: the picker's range starts now, and user-event needs real timers.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  server = fakeServer();
});
afterEach(() => {
  vi.useRealTimers();
});

function renderForm() {
  const onMoved = vi.fn();
  render(withMessages(<RescheduleVisitForm appointmentId="appt-1" timeZone={ZONE} onMoved={onMoved} />));
  return onMoved;
}

describe("moving a visit", () => {
  it("offers the visit's own free times and moves it to the one chosen", async () => {
    server.answer("GET", FREE_TIMES_PATH, () => freeTimes([TEN, ELEVEN]));
    server.answer("POST", RESCHEDULE_PATH, () => json({ appointment: { id: "appt-2" } }));
    const user = userEvent.setup();
    const onMoved = renderForm();

    const eleven = await screen.findByRole("radio", { name: "11:00 AM EST" });
    expect(screen.getByRole("radio", { name: "10:00 AM EST" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Choose a new time first" })).toBeDisabled();
    await user.click(eleven);
    await user.click(screen.getByRole("button", { name: `Move to ${formatDateTimeInZone(new Date(ELEVEN.start), ZONE)}` }));

    await waitFor(() => expect(onMoved).toHaveBeenCalledWith("appt-2"));
    expect(server.sent("POST", RESCHEDULE_PATH).map((request) => request.body)).toEqual([{ startsAt: ELEVEN.start }]);
    expect(server.sent("GET", FREE_TIMES_PATH)).toHaveLength(1);
  });

  it("says when the time was taken meanwhile, offers the next free ones and looks again, moving nothing", async () => {
    server.answer("GET", FREE_TIMES_PATH, () => freeTimes([TEN, ELEVEN]));
    server.answer("POST", RESCHEDULE_PATH, () => refusal(new SlotTakenError([{ start: new Date(ELEVEN.start), end: new Date(ELEVEN.end) }])));
    const user = userEvent.setup();
    const onMoved = renderForm();

    await user.click(await screen.findByRole("radio", { name: "10:00 AM EST" }));
    await user.click(screen.getByRole("button", { name: /^Move to / }));

    expect(await screen.findByText("That time has just been taken. Please choose another.")).toBeVisible();
    expect(screen.getByRole("button", { name: `Move to ${formatDateTimeInZone(new Date(ELEVEN.start), ZONE)}` })).toBeVisible();
    await waitFor(() => expect(server.sent("GET", FREE_TIMES_PATH)).toHaveLength(2));
    expect(onMoved).not.toHaveBeenCalled();
  });
});
