import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { SchedulingError, SlotTakenError } from "@/lib/scheduling/errors";
import { withMessages } from "@/lib/i18n/testing/messages";
import { dayRangeInZone } from "@/lib/scheduling/slots";
import { formatTimeInZone } from "@/lib/scheduling/time-format";
import { localDateOf } from "@/lib/scheduling/zoned-time";
import type { CalendarAppointmentJson, CalendarGridJson } from "./api";
import { SchedulerCalendar } from "./SchedulerCalendar";

// The scheduler's time grid against a fake server: a free time opens the
// booking, a visit moves from the keyboard, and refusals are said in place
// with nothing moved. The grid is shown in the browser's zone, whatever the
// test machine's is, so expected clock times are formatted in it too.

const NOW = "2026-12-07T12:00:00.000Z";
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const TODAY = localDateOf(new Date(NOW), ZONE);
const FISCHER = { id: "phys-1", name: "Lena Fischer", specialty: "Endocrinology", timeZone: ZONE, visitTypeIds: ["vt-1"] };
const OKAFOR = { id: "phys-2", name: "Samuel Okafor", specialty: "Internal medicine", timeZone: ZONE, visitTypeIds: ["vt-1"] };
const VISIT_TYPE = { id: "vt-1", code: "STANDARD", name: "Standard visit", durationMinutes: 30, bufferMinutes: 10 };
/** Both work 14:00 to 22:00 UTC; Alex's visit is at 15:00, and Dr. Fischer is free at 16:00. */
const HOURS = [{ start: "2026-12-07T14:00:00.000Z", end: "2026-12-07T22:00:00.000Z" }];
const ALEX_VISIT: CalendarAppointmentJson = {
  id: "appt-1",
  startsAt: "2026-12-07T15:00:00.000Z",
  endsAt: "2026-12-07T15:30:00.000Z",
  blockedUntil: "2026-12-07T15:40:00.000Z",
  status: "BOOKED",
  visitStatus: "booked",
  late: false,
  patientId: "pat-1",
  patientName: "Alex Morgan",
  physicianId: FISCHER.id,
  physicianName: FISCHER.name,
  visitTypeId: VISIT_TYPE.id,
  visitTypeName: VISIT_TYPE.name,
  reason: "Blood pressure review",
  noShowRisk: null,
  confirmedByPatient: false,
};
const GRID: CalendarGridJson = {
  now: NOW,
  visitType: VISIT_TYPE,
  physicians: [
    { physicianId: FISCHER.id, physicianName: FISCHER.name, timeZone: ZONE, workingSpans: HOURS, freeSlots: [{ start: "2026-12-07T16:00:00.000Z", end: "2026-12-07T16:30:00.000Z" }], appointments: [ALEX_VISIT] },
    { physicianId: OKAFOR.id, physicianName: OKAFOR.name, timeZone: ZONE, workingSpans: HOURS, freeSlots: [], appointments: [] },
  ],
};
const range = dayRangeInZone(TODAY, ZONE);
const GRID_PATH = `/api/calendar?${new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString(), visitTypeId: VISIT_TYPE.id })}`;
const RESCHEDULE_PATH = `/api/appointments/${ALEX_VISIT.id}/reschedule`;
const time = (iso: string) => formatTimeInZone(new Date(iso), ZONE);

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
  server.answer("GET", GRID_PATH, () => json(GRID));
});

async function openCalendar() {
  const user = userEvent.setup();
  render(withMessages(<SchedulerCalendar physicians={[FISCHER, OKAFOR]} visitTypes={[VISIT_TYPE]} now={NOW} />));
  const visit = await screen.findByRole("button", { name: new RegExp(`^${time(ALEX_VISIT.startsAt)}.*Alex Morgan`) });
  return { user, visit };
}

/** Focuses Alex's visit, presses M, then the keys given. */
async function moveByKeyboard(keys: string) {
  const { user, visit } = await openCalendar();
  act(() => visit.focus());
  await user.keyboard(`m${keys}`);
  return { user, visit };
}

