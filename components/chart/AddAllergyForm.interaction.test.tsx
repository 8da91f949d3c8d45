import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ClinicalConflictError } from "@/lib/chart/errors";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { AddAllergyForm } from "./AddAllergyForm";

// Adding an allergy from the chart's Summary tab: the server refuses a second
// active allergy to the same substance (409 DUPLICATE_ALLERGY), and
// "no known allergies" while the chart lists one.

const PATIENT_ID = "pat-1";
const ALLERGIES_PATH = `/api/patients/${PATIENT_ID}/chart/allergies`;
const NKA_PATH = `/api/patients/${PATIENT_ID}/chart/no-known-allergies`;
const DUPLICATE = "An allergy to Penicillin is already on the chart. Update that one instead.";

let server: FakeServer;
beforeEach(() => {
  server = fakeServer();
});

async function typeAllergy(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText("Substance"), "Penicillin");
  await user.type(screen.getByLabelText("Reaction"), "Hives");
  await user.selectOptions(screen.getByLabelText("Severity"), "Severe");
}

describe("AddAllergyForm", () => {
  it("shows the server's refusal of a duplicate and keeps what was typed; a later success clears the form and reloads the chart", async () => {
    const user = userEvent.setup();
    const onChanged = vi.fn();
    render(<AddAllergyForm patientId={PATIENT_ID} canAttest={false} onChanged={onChanged} />);
    server.answer("POST", ALLERGIES_PATH, () => refusal(new ClinicalConflictError("DUPLICATE_ALLERGY", DUPLICATE)));
    await typeAllergy(user);
    await user.click(screen.getByRole("button", { name: "Add allergy" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(DUPLICATE);
    expect(screen.getByLabelText("Substance")).toHaveValue("Penicillin");
    expect(screen.getByLabelText("Substance")).toHaveAccessibleDescription(DUPLICATE);
    expect(onChanged).not.toHaveBeenCalled();
    expect(server.sent("POST", ALLERGIES_PATH).map((request) => request.body)).toEqual([{ substance: "Penicillin", reaction: "Hives", severity: "SEVERE" }]);
    expect(screen.queryByRole("button", { name: "Attest no known allergies" })).not.toBeInTheDocument();

    server.answer("POST", ALLERGIES_PATH, () => json({ allergy: { id: "alg-1" } }, 201));
    await user.clear(screen.getByLabelText("Substance"));
    await user.type(screen.getByLabelText("Substance"), "Latex{Enter}");
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Substance")).toHaveValue("");
  });

  it("attests no known allergies when the chart lists none, and shows a refusal", async () => {
    const user = userEvent.setup();
    const onChanged = vi.fn();
    render(<AddAllergyForm patientId={PATIENT_ID} canAttest onChanged={onChanged} />);
    const message = "The chart lists allergies. Resolve them before attesting no known allergies.";
    server.answer("PUT", NKA_PATH, () => refusal(new ClinicalConflictError("ALLERGIES_ACTIVE", message)));
    await user.click(screen.getByRole("button", { name: "Attest no known allergies" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(onChanged).not.toHaveBeenCalled();

    server.answer("PUT", NKA_PATH, () => json({ noKnownAllergies: { attestedAt: "2026-05-04T09:00:00.000Z", attestedByName: "Dr. Maya Lee" } }));
    await user.click(screen.getByRole("button", { name: "Attest no known allergies" }));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
  });
});
