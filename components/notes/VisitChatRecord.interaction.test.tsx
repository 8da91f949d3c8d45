import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { ClinicalConflictError } from "@/lib/chart/errors";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import type { Json } from "@/components/chart/types";
import type { VisitChat } from "@/lib/visits/chat";
import { VisitChatRecord } from "./VisitChatRecord";

// The call's chat under the physician's note, and the choice to show it in
// the patient's after-visit summary (off unless ticked).

const CHAT_PATH = "/api/visits/appt-1/chat";
const SUMMARY_PATH = `${CHAT_PATH}/summary`;
const MESSAGES: Json<VisitChat>["messages"] = [
  { id: "m1", senderName: "Maya Lee", senderRole: "physician", text: "Can you hear me?", sentAt: "2026-05-04T14:02:00.000Z" },
  { id: "m2", senderName: "Alex Morgan", senderRole: "patient", text: "Yes.", sentAt: "2026-05-04T14:03:00.000Z" },
];

let server: FakeServer;
let included: boolean;
beforeEach(() => {
  server = fakeServer();
  included = false;
  server.answer("GET", CHAT_PATH, () => json({ chat: { includeInSummary: included, noteSigned: false, messages: MESSAGES } }));
});

describe("VisitChatRecord", () => {
  it("lists who said what and when, and ticks the chat into the summary from the keyboard", async () => {
    const user = userEvent.setup();
    server.answer("PUT", SUMMARY_PATH, (request) => {
      included = (request.body as { include: boolean }).include;
      return json({ includeInSummary: included });
    });
    render(<VisitChatRecord appointmentId="appt-1" timeZone="America/New_York" />);
    const include = await screen.findByRole("checkbox", { name: "Include the chat in the after-visit summary" });
    expect(include).not.toBeChecked();
    expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Maya Lee (May 4, 2026, 10:02 AM EDT): Can you hear me?",
      "Alex Morgan (May 4, 2026, 10:03 AM EDT): Yes.",
    ]);

    include.focus();
    await user.keyboard(" ");
    await screen.findByRole("checkbox", { name: "Include the chat in the after-visit summary", checked: true });
    expect(server.sent("PUT", SUMMARY_PATH).map((request) => request.body)).toEqual([{ include: true }]);
  });

  it("shows the refusal once the note is signed, and leaves the box as the server has it", async () => {
    const user = userEvent.setup();
    server.answer("PUT", SUMMARY_PATH, () =>
      refusal(new ClinicalConflictError("NOTE_SIGNED", "The note is signed: what the after-visit summary shows can no longer change.")),
    );
    render(<VisitChatRecord appointmentId="appt-1" timeZone="America/New_York" />);
    await user.click(await screen.findByRole("checkbox", { name: "Include the chat in the after-visit summary" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The note is signed: what the after-visit summary shows can no longer change.");
    expect(screen.getByRole("checkbox", { name: "Include the chat in the after-visit summary" })).not.toBeChecked();
  });
});
