import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, heldAnswer, json, refusal, type FakeServer, type SentRequest } from "@/lib/client/testing/fakeServer";
import type { BookingResult } from "@/lib/scheduling/booking";
import { SlotTakenError } from "@/lib/scheduling/errors";
import type { PatientSummary } from "@/lib/scheduling/patients";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { withMessages } from "@/lib/i18n/testing/messages";
import { spokenAs } from "@/test/components/spokenAs";
import { BookingDialog } from "./BookingDialog";

// A scheduler books a slot for a patient; when someone else took the time
// meanwhile, the server refuses (409 SLOT_TAKEN) with the next free slots.

const TIME_ZONE = "America/New_York";
const PHYSICIAN = { id: "phys-1", name: "Dr. Lena Fischer", timeZone: TIME_ZONE };
const VISIT_TYPE = { id: "vt-1", code: "FOLLOW_UP", name: "Follow-up", durationMinutes: 20, bufferMinutes: 5 };
const TAKEN = { start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T14:20:00.000Z" };
const NEXT_FREE = [
  { start: new Date("2026-03-10T14:25:00.000Z"), end: new Date("2026-03-10T14:45:00.000Z") },
  { start: new Date("2026-03-10T15:00:00.000Z"), end: new Date("2026-03-10T15:20:00.000Z") },
];
const ALEX: PatientSummary = {
  id: "pat-1",
  mrn: "MRN-000123",
  givenName: "Alex",
  familyName: "Morgan",
  dateOfBirth: "1988-04-02",
  sex: "FEMALE",
  email: "alex@example.org",
  phone: null,
  timeZone: TIME_ZONE,
  usualState: "TX",
};

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
  server.answer("GET", "/api/patients?query=Morgan", () => json<{ patients: PatientSummary[] }>({ patients: [ALEX] }));
});

/** The appointments route's 201, for the booking that was asked for. */
function booked(request: SentRequest): Response {
  const body = request.body as { patientId: string; physicianId: string; visitTypeId: string; startsAt: string };
  const startsAt = new Date(body.startsAt);
  const appointment = { ...body, id: "appt-9", startsAt, endsAt: new Date(startsAt.getTime() + 20 * 60_000), status: "BOOKED" as const, sequence: 0, rescheduledFromId: null };
  return json<Pick<BookingResult, "appointment" | "notificationsQueued">>({ appointment, notificationsQueued: true }, 201);
}

/** Opens the dialog on the taken slot, finds Alex and gives the reason. */
async function bookForAlex() {
  const user = userEvent.setup();
  const onBooked = vi.fn();
  render(withMessages(<BookingDialog slot={TAKEN} physician={PHYSICIAN} visitType={VISIT_TYPE} timeZone={TIME_ZONE} onBooked={onBooked} onClose={vi.fn()} />));
  const dialog = screen.getByRole("dialog", { name: "Book a visit" });
  await user.type(within(dialog).getByLabelText("Find a patient"), "Morgan{Enter}");
  await user.click(await within(dialog).findByRole("button", { name: spokenAs("Choose Alex Morgan, MRN-000123") }));
  await user.type(within(dialog).getByLabelText("Reason for the visit"), "Blood pressure review");
  return { user, dialog, onBooked };
}

function bookings() {
  return server.sent("POST", "/api/appointments").map((request) => request.body);
}

