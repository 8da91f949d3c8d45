import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { CheckInSummaryView } from "@/lib/checkin/types";
import { fakeServer, heldAnswer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { formatTimeInZone } from "@/lib/scheduling/time-format";
import { LicensureError } from "@/lib/licensure/errors";
import { VisitError } from "@/lib/visits/errors";
import { spokenAs } from "@/test/components/spokenAs";
import type { VisitLobbyResponse } from "./visitApi";
import { WaitingList } from "./WaitingList";

// The physician's waiting room for one visit, with the lobby, admit and
// decline routes answered as the server does. Only the first poll of the
// lobby is answered: later ones stay on their way, so what the list shows
// after a press comes from that press's answer.

const APPOINTMENT_ID = "appt-1";
const LOBBY_PATH = `/api/visits/${APPOINTMENT_ID}/lobby`;
const ADMIT_PATH = `/api/visits/${APPOINTMENT_ID}/admit`;
const DECLINE_PATH = `/api/visits/${APPOINTMENT_ID}/decline`;
const CHECK_IN_SUMMARY_PATH = `/api/visits/${APPOINTMENT_ID}/check-in/summary`;
const TIME_ZONE = "Europe/Berlin";
const ALEX_JOINED_AT = "2026-03-05T13:58:00.000Z";

const LOBBY: VisitLobbyResponse = {
  status: "CHECKED_IN",
  waiting: [
    { identity: "patient-alex-portal", name: "Alex Morgan", role: "patient", via: "portal", joinedAt: ALEX_JOINED_AT },
    { identity: "guest-sam", name: "Sam Morgan", role: "guest", joinedAt: "2026-03-05T13:59:00.000Z" },
  ],
  admitted: [],
  licensure: { located: true, state: "NY", stateLabel: "New York (NY)", status: "licensed", mode: "WARN", overridden: false },
};
const IN_TEXAS_UNLICENSED: VisitLobbyResponse["licensure"] = {
  located: true,
  state: "TX",
  stateLabel: "Texas (TX)",
  status: "not-licensed",
  mode: "WARN",
  overridden: false,
};
const ADMIT_ALEX = spokenAs("Admit Alex Morgan, signed in to the portal");
const DECLINE_ALEX = spokenAs("Decline Alex Morgan, signed in to the portal");

let server: FakeServer;

/** The first poll finds `lobby`; later polls stay on their way. */
function answerLobby(lobby: VisitLobbyResponse) {
  const laterPolls = heldAnswer();
  server.answer("GET", LOBBY_PATH, (request) => (server.sent("GET", LOBBY_PATH).length === 1 ? json<VisitLobbyResponse>(lobby) : laterPolls.route(request)));
}

beforeEach(() => {
  server = fakeServer();
  answerLobby(LOBBY);
});

async function showWaitingRoom() {
  const user = userEvent.setup();
  render(<WaitingList appointmentId={APPOINTMENT_ID} timeZone={TIME_ZONE} />);
  await screen.findByRole("button", { name: ADMIT_ALEX });
  return user;
}

function waitingEntries() {
  return within(screen.getByRole("region", { name: "Waiting room" })).queryAllByRole("listitem");
}

describe("WaitingList", () => {
  it("lists everyone waiting with how they came and since when, each with their own Admit and Decline, and announces them", async () => {
    await showWaitingRoom();

    expect(screen.getByRole("status")).toHaveTextContent("Alex Morgan and Sam Morgan are waiting.");
    const [alex, sam] = waitingEntries();
    expect(alex).toHaveTextContent(`Alex Morgan (patient, signed in to the portal, waiting since ${formatTimeInZone(new Date(ALEX_JOINED_AT), TIME_ZONE)})`);
    expect(within(alex!).getByRole("button", { name: DECLINE_ALEX })).toBeEnabled();
    expect(within(sam!).getByRole("button", { name: spokenAs("Admit Sam Morgan") })).toBeEnabled();
    expect(within(sam!).getByRole("button", { name: spokenAs("Decline Sam Morgan") })).toBeEnabled();
    expect(server.sent("GET", LOBBY_PATH)[0]!.headers).toMatchObject({ "X-Background-Poll": "1" });
  });

  it("Admit lets that person in: they leave the waiting list for the call, and the others keep waiting", async () => {
    const admitting = heldAnswer();
    server.answer("POST", ADMIT_PATH, admitting.route);
    const user = await showWaitingRoom();

    await user.click(screen.getByRole("button", { name: ADMIT_ALEX }));
    // One press per person: both of Alex's buttons wait for the answer.
    expect(screen.getByRole("button", { name: ADMIT_ALEX })).toBeDisabled();
    expect(screen.getByRole("button", { name: DECLINE_ALEX })).toBeDisabled();
    expect(screen.getByRole("button", { name: spokenAs("Admit Sam Morgan") })).toBeEnabled();
    admitting.release(json({ admitted: "patient-alex-portal" }));

    expect(await screen.findByText("Alex Morgan was admitted.")).toHaveRole("status");
    expect(server.sent("POST", ADMIT_PATH).map((request) => request.body)).toEqual([{ identity: "patient-alex-portal" }]);
    expect(screen.queryByRole("button", { name: ADMIT_ALEX })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "In the call" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: spokenAs("Remove Alex Morgan") })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: spokenAs("Admit Sam Morgan") })).toBeInTheDocument();
    // The pressed button is gone: focus goes to the list's heading, not to the top of the page.
    expect(screen.getByRole("heading", { name: "Waiting room" })).toHaveFocus();
  });

  it("Decline turns that person away: they leave the list and are not in the call", async () => {
    server.answer("POST", DECLINE_PATH, () => json({ declined: "guest-sam" }));
    const user = await showWaitingRoom();

    await user.click(screen.getByRole("button", { name: spokenAs("Decline Sam Morgan") }));

    expect(await screen.findByText("Sam Morgan was declined.")).toHaveRole("status");
    expect(server.sent("POST", DECLINE_PATH).map((request) => request.body)).toEqual([{ identity: "guest-sam" }]);
    expect(screen.queryByRole("button", { name: spokenAs("Admit Sam Morgan") })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "In the call" })).not.toBeInTheDocument();
    expect(waitingEntries()).toHaveLength(1);
  });

  it("a refused admission says why and keeps the person waiting, ready to try again", async () => {
    const notThere = new VisitError("NOT_IN_ROOM", "That person is not in the visit's waiting room or call.");
    server.answer("POST", ADMIT_PATH, () => refusal(notThere));
    const user = await showWaitingRoom();

    await user.click(screen.getByRole("button", { name: ADMIT_ALEX }));

    expect(await screen.findByRole("alert")).toHaveTextContent(notThere.message);
    expect(screen.getByRole("button", { name: ADMIT_ALEX })).toBeEnabled();
    expect(waitingEntries()).toHaveLength(2);
    expect(screen.queryByRole("heading", { name: "In the call" })).not.toBeInTheDocument();
  });

  it("Remove takes someone out of the call only once it is confirmed", async () => {
    const withSamInTheCall: VisitLobbyResponse = { ...LOBBY, waiting: [LOBBY.waiting[0]!], admitted: [{ identity: "guest-sam", name: "Sam Morgan", role: "guest" }] };
    answerLobby(withSamInTheCall);
    server.answer("POST", DECLINE_PATH, () => json({ declined: "guest-sam" }));
    const user = await showWaitingRoom();

    await user.click(screen.getByRole("button", { name: spokenAs("Remove Sam Morgan") }));
    expect(screen.getByText("Remove Sam Morgan from the call?")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: spokenAs("Keep Sam Morgan") }));
    expect(screen.queryByText("Remove Sam Morgan from the call?")).not.toBeInTheDocument();
    expect(server.sent("POST", DECLINE_PATH)).toEqual([]);

    await user.click(screen.getByRole("button", { name: spokenAs("Remove Sam Morgan") }));
    await user.click(screen.getByRole("button", { name: spokenAs("Yes, remove Sam Morgan") }));

    expect(await screen.findByText("Sam Morgan was removed from the call.")).toHaveRole("status");
    expect(server.sent("POST", DECLINE_PATH).map((request) => request.body)).toEqual([{ identity: "guest-sam" }]);
    expect(screen.queryByRole("heading", { name: "In the call" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: ADMIT_ALEX })).toBeInTheDocument();
  });

  it("labels an interpreter with the language they interpret, waiting and in the call", async () => {
    answerLobby({
      ...LOBBY,
      waiting: [...LOBBY.waiting, { identity: "guest-lucia", name: "Lucía Ortega", role: "interpreter", language: "es", joinedAt: "2026-03-05T13:59:30.000Z" }],
      admitted: [{ identity: "guest-ana", name: "Ana Ruiz", role: "interpreter", language: "ase" }],
    });
    await showWaitingRoom();
    expect(waitingEntries()[2]).toHaveTextContent("Lucía Ortega (Interpreter (Spanish), waiting since");
    expect(screen.getByText("(Interpreter (American Sign Language))")).toBeInTheDocument();
  });

  describe("licensure", () => {
    it("says where the patient is when the physician is licensed there, and admits without a reason", async () => {
      server.answer("POST", ADMIT_PATH, () => json({ admitted: "patient-alex-portal" }));
      const user = await showWaitingRoom();
      const [alex] = waitingEntries();
      expect(alex).toHaveTextContent("Located in New York (NY), where you are licensed.");
      expect(screen.queryByRole("textbox", { name: "Reason to admit anyway" })).not.toBeInTheDocument();

      await user.click(screen.getByRole("button", { name: ADMIT_ALEX }));
      expect(server.sent("POST", ADMIT_PATH).map((request) => request.body)).toEqual([{ identity: "patient-alex-portal" }]);
    });

    it("says so when the patient has not confirmed a location, and still lets them in", async () => {
      answerLobby({ ...LOBBY, licensure: { located: false } });
      await showWaitingRoom();
      expect(waitingEntries()[0]).toHaveTextContent("Location not confirmed yet.");
      expect(screen.getByRole("button", { name: ADMIT_ALEX })).toBeEnabled();
    });

    it("warns when the physician is not licensed where the patient is, and sends the typed reason with Admit", async () => {
      answerLobby({ ...LOBBY, licensure: IN_TEXAS_UNLICENSED });
      const reasonRequired = new LicensureError(
        "LICENSURE_REASON_REQUIRED",
        "You are not licensed in Texas (TX). The patient says they are there now. Give a reason to admit them anyway.",
        "TX",
      );
      server.answer("POST", ADMIT_PATH, (request) =>
        (request.body as { licensureReason?: string }).licensureReason ? json({ admitted: "patient-alex-portal" }) : refusal(reasonRequired),
      );
      const user = await showWaitingRoom();
      const [alex, sam] = waitingEntries();
      expect(alex).toHaveTextContent("You are not licensed in Texas (TX). The patient says they are there now.");
      // Only the patient's location matters: a guest is admitted as before.
      expect(within(sam!).queryByRole("textbox")).not.toBeInTheDocument();

      await user.click(screen.getByRole("button", { name: ADMIT_ALEX }));
      expect(await screen.findByRole("alert")).toHaveTextContent(reasonRequired.message);
      expect(waitingEntries()).toHaveLength(2);

      await user.type(screen.getByRole("textbox", { name: "Reason to admit anyway" }), "Travelling; continuity of care for a follow-up");
      await user.click(screen.getByRole("button", { name: ADMIT_ALEX }));
      expect(await screen.findByRole("heading", { name: "In the call" })).toBeInTheDocument();
      expect(server.sent("POST", ADMIT_PATH).map((request) => request.body)).toEqual([
        { identity: "patient-alex-portal" },
        { identity: "patient-alex-portal", licensureReason: "Travelling; continuity of care for a follow-up" },
      ]);
    });

    it("offers no Admit for the patient when the clinic blocks unlicensed states, and says why", async () => {
      answerLobby({ ...LOBBY, licensure: { ...IN_TEXAS_UNLICENSED, mode: "BLOCK" } });
      render(<WaitingList appointmentId={APPOINTMENT_ID} timeZone={TIME_ZONE} />);
      expect(await screen.findByText("You are not licensed in Texas (TX). The patient says they are there now.")).toBeInTheDocument();
      expect(waitingEntries()[0]).toHaveTextContent("The clinic does not allow visits where the physician is not licensed.");
      expect(screen.queryByRole("button", { name: ADMIT_ALEX })).not.toBeInTheDocument();
      expect(screen.getByRole("button", { name: DECLINE_ALEX })).toBeEnabled();
      expect(screen.getByRole("button", { name: spokenAs("Admit Sam Morgan") })).toBeEnabled();
    });
  });

  describe("the patient's check-in", () => {
    const SUMMARY: CheckInSummaryView = {
      completedAt: "2026-03-05T13:57:00.000Z",
      location: {
        country: "US",
        state: "TX",
        addressLine: "100 Congress Ave",
        city: "Austin",
        postalCode: "78701",
        locationKind: "HOME",
        callbackPhone: "+15125550123",
        confirmedAt: "2026-03-05T13:50:00.000Z",
      },
      consent: { status: "valid", version: 2, signedAt: "2026-03-05T13:52:00.000Z", expiresAt: "2027-03-05T13:52:00.000Z" },
      recordingConsent: "declined",
      dateOfBirthConfirmedAt: null,
      dateOfBirthFailedTries: 5,
      preferredLanguage: "en",
      interpreterNeeded: false,
      interpreterLanguage: null,
    };

    it("names the state the patient is in once, in the licensure warning, with the address on request", async () => {
      answerLobby({ ...LOBBY, licensure: IN_TEXAS_UNLICENSED });
      server.answer("GET", CHECK_IN_SUMMARY_PATH, () => json(SUMMARY));
      const user = await showWaitingRoom();
      const [alex] = waitingEntries();
      await within(alex!).findByText("Callback phone");
      expect(alex!.textContent!.match(/Texas/g)).toEqual(["Texas"]);
      expect(alex).toHaveTextContent("You are not licensed in Texas (TX). The patient says they are there now.");
      expect(within(alex!).getByRole("textbox", { name: "Reason to admit anyway" })).toBeVisible();

      await user.click(within(alex!).getByText("At home"));
      expect(within(alex!).getByText("100 Congress Ave, Austin, TX 78701")).toBeVisible();
    });

    it("says the date of birth was not confirmed after the patient's tries, for the physician to verify identity in the call", async () => {
      server.answer("GET", CHECK_IN_SUMMARY_PATH, () => json(SUMMARY));
      await showWaitingRoom();
      expect(await within(waitingEntries()[0]!).findByText("Not confirmed after 5 tries: verify identity in the call")).toBeInTheDocument();
    });
  });
});