describe("the scheduler's time grid", () => {
  it("names each column's visits and free times, and a free time opens the booking", async () => {
    const { user, visit } = await openCalendar();
    expect(visit).toHaveAccessibleName(expect.stringMatching(/Alex Morgan,\s*Standard visit,\s*Booked\s*with Lena Fischer$/));
    expect(screen.getByRole("region", { name: FISCHER.name })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: new RegExp(`^Book ${time("2026-12-07T16:00:00.000Z")} .* with Lena Fischer on `) }));
    expect(screen.getByRole("dialog", { name: "Book a visit" })).toBeInTheDocument();
  });

  it("moves a visit from the keyboard to another physician's column, sending the new time and physician", async () => {
    server.answer("POST", RESCHEDULE_PATH, () => json({ appointment: { id: "appt-2", startsAt: "2026-12-07T15:30:00.000Z" } }));
    await moveByKeyboard("{ArrowDown}{ArrowRight}");
    expect(screen.getByRole("status")).toHaveTextContent(`Moving to Monday, December 7, 2026 at ${time("2026-12-07T15:30:00.000Z")}`);
    await userEvent.keyboard("{Enter}");
    expect(server.sent("POST", RESCHEDULE_PATH).map((request) => request.body)).toEqual([{ startsAt: "2026-12-07T15:30:00.000Z", physicianId: OKAFOR.id }]);
    expect(await screen.findByText(/^Moved Alex Morgan's visit to .* with Samuel Okafor\./)).toBeInTheDocument();
  });

  it("a same-physician move sends only the new time", async () => {
    server.answer("POST", RESCHEDULE_PATH, () => json({ appointment: { id: "appt-2", startsAt: "2026-12-07T15:30:00.000Z" } }));
    await moveByKeyboard("{ArrowDown}{Enter}");
    expect(server.sent("POST", RESCHEDULE_PATH).map((request) => request.body)).toEqual([{ startsAt: "2026-12-07T15:30:00.000Z" }]);
  });

  it("a time taken meanwhile (409) offers the next free times, moves nothing and reloads the grid", async () => {
    server.answer("POST", RESCHEDULE_PATH, () =>
      refusal(new SlotTakenError([{ start: new Date("2026-12-07T18:00:00.000Z"), end: new Date("2026-12-07T18:30:00.000Z") }])),
    );
    const reads = () => server.sent("GET", GRID_PATH).length;
    await moveByKeyboard("{ArrowDown}");
    const readsBefore = reads();
    await userEvent.keyboard("{Enter}");
    const alert = await screen.findByText(/^Could not move Alex Morgan's visit at .*: That time has just been taken\./);
    expect(alert).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /^Move to Monday, December 7, 2026 at / })).toBeInTheDocument();
    // Still where it was.
    expect(screen.getByRole("button", { name: new RegExp(`^${time(ALEX_VISIT.startsAt)}.*Alex Morgan`) })).toBeInTheDocument();
    // Read again at once, so what the other scheduler did shows.
    await waitFor(() => expect(reads()).toBeGreaterThan(readsBefore));
  });

  it("a refusal (422) says the server's reason", async () => {
    server.answer("POST", RESCHEDULE_PATH, () => refusal(new SchedulingError("PHYSICIAN_UNAVAILABLE", "Samuel Okafor does not offer this visit type.")));
    await moveByKeyboard("{ArrowDown}{ArrowRight}{Enter}");
    expect(await screen.findByText(/Could not move Alex Morgan's visit at .*: Samuel Okafor does not offer this visit type\./)).toBeInTheDocument();
  });

  it("a drop outside the physician's hours is refused with the reason, and nothing is sent", async () => {
    await moveByKeyboard("{ArrowUp}{ArrowUp}{ArrowUp}{Enter}");
    expect(await screen.findByText(/That is outside the physician's working hours\. Nothing was moved\./)).toBeInTheDocument();
    expect(server.sent("POST", RESCHEDULE_PATH)).toEqual([]);
  });

  it("Escape calls a move off", async () => {
    await moveByKeyboard("{ArrowDown}{Escape}");
    expect(screen.getByRole("status")).toHaveTextContent("Move called off. Nothing changed.");
    expect(server.sent("POST", RESCHEDULE_PATH)).toEqual([]);
    expect(within(document.body).queryByText(/^To /)).toBeNull();
  });
});