describe("BookingDialog", () => {
  it("books the chosen patient into the slot", async () => {
    server.answer("POST", "/api/appointments", booked);
    const { user, dialog, onBooked } = await bookForAlex();
    expect(within(dialog).getByText(/^Alex Morgan, born .*, MRN-000123$/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Book" }));

    await vi.waitFor(() => expect(onBooked).toHaveBeenCalledWith({ appointmentId: "appt-9", patientName: "Alex Morgan", startsAt: TAKEN.start }));
    expect(bookings()).toEqual([
      { patientId: "pat-1", physicianId: "phys-1", visitTypeId: "vt-1", startsAt: TAKEN.start, reason: "Blood pressure review" },
    ]);
  });

  it("a time taken meanwhile shows why and the next free times; choosing one and booking again books that time", async () => {
    const first = heldAnswer();
    server.answer("POST", "/api/appointments", first.route);
    const { user, dialog, onBooked } = await bookForAlex();

    await user.click(within(dialog).getByRole("button", { name: "Book" }));
    expect(within(dialog).getByRole("button", { name: "Booking…" })).toBeDisabled();
    first.release(refusal(new SlotTakenError(NEXT_FREE)));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("That time has just been taken. Please choose another.");
    expect(within(dialog).getByText("Next free times")).toBeInTheDocument();
    const choices = NEXT_FREE.map((slot) => within(dialog).getByRole("button", { name: `Use ${formatDateTimeInZone(slot.start, TIME_ZONE)}` }));
    expect(choices).toHaveLength(2);
    expect(onBooked).not.toHaveBeenCalled();

    server.answer("POST", "/api/appointments", booked);
    await user.click(choices[1]!);
    // The dialog now offers the chosen time, and the refusal is gone.
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
    expect(within(dialog).getByText(formatDateTimeInZone(NEXT_FREE[1]!.start, TIME_ZONE))).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Book" }));

    const chosen = NEXT_FREE[1]!.start.toISOString();
    await vi.waitFor(() => expect(onBooked).toHaveBeenCalledWith({ appointmentId: "appt-9", patientName: "Alex Morgan", startsAt: chosen }));
    expect(bookings().map((body) => (body as { startsAt: string }).startsAt)).toEqual([TAKEN.start, chosen]);
    // The patient and the reason were kept for the second try.
    expect(bookings()[1]).toMatchObject({ patientId: "pat-1", reason: "Blood pressure review" });
  });

  it("without a patient it asks for one and sends nothing", async () => {
    const user = userEvent.setup();
    render(withMessages(<BookingDialog slot={TAKEN} physician={PHYSICIAN} visitType={VISIT_TYPE} timeZone={TIME_ZONE} onBooked={vi.fn()} onClose={vi.fn()} />));
    const dialog = screen.getByRole("dialog", { name: "Book a visit" });

    await user.type(within(dialog).getByLabelText("Reason for the visit"), "Blood pressure review");
    await user.click(within(dialog).getByRole("button", { name: "Book" }));

    expect(within(dialog).getByRole("alert")).toHaveTextContent("Choose or register the patient first.");
    expect(bookings()).toEqual([]);
  });

  it("shows the physician's licensed states and, for a patient usually in a state they are not licensed in, says so but still books", async () => {
    server.answer("POST", "/api/appointments", booked);
    const user = userEvent.setup();
    const onBooked = vi.fn();
    render(withMessages(<BookingDialog slot={TAKEN} physician={{ ...PHYSICIAN, licensedStates: ["NY", "NJ"] }} visitType={VISIT_TYPE} timeZone={TIME_ZONE} onBooked={onBooked} onClose={vi.fn()} />));
    const dialog = screen.getByRole("dialog", { name: "Book a visit" });
    expect(within(dialog).getByText("NY, NJ")).toBeInTheDocument();
    expect(within(dialog).queryByRole("note")).not.toBeInTheDocument();

    await user.type(within(dialog).getByLabelText("Find a patient"), "Morgan{Enter}");
    await user.click(await within(dialog).findByRole("button", { name: spokenAs("Choose Alex Morgan, MRN-000123") }));
    expect(within(dialog).getByRole("note")).toHaveTextContent("Not licensed in TX, where Alex usually is. You can still book");

    await user.type(within(dialog).getByLabelText("Reason for the visit"), "Follow-up");
    await user.click(within(dialog).getByRole("button", { name: "Book" }));
    await vi.waitFor(() => expect(onBooked).toHaveBeenCalled());
  });

  it("changes the patient's usual state, from the keyboard, and the licensure note follows it", async () => {
    const saved = heldAnswer();
    server.answer("PUT", "/api/patients/pat-1/usual-state", saved.route);
    const user = userEvent.setup();
    render(withMessages(<BookingDialog slot={TAKEN} physician={{ ...PHYSICIAN, licensedStates: ["NY", "NJ"] }} visitType={VISIT_TYPE} timeZone={TIME_ZONE} onBooked={vi.fn()} onClose={vi.fn()} />));
    const dialog = screen.getByRole("dialog", { name: "Book a visit" });
    await user.type(within(dialog).getByLabelText("Find a patient"), "Morgan{Enter}");
    await user.click(await within(dialog).findByRole("button", { name: spokenAs("Choose Alex Morgan, MRN-000123") }));
    expect(within(dialog).getByText("Usually in Texas (TX)")).toBeInTheDocument();
    expect(within(dialog).getByRole("note")).toHaveTextContent("Not licensed in TX");

    within(dialog).getByRole("button", { name: spokenAs("Change usual state of Alex Morgan") }).focus();
    await user.keyboard("{Enter}");
    const form = within(dialog).getByRole("form", { name: "Usual state" });
    expect(within(form).getByLabelText("Usual state")).toHaveValue("TX");
    within(form).getByLabelText("Usual state").focus();
    await user.selectOptions(within(form).getByLabelText("Usual state"), "New York (NY)");
    await user.tab();
    expect(within(form).getByRole("button", { name: "Save usual state" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(within(form).getByRole("button", { name: "Saving…" })).toBeDisabled();
    saved.release(json<{ patient: PatientSummary }>({ patient: { ...ALEX, usualState: "NY" } }));

    expect(await within(dialog).findByText("Usually in New York (NY)")).toBeInTheDocument();
    expect(within(dialog).getByText("Saved: Alex usually is in New York (NY).")).toBeInTheDocument();
    expect(within(dialog).queryByRole("note")).not.toBeInTheDocument();
    expect(server.sent("PUT", "/api/patients/pat-1/usual-state").map((request) => request.body)).toEqual([{ usualState: "NY" }]);
  });

  it("says nothing of licensure when the physician is licensed in the patient's usual state", async () => {
    render(withMessages(<BookingDialog slot={TAKEN} physician={{ ...PHYSICIAN, licensedStates: ["TX"] }} visitType={VISIT_TYPE} timeZone={TIME_ZONE} onBooked={vi.fn()} onClose={vi.fn()} />));
    const user = userEvent.setup();
    const dialog = screen.getByRole("dialog", { name: "Book a visit" });
    await user.type(within(dialog).getByLabelText("Find a patient"), "Morgan{Enter}");
    await user.click(await within(dialog).findByRole("button", { name: spokenAs("Choose Alex Morgan, MRN-000123") }));
    expect(within(dialog).queryByRole("note")).not.toBeInTheDocument();
  });
});
