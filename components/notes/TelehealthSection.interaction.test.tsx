import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { NoteIncompleteError } from "@/lib/notes/errors";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { COMPLETE_TELEHEALTH_BLOCK } from "@/lib/notes/testing/complete-note";
import { telehealthDraftPath, type NoteResponse } from "./noteApi";
import { NoteEditor } from "./NoteEditor";
import { draftNote, NOTE_APPOINTMENT_ID, NOTE_PATH, SIGN_PATH } from "./testing/noteJson";

// The note's Telehealth section and codes in the editor, with the note routes
// answered as the server does: edits travel in the note's versioned save,
// "Refresh from visit" keeps the physician's location, and a refused signing
// marks the missing fields.

const DRAFTED = { ...COMPLETE_TELEHEALTH_BLOCK, physicianLocation: { type: null, state: null } };
const DRAFT = (() => {
  const response = draftNote({ plan: "Fluids and rest." }, 3);
  return { note: { ...response.note, telehealth: DRAFTED } } satisfies NoteResponse;
})();

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
  server.answer("POST", NOTE_PATH, () => json<NoteResponse>(DRAFT));
  server.answer("PUT", NOTE_PATH, (request) => {
    const body = request.body as Record<string, unknown>;
    const { expectedVersion, ...changes } = body;
    return json<NoteResponse>({ note: { ...DRAFT.note, ...changes, version: Number(expectedVersion) + 1 } });
  });
});

async function openEditor() {
  const user = userEvent.setup();
  render(<NoteEditor appointmentId={NOTE_APPOINTMENT_ID} physicianName="Dr. Lena Fischer" />);
  const section = within(await screen.findByRole("region", { name: "Telehealth" }));
  expect(section.getByLabelText("Patient's state")).toHaveValue("NY");
  return { user, section };
}

describe("the Telehealth section", () => {
  it("saves the physician's location with the note's version", async () => {
    const { user, section } = await openEditor();
    await user.selectOptions(section.getByLabelText("Physician's location"), "HOME");
    await user.selectOptions(section.getByLabelText("Physician's state"), "NJ");

    await screen.findByText(/^Saved \d\d:\d\d$/, undefined, { timeout: 5_000 });
    const saves = server.sent("PUT", NOTE_PATH).map((request) => request.body as { expectedVersion: number; telehealth: typeof DRAFTED });
    expect(saves.at(-1)!.telehealth.physicianLocation).toEqual({ type: "HOME", state: "NJ" });
    expect(saves[0]!.expectedVersion).toBe(3);
  });

  it("Refresh from visit takes the recorded data again and keeps the physician's location", async () => {
    server.answer("GET", telehealthDraftPath(NOTE_APPOINTMENT_ID), () => json({ telehealth: { ...DRAFTED, totalMinutes: 31 } }));
    const { user, section } = await openEditor();
    await user.selectOptions(section.getByLabelText("Physician's location"), "CLINIC");

    await user.click(section.getByRole("button", { name: "Refresh from visit" }));

    expect(await section.findByText(/31 minutes/)).toBeInTheDocument();
    expect(section.getByLabelText("Physician's location")).toHaveValue("CLINIC");
  });

  it("a signing refused as incomplete names the missing fields beside them", async () => {
    server.answer("POST", SIGN_PATH, () => refusal(new NoteIncompleteError(["physicianLocation.type", "cptCode"])));
    const { user, section } = await openEditor();

    await user.click(screen.getByRole("button", { name: "Sign note" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Sign" }));

    expect(await within(screen.getByRole("dialog")).findByText("Before signing, complete: Physician's location; Visit code (CPT).")).toBeInTheDocument();
    expect(section.getByLabelText("Physician's location")).toHaveAccessibleDescription("Physician's location: required to sign.");
    expect(screen.getByLabelText("Visit code (CPT)")).toHaveAttribute("aria-invalid", "true");

    await user.selectOptions(section.getByLabelText("Physician's location"), "CLINIC");
    expect(section.queryByText("Physician's location: required to sign.")).not.toBeInTheDocument();
  });
});
