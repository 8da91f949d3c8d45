import { render, screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { AccessDeniedError } from "@/lib/auth/access";
import { InvalidRequestError } from "@/lib/http/app-error";
import type { AvailabilityOverrideEntry, PhysicianAvailability } from "@/lib/scheduling/availability";
import type { WeeklyWindow } from "@/lib/scheduling/slots";
import { spokenAs } from "@/test/components/spokenAs";
import { AvailabilityEditor } from "./AvailabilityEditor";
import { formatDayLong } from "./calendar-format";

// A physician's working hours: the weekly pattern (saved all at once with
// PUT …/availability) and the dates that differ (…/availability/overrides).
// The lib refuses an end before the start with a zod issue, which the route
// sends as 400 INVALID_REQUEST naming the window by its place.

const PHYSICIAN_ID = "phys-1";
const WEEKLY_PATH = `/api/physicians/${PHYSICIAN_ID}/availability`;
const OVERRIDES_PATH = `${WEEKLY_PATH}/overrides`;
const END_AFTER_START = "The end must be after the start.";

const AVAILABILITY: PhysicianAvailability = {
  physicianId: PHYSICIAN_ID,
  timeZone: "Europe/Berlin",
  windows: [{ weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 }],
  overrides: [],
  offeredVisitTypeIds: ["vt-15", "vt-30"],
};

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
  server.answer("PUT", WEEKLY_PATH, (request) => json<{ windows: WeeklyWindow[] }>(request.body as { windows: WeeklyWindow[] }));
});

function showEditor() {
  const user = userEvent.setup();
  render(<AvailabilityEditor physicianName="Dr. Lena Fischer" availability={AVAILABILITY} />);
  return user;
}

/** Adds hours on `weekday` and types their times over the 09:00–12:00 a new row starts with. */
async function addHours(user: UserEvent, weekday: string, from: string, until: string): Promise<HTMLElement> {
  const before = within(group(weekday)).queryAllByRole("group").length;
  await user.click(screen.getByRole("button", { name: spokenAs(`Add hours on ${weekday}`) }));
  const added = group(`${weekday}, hours ${before + 1}`);
  for (const [label, time] of [["From", from], ["Until", until]] as const) {
    await user.clear(within(added).getByLabelText(label));
    await user.type(within(added).getByLabelText(label), time);
  }
  return added;
}

/** A weekday's fieldset ("Monday") or one set of its hours ("Monday, hours 1"). */
const group = (name: string) => screen.getByRole("group", { name });

function savedWeeks() {
  return server.sent("PUT", WEEKLY_PATH).map((request) => request.body);
}

