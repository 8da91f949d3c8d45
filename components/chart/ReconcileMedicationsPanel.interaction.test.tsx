import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ClinicalValidationError } from "@/lib/chart/errors";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { ReconcileMedicationsPanel } from "./ReconcileMedicationsPanel";
import type { ReconciliationJson, VisitReconciliationJson } from "./types";

// Walking the medication list at a visit: a status for each, a reason for a
// stopped or changed one, then one request with them all.

const PATH = "/api/appointments/appt-1/medication-reconciliation";

const LIST: VisitReconciliationJson = {
  medications: [
    { id: "med-1", name: "simvastatin 20 MG Oral Tablet", dose: "20 mg", frequency: "once daily", outside: false, checkIn: { response: "takingDifferently", note: "every other day" } },
    { id: "med-2", name: "omeprazole 20 MG Delayed Release Oral Capsule", dose: "20 mg", frequency: "once daily", outside: true, checkIn: null },
  ],
  latest: null,
};

const RECORDED: ReconciliationJson = {
  id: "rec-1",
  recordedAt: "2026-12-04T15:05:00.000Z",
  physicianName: "Dr. Lena Fischer",
  items: [
    { medicationId: "med-1", name: "simvastatin 20 MG Oral Tablet", dose: "20 mg", outside: false, checkInResponse: "takingDifferently", status: "TAKING", reason: null, note: null },
    { medicationId: "med-2", name: "omeprazole 20 MG Delayed Release Oral Capsule", dose: "20 mg", outside: true, checkInResponse: null, status: "STOPPED", reason: "No more heartburn", note: null },
  ],
};

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
  server.answer("GET", PATH, () => json(LIST));
});

function renderPanel() {
  const onReconciled = vi.fn();
  render(<ReconcileMedicationsPanel appointmentId="appt-1" timeZone="America/New_York" refreshKey={0} onReconciled={onReconciled} />);
  return { user: userEvent.setup(), onReconciled };
}

describe("ReconcileMedicationsPanel", () => {
  it("shows what the patient said at check-in and the outside record; asks a status for each and a reason for a stop before sending", async () => {
    const { user, onReconciled } = renderPanel();
    const simvastatin = await screen.findByRole("group", { name: "simvastatin 20 MG Oral Tablet 20 mg" });
    expect(simvastatin).toHaveTextContent("At check-in the patient said: taking differently (every other day)");
    const omeprazole = screen.getByRole("group", { name: "omeprazole 20 MG Delayed Release Oral Capsule 20 mg" });
    expect(omeprazole).toHaveTextContent("From an outside record");

    await user.click(within(simvastatin).getByRole("radio", { name: "Taking" }));
    await user.click(screen.getByRole("button", { name: "Record reconciliation" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Choose a status for omeprazole 20 MG Delayed Release Oral Capsule.");

    await user.click(within(omeprazole).getByRole("radio", { name: "Stopped" }));
    await user.click(screen.getByRole("button", { name: "Record reconciliation" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Give the reason for omeprazole 20 MG Delayed Release Oral Capsule.");
    expect(server.sent("POST", PATH)).toEqual([]);

    server.answer("POST", PATH, () => json({ reconciliation: RECORDED }, 201));
    await user.type(screen.getByLabelText("Reason for omeprazole 20 MG Delayed Release Oral Capsule"), "No more heartburn");
    await user.click(screen.getByRole("button", { name: "Record reconciliation" }));

    expect(await screen.findByText(/Medications reconciled at .* by Dr\. Lena Fischer/)).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("omeprazole 20 MG Delayed Release Oral Capsule 20 mg: Stopped (reason: No more heartburn)");
    expect(server.sent("POST", PATH).map((request) => request.body)).toEqual([
      {
        appointmentId: "appt-1",
        items: [
          { medicationId: "med-1", status: "TAKING", reason: "", note: "" },
          { medicationId: "med-2", status: "STOPPED", reason: "No more heartburn", note: "" },
        ],
      },
    ]);
    expect(onReconciled).toHaveBeenCalledOnce();
  });

  it("says the server's refusal and keeps what was chosen", async () => {
    server.answer("POST", PATH, () =>
      refusal(new ClinicalValidationError("MEDICATION_NOT_ON_LIST", "A medication sent is not on this patient's active list. Reload the list and reconcile again.")),
    );
    const { user, onReconciled } = renderPanel();
    for (const group of await screen.findAllByRole("group")) await user.click(within(group).getByRole("radio", { name: "Not taking" }));
    await user.click(screen.getByRole("button", { name: "Record reconciliation" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("not on this patient's active list");
    expect(within(screen.getAllByRole("group")[0]!).getByRole("radio", { name: "Not taking" })).toBeChecked();
    expect(onReconciled).not.toHaveBeenCalled();
  });
});
