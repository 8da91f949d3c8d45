import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidRequestError } from "@/lib/http/app-error";
import { fakeServer, heldAnswer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { VisitError } from "@/lib/visits/errors";
import type { VisitGuestView } from "@/lib/visits/guests";
import { InterpreterInviteForm } from "./InterpreterInviteForm";

// The scheduler invites an interpreter from a booked visit in the calendar:
// the interpreter's link goes to them by email, so the form only says it is sent.

const ROUTE = "/api/appointments/appt-1/interpreters";
let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
});

function invited(): Response {
  const guest: VisitGuestView = {
    id: "guest-1",
    displayName: "Lucía Ortega",
    relationship: "",
    role: "INTERPRETER",
    language: "es",
    email: "lucia@interpreters.example",
    createdAt: new Date("2026-03-01T12:00:00Z"),
    revokedAt: null,
  };
  return json<{ guest: VisitGuestView }>({ guest }, 201);
}

function renderForm() {
  const onInvited = vi.fn();
  render(<InterpreterInviteForm appointmentId="appt-1" defaultTimeZone="America/Chicago" onInvited={onInvited} />);
  return { user: userEvent.setup(), form: screen.getByRole("form", { name: "Invite an interpreter" }), onInvited };
}

describe("InterpreterInviteForm", () => {
  it("sends the language, name, email and time zone, from the keyboard, and says who is invited", async () => {
    const answer = heldAnswer();
    server.answer("POST", ROUTE, answer.route);
    const { user, form, onInvited } = renderForm();
    expect(within(form).getByLabelText("Interpreter's time zone")).toHaveValue("America/Chicago");

    // Tab order is the order on screen: language, name, email, zone, then the button.
    await user.tab();
    expect(within(form).getByLabelText("Language they interpret")).toHaveFocus();
    await user.selectOptions(within(form).getByLabelText("Language they interpret"), "American Sign Language");
    await user.selectOptions(within(form).getByLabelText("Language they interpret"), "Spanish");
    await user.tab();
    await user.keyboard("Lucía Ortega");
    await user.tab();
    await user.keyboard(" lucia@interpreters.example ");
    await user.selectOptions(within(form).getByLabelText("Interpreter's time zone"), "America/Los_Angeles");
    within(form).getByRole("button", { name: "Email the interpreter their link" }).focus();
    await user.keyboard("{Enter}");

    expect(within(form).getByRole("button", { name: "Sending the invitation…" })).toBeDisabled();
    answer.release(invited());
    await vi.waitFor(() => expect(onInvited).toHaveBeenCalledWith({ displayName: "Lucía Ortega", language: "Spanish", email: "lucia@interpreters.example" }));
    expect(server.sent("POST", ROUTE).map((request) => request.body)).toEqual([
      { language: "es", displayName: "Lucía Ortega", email: "lucia@interpreters.example", timeZone: "America/Los_Angeles" },
    ]);
  });

  it("asks for the name and email before sending anything, and puts focus on the first missing one", async () => {
    const { user, form, onInvited } = renderForm();
    await user.click(within(form).getByRole("button", { name: "Email the interpreter their link" }));

    expect(within(form).getByLabelText("Interpreter's name")).toHaveAccessibleDescription("Give the interpreter's name.");
    expect(within(form).getByLabelText("Interpreter's name")).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByLabelText("Interpreter's email")).toHaveAccessibleDescription("Give the address their link goes to.");
    expect(within(form).getByLabelText("Interpreter's name")).toHaveFocus();
    expect(server.sent("POST", ROUTE)).toEqual([]);
    expect(onInvited).not.toHaveBeenCalled();
  });

  it("shows the server's refusal beside the field it is about, keeps what was typed, and sends again once corrected", async () => {
    server.answer("POST", ROUTE, () => refusal(new InvalidRequestError([{ path: "email", message: "Enter the interpreter's email address, like name@example.org." }])));
    const { user, form, onInvited } = renderForm();
    await user.type(within(form).getByLabelText("Interpreter's name"), "Lucía Ortega");
    await user.type(within(form).getByLabelText("Interpreter's email"), "lucia@");
    await user.click(within(form).getByRole("button", { name: "Email the interpreter their link" }));

    const email = within(form).getByLabelText("Interpreter's email");
    await vi.waitFor(() => expect(email).toHaveAccessibleDescription("Enter the interpreter's email address, like name@example.org."));
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByLabelText("Interpreter's name")).toHaveValue("Lucía Ortega");
    expect(onInvited).not.toHaveBeenCalled();

    server.answer("POST", ROUTE, invited);
    await user.type(email, "interpreters.example");
    await user.click(within(form).getByRole("button", { name: "Email the interpreter their link" }));
    await vi.waitFor(() => expect(onInvited).toHaveBeenCalledTimes(1));
    expect(within(form).getByLabelText("Interpreter's email")).not.toHaveAttribute("aria-invalid");
  });

  it("says why when the visit can no longer take an interpreter", async () => {
    server.answer("POST", ROUTE, () => refusal(new VisitError("CANCELLED", "This visit was cancelled.")));
    const { user, form, onInvited } = renderForm();
    await user.type(within(form).getByLabelText("Interpreter's name"), "Lucía Ortega");
    await user.type(within(form).getByLabelText("Interpreter's email"), "lucia@interpreters.example");
    await user.click(within(form).getByRole("button", { name: "Email the interpreter their link" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("This visit was cancelled.");
    expect(onInvited).not.toHaveBeenCalled();
  });
});
