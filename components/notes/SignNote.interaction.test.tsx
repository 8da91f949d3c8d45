import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { ClinicalValidationError } from "@/lib/chart/errors";
import { fakeServer, heldAnswer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import type { NoteResponse } from "./noteApi";
import { NoteEditor } from "./NoteEditor";
import { dateTimeText } from "./noteStatus";
import { draftNote, NOTE_APPOINTMENT_ID, NOTE_PATH, SIGN_PATH, signedNote } from "./testing/noteJson";

// Signing a note in the editor (SignNote inside NoteEditor), with the note
// routes answered as the server does.

const DRAFT = draftNote({ subjective: "Cough for three days.", plan: "Fluids and rest." }, 3);
const SIGNED_AT = "2026-03-05T14:20:00.000Z";

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
  server.answer("POST", NOTE_PATH, () => json<NoteResponse>(DRAFT));
});

async function openEditor() {
  const user = userEvent.setup();
  render(<NoteEditor appointmentId={NOTE_APPOINTMENT_ID} physicianName="Dr. Lena Fischer" />);
  expect(await screen.findByLabelText("Plan")).toHaveValue("Fluids and rest.");
  return user;
}

describe("SignNote", () => {
  it("asks before signing, and Cancel leaves the note a draft without asking the server", async () => {
    const user = await openEditor();

    await user.click(screen.getByRole("button", { name: "Sign note" }));
    const dialog = screen.getByRole("dialog", { name: "Sign and lock this note?" });
    expect(dialog).toHaveTextContent("Once signed, the note can no longer be changed.");

    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(server.sent("POST", SIGN_PATH)).toEqual([]);
    expect(screen.getByLabelText("Plan")).not.toHaveAttribute("readonly");
  });

  it("signs the version on screen, refuses a second press while signing, then shows the note locked and who signed it", async () => {
    const signing = heldAnswer();
    server.answer("POST", SIGN_PATH, signing.route);
    const user = await openEditor();

    await user.click(screen.getByRole("button", { name: "Sign note" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Sign" }));

    const pending = await screen.findByRole("button", { name: "Signing…" });
    expect(pending).toBeDisabled();
    await user.click(pending);
    expect(server.sent("POST", SIGN_PATH).map((request) => request.body)).toEqual([{ expectedVersion: 3 }]);

    signing.release(json<NoteResponse>(signedNote(DRAFT, SIGNED_AT)));

    expect(await screen.findByText(`Signed by Dr. Lena Fischer at ${dateTimeText(SIGNED_AT)}`)).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign note" })).not.toBeInTheDocument();
    expect(screen.getByLabelText("Plan")).toHaveAttribute("readonly");
  });

  it("saves text typed just before signing, then signs the version that save made", async () => {
    const edited = draftNote({ subjective: "Cough for three days.", plan: "Fluids and rest. Review in one week." }, 4);
    server.answer("PUT", NOTE_PATH, () => json<NoteResponse>(edited));
    server.answer("POST", SIGN_PATH, () => json<NoteResponse>(signedNote(edited, SIGNED_AT)));
    const user = await openEditor();

    // One change (a paste), so whether the autosave or signing sends it, the same save goes out once.
    await user.click(screen.getByLabelText("Plan"));
    await user.paste(" Review in one week.");
    await user.click(screen.getByRole("button", { name: "Sign note" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Sign" }));

    expect(await screen.findByText(/^Signed by Dr. Lena Fischer/)).toBeInTheDocument();
    const afterOpening = server.requests.slice(1).map((request) => [request.method, request.path, request.body]);
    expect(afterOpening).toEqual([
      ["PUT", NOTE_PATH, { expectedVersion: 3, subjective: "Cough for three days.", objective: "", assessment: "", plan: "Fluids and rest. Review in one week." }],
      ["POST", SIGN_PATH, { expectedVersion: 4 }],
    ]);
  });

  it("shows the server's refusal in the dialog and keeps the note an editable draft", async () => {
    const refused = new ClinicalValidationError("EMPTY_NOTE", "There is nothing to sign yet: write at least one section.");
    server.answer("POST", SIGN_PATH, () => refusal(refused));
    const user = await openEditor();

    await user.click(screen.getByRole("button", { name: "Sign note" }));
    const dialog = screen.getByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Sign" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(refused.message);
    expect(within(dialog).getByRole("button", { name: "Sign" })).toBeEnabled();
    expect(screen.getByLabelText("Plan")).not.toHaveAttribute("readonly");
    expect(screen.queryByText(/^Signed by/)).not.toBeInTheDocument();
  });
});
