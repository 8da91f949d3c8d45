import { EMPTY_DETAILS } from "@/lib/notes/note-details";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { NoteVersionConflictError } from "@/lib/notes/errors";
import type { NoteSections } from "@/lib/notes/types";
import type { NoteResponse } from "./noteApi";
import { draftKey, draftKeyPrefix, serializeDraft } from "./noteDrafts";
import { NoteEditor } from "./NoteEditor";
import { dateTimeText } from "./noteStatus";
import { draftNote, NOTE_APPOINTMENT_ID, NOTE_PATH, SIGN_PATH } from "./testing/noteJson";

// Two texts of one note meet (NoteConflictAlert inside NoteEditor): this
// device kept text edited from version 3, while another device saved version
// 5. The note routes answer as the server does.

const PHYSICIAN = "Dr. Lena Fischer";
const SAVED_ELSEWHERE_AT = "2026-03-05T14:30:00.000Z";
const MINE: NoteSections = { subjective: "Cough for three days.", objective: "", assessment: "", plan: "Fluids and rest." };
const THEIRS: NoteSections = { ...MINE, plan: "Amoxicillin for seven days." };

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
});

/** The physician typed MINE on this device (from version 3) and it never reached the server, which another device moved on to version 5. */
function keepUnsentTextOnThisDevice() {
  const key = draftKey(NOTE_APPOINTMENT_ID, PHYSICIAN, "earlier-tab");
  localStorage.setItem(key, serializeDraft({ sections: MINE, baseVersion: 3, updatedAt: "2026-03-05T14:10:00.000Z" }));
  server.answer("POST", NOTE_PATH, () => json<NoteResponse>(draftNote(THEIRS, 5, SAVED_ELSEWHERE_AT)));
}

function draftsOnThisDevice(): string[] {
  const prefix = draftKeyPrefix(NOTE_APPOINTMENT_ID, PHYSICIAN);
  return Object.keys(localStorage).filter((key) => key.startsWith(prefix));
}

async function openEditorWithConflict() {
  const user = userEvent.setup();
  render(<NoteEditor appointmentId={NOTE_APPOINTMENT_ID} physicianName={PHYSICIAN} />);
  const alert = await screen.findByRole("alert");
  expect(within(alert).getByRole("heading", { name: "This note was changed elsewhere" })).toBeInTheDocument();
  return { user, alert };
}

describe("NoteConflict", () => {
  it("shows both texts of each section that differs, says when the other was saved, and sends nothing until one is chosen", async () => {
    keepUnsentTextOnThisDevice();
    const { alert } = await openEditorWithConflict();

    expect(alert).toHaveTextContent(`Another tab or device saved this note at ${dateTimeText(SAVED_ELSEWHERE_AT)}`);
    const plan = within(alert).getByRole("heading", { name: "Plan" }).parentElement!;
    expect(within(plan).getByText("Your text").nextElementSibling).toHaveTextContent("Fluids and rest.");
    expect(within(plan).getByText("Saved text").nextElementSibling).toHaveTextContent("Amoxicillin for seven days.");
    expect(within(alert).queryByRole("heading", { name: "Subjective" })).not.toBeInTheDocument();
    expect(alert).toHaveTextContent("The other sections are the same in both versions.");
    // The editor still holds this device's text, and nothing was saved over the other.
    expect(screen.getByLabelText("Plan")).toHaveValue("Fluids and rest.");
    expect(server.requests.map((request) => request.method)).toEqual(["POST"]);
    expect(screen.queryByRole("button", { name: "Sign note" })).not.toBeInTheDocument();
  });

  it("Keep my text saves this device's text over the version saved elsewhere", async () => {
    keepUnsentTextOnThisDevice();
    server.answer("PUT", NOTE_PATH, () => json<NoteResponse>(draftNote(MINE, 6)));
    const { user } = await openEditorWithConflict();

    await user.click(screen.getByRole("button", { name: "Keep my text" }));

    expect(await screen.findByText(/^Saved \d\d:\d\d$/)).toBeInTheDocument();
    expect(server.sent("PUT", NOTE_PATH).map((request) => request.body)).toEqual([{ expectedVersion: 5, ...MINE }]);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Plan")).toHaveValue("Fluids and rest.");
    expect(draftsOnThisDevice()).toEqual([]);
  });

  it("text combined from both versions while comparing is what Keep my text sends", async () => {
    keepUnsentTextOnThisDevice();
    const merged = { ...MINE, plan: "Fluids and rest. Amoxicillin for seven days." };
    server.answer("PUT", NOTE_PATH, () => json<NoteResponse>(draftNote(merged, 6)));
    const { user, alert } = await openEditorWithConflict();

    await user.click(screen.getByLabelText("Plan"));
    await user.keyboard("{End}");
    await user.paste(" Amoxicillin for seven days.");
    // The comparison follows the editor; still nothing is sent while it is open.
    const plan = within(alert).getByRole("heading", { name: "Plan" }).parentElement!;
    expect(within(plan).getByText("Your text").nextElementSibling).toHaveTextContent("Fluids and rest. Amoxicillin for seven days.");
    expect(server.sent("PUT", NOTE_PATH)).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Keep my text" }));

    expect(await screen.findByText(/^Saved \d\d:\d\d$/)).toBeInTheDocument();
    expect(server.sent("PUT", NOTE_PATH).map((request) => request.body)).toEqual([{ expectedVersion: 5, ...merged }]);
  });

  it("Use the saved text puts the other version in the editor, sends nothing and forgets this device's copy", async () => {
    keepUnsentTextOnThisDevice();
    const { user } = await openEditorWithConflict();

    await user.click(screen.getByRole("button", { name: "Use the saved text" }));

    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Plan")).toHaveValue("Amoxicillin for seven days.");
    expect(server.sent("PUT", NOTE_PATH)).toEqual([]);
    expect(draftsOnThisDevice()).toEqual([]);
    expect(screen.getByRole("button", { name: "Sign note" })).toBeInTheDocument();
  });

  it("a note changed elsewhere while signing shows the comparison instead of signing", async () => {
    server.answer("POST", NOTE_PATH, () => json<NoteResponse>(draftNote(MINE, 3)));
    const current = { ...THEIRS, ...EMPTY_DETAILS, version: 4, status: "DRAFT" as const, updatedAt: new Date(SAVED_ELSEWHERE_AT) };
    server.answer("POST", SIGN_PATH, () => refusal(new NoteVersionConflictError(3, current, {})));
    const user = userEvent.setup();
    render(<NoteEditor appointmentId={NOTE_APPOINTMENT_ID} physicianName={PHYSICIAN} />);
    await screen.findByLabelText("Plan");

    await user.click(screen.getByRole("button", { name: "Sign note" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Sign" }));

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "This note was changed elsewhere" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("Amoxicillin for seven days.");
    expect(screen.getByRole("status")).toHaveTextContent("Not saved – this note was changed elsewhere; compare both versions below");
    expect(screen.queryByText(/^Signed by/)).not.toBeInTheDocument();
  });
});