describe("AvailabilityEditor", () => {
  it("shows the hours in the physician's zone; hours added on one day and removed on another are saved as the new week", async () => {
    const user = showEditor();
    expect(screen.getByText(/^Dr. Lena Fischer's hours, in .*\(Europe\/Berlin\)\.$/)).toBeInTheDocument();
    expect(within(group("Monday, hours 1")).getByLabelText("From")).toHaveValue("09:00");
    expect(within(group("Monday, hours 1")).getByLabelText("Until")).toHaveValue("12:00");
    expect(group("Tuesday")).toHaveTextContent("Not working.");

    await addHours(user, "Tuesday", "13:30", "17:00");
    await user.click(screen.getByRole("button", { name: spokenAs("Remove Monday, hours 1") }));
    expect(group("Monday")).toHaveTextContent("Not working.");
    await user.click(screen.getByRole("button", { name: "Save weekly hours" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Saved the weekly hours.");
    expect(savedWeeks()).toEqual([{ windows: [{ weekday: 2, startMinute: 13 * 60 + 30, endMinute: 17 * 60 }] }]);
  });

  it("hours that end before they start are refused, with the reason beside those hours", async () => {
    server.answer("PUT", WEEKLY_PATH, () => refusal(new InvalidRequestError([{ path: "1.endMinute", message: END_AFTER_START }])));
    const user = showEditor();

    const second = await addHours(user, "Monday", "16:00", "14:00");
    await user.click(screen.getByRole("button", { name: "Save weekly hours" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Check the highlighted hours.");
    expect(within(second).getByLabelText("From")).toHaveAccessibleDescription(END_AFTER_START);
    expect(within(second).getByLabelText("From")).toBeInvalid();
    expect(within(group("Monday, hours 1")).getByLabelText("From")).toBeValid();
    expect(savedWeeks()).toEqual([
      {
        windows: [
          { weekday: 1, startMinute: 540, endMinute: 720 },
          { weekday: 1, startMinute: 960, endMinute: 840 },
        ],
      },
    ]);
  });

  it("hours without both times are refused by the browser (the fields are required) before anything is sent", async () => {
    const user = showEditor();

    const until = within(group("Monday, hours 1")).getByLabelText("Until");
    await user.clear(until);
    await user.click(screen.getByRole("button", { name: "Save weekly hours" }));

    expect(until).toBeRequired();
    expect(until).toBeInvalid();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(savedWeeks()).toEqual([]);
  });

  it("works from the keyboard alone: add hours, set them, save", async () => {
    const user = showEditor();
    const addWednesday = screen.getByRole("button", { name: spokenAs("Add hours on Wednesday") });
    addWednesday.focus();

    await user.keyboard("{Enter}");
    // Tab order: Wednesday's new hours come before its Add button.
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    const wednesday = group("Wednesday, hours 1");
    expect(within(wednesday).getByLabelText("From")).toHaveFocus();
    await user.keyboard("{Control>}a{/Control}08:00");
    await user.tab();
    expect(within(wednesday).getByLabelText("Until")).toHaveFocus();
    await user.keyboard("{Control>}a{/Control}11:30{Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent("Saved the weekly hours.");
    expect(savedWeeks()).toEqual([
      {
        windows: [
          { weekday: 1, startMinute: 540, endMinute: 720 },
          { weekday: 3, startMinute: 480, endMinute: 690 },
        ],
      },
    ]);
  });

  it("a day off is added to the list and removed again", async () => {
    const dayOff: AvailabilityOverrideEntry = { id: "ovr-1", date: "2026-03-20", isAvailable: false, startMinute: null, endMinute: null, note: "Conference" };
    server.answer("POST", OVERRIDES_PATH, () => json<{ override: AvailabilityOverrideEntry }>({ override: dayOff }, 201));
    server.answer("DELETE", `${OVERRIDES_PATH}/ovr-1`, () => new Response(null, { status: 204 }));
    const user = showEditor();
    const changes = screen.getByRole("region", { name: "Days off and other changes" });
    expect(changes).toHaveTextContent("No changes from today on.");

    await user.type(within(changes).getByLabelText("Date"), "2026-03-20");
    await user.type(within(changes).getByLabelText("Note (optional)"), "Conference");
    await user.click(within(changes).getByRole("button", { name: "Add change" }));

    expect(await within(changes).findByRole("alert")).toHaveTextContent(`Added ${formatDayLong("2026-03-20")}: Day off (Conference).`);
    expect(server.sent("POST", OVERRIDES_PATH).map((request) => request.body)).toEqual([
      { date: "2026-03-20", isAvailable: false, startMinute: null, endMinute: null, note: "Conference" },
    ]);

    await user.click(within(changes).getByRole("button", { name: spokenAs(`Remove the change on ${formatDayLong("2026-03-20")}`) }));

    expect(await within(changes).findByText(/^Removed the change on/)).toHaveTextContent("the weekly hours apply again.");
    expect(changes).toHaveTextContent("No changes from today on.");
    expect(server.sent("DELETE", `${OVERRIDES_PATH}/ovr-1`)).toHaveLength(1);
  });

  it("one-off hours that end before they start are refused with the reason, and nothing is listed", async () => {
    server.answer("POST", OVERRIDES_PATH, () => refusal(new InvalidRequestError([{ path: "endMinute", message: END_AFTER_START }])));
    const user = showEditor();
    const changes = screen.getByRole("region", { name: "Days off and other changes" });

    await user.type(within(changes).getByLabelText("Date"), "2026-03-21");
    await user.click(within(changes).getByRole("radio", { name: "Different hours" }));
    await user.type(within(changes).getByLabelText("From"), "15:00");
    await user.type(within(changes).getByLabelText("Until"), "10:00");
    await user.click(within(changes).getByRole("button", { name: "Add change" }));

    expect(await within(changes).findByRole("alert")).toHaveTextContent(END_AFTER_START);
    expect(server.sent("POST", OVERRIDES_PATH).map((request) => request.body)).toEqual([
      { date: "2026-03-21", isAvailable: true, startMinute: 900, endMinute: 600, note: null },
    ]);
    expect(changes).toHaveTextContent("No changes from today on.");
  });
});

describe("the visit types offered (the desk's page)", () => {
  const VISIT_TYPES = [
    { id: "vt-15", code: "FOLLOW_UP_15", name: "Follow-up visit", durationMinutes: 15, bufferMinutes: 5 },
    { id: "vt-30", code: "STANDARD_30", name: "Standard visit", durationMinutes: 30, bufferMinutes: 5 },
    { id: "vt-60", code: "NEW_PATIENT_60", name: "New patient visit", durationMinutes: 60, bufferMinutes: 10 },
  ];
  const OFFERED_PATH = `/api/physicians/${PHYSICIAN_ID}/visit-types`;

  it("are ticked as offered; from the keyboard one is added and one taken away, and the new set is saved", async () => {
    // Two booked visits ahead are of the type taken away: they stay, and saving says so.
    server.answer("PUT", OFFERED_PATH, (request) => json({ ...(request.body as { visitTypeIds: string[] }), keptBookedVisits: 2 }));
    const user = userEvent.setup();
    render(<AvailabilityEditor physicianName="Dr. Lena Fischer" availability={AVAILABILITY} visitTypes={VISIT_TYPES} />);
    const section = screen.getByRole("region", { name: "Visit types offered" });
    expect(within(section).getByRole("checkbox", { name: "Follow-up visit (15 minutes)" })).toBeChecked();
    expect(within(section).getByRole("checkbox", { name: "New patient visit (60 minutes)" })).not.toBeChecked();

    within(section).getByRole("checkbox", { name: "Follow-up visit (15 minutes)" }).focus();
    await user.keyboard(" ");
    await user.tab();
    await user.tab();
    expect(within(section).getByRole("checkbox", { name: "New patient visit (60 minutes)" })).toHaveFocus();
    await user.keyboard(" ");
    await user.click(within(section).getByRole("button", { name: "Save visit types" }));

    expect(await within(section).findByRole("alert")).toHaveTextContent(
      "Saved the visit types offered. 2 booked visits of a type no longer offered stay on the calendar; move or cancel them if needed.",
    );
    expect(server.sent("PUT", OFFERED_PATH).map((request) => request.body)).toEqual([{ visitTypeIds: ["vt-30", "vt-60"] }]);
  });

  it("asks for at least one before sending, and shows the server's refusal", async () => {
    server.answer("PUT", OFFERED_PATH, () => refusal(new AccessDeniedError("Schedulers cannot do this.", 403)));
    const user = userEvent.setup();
    render(<AvailabilityEditor physicianName="Dr. Lena Fischer" availability={AVAILABILITY} visitTypes={VISIT_TYPES} />);
    const section = screen.getByRole("region", { name: "Visit types offered" });
    await user.click(within(section).getByRole("checkbox", { name: "Follow-up visit (15 minutes)" }));
    await user.click(within(section).getByRole("checkbox", { name: "Standard visit (30 minutes)" }));
    await user.click(within(section).getByRole("button", { name: "Save visit types" }));
    expect(within(section).getByRole("alert")).toHaveTextContent("Choose at least one visit type.");
    expect(server.sent("PUT", OFFERED_PATH)).toEqual([]);

    await user.click(within(section).getByRole("checkbox", { name: "Standard visit (30 minutes)" }));
    await user.click(within(section).getByRole("button", { name: "Save visit types" }));
    expect(await within(section).findByRole("alert")).toHaveTextContent("Schedulers cannot do this.");
  });
});
