import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PrescriptionWarningsError } from "@/lib/chart/errors";
import type { PrescriptionWarning } from "@/lib/chart/prescription-rules";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { NewPrescriptionForm } from "./NewPrescriptionForm";
import type { CreatedPrescriptionJson, DrugOption } from "./types";

// Prescribing a drug that raises warnings: the server refuses (409
// PRESCRIPTION_WARNINGS) until every warning is acknowledged.

const PATIENT_ID = "pat-1";
const DRUGS_PATH = `/api/patients/${PATIENT_ID}/drugs?q=amox&limit=20`;
const PRESCRIPTIONS_PATH = `/api/patients/${PATIENT_ID}/prescriptions`;

const ALLERGY: PrescriptionWarning = {
  code: "allergy:alg-1",
  kind: "ALLERGY_CLASS",
  severity: "HIGH",
  message: "Allergy to Penicillin (hives, severe): Amoxicillin 500 mg capsule is in the same class, penicillins.",
  reasonRequired: false,
};
const DUPLICATE: PrescriptionWarning = {
  code: "duplicate:medication:med-1",
  kind: "DUPLICATE_INGREDIENT",
  severity: "MODERATE",
  message: "Duplicate therapy: the patient already takes Augmentin, which also contains amoxicillin.",
  reasonRequired: false,
};
const AMOXICILLIN: DrugOption = {
  rxcui: "308182",
  name: "Amoxicillin 500 mg capsule",
  doseForm: "Oral Capsule",
  routes: ["oral"],
  ingredients: ["amoxicillin"],
  classes: ["penicillins"],
  schedule: null,
  telehealthUntil: null,
  warnings: [ALLERGY, DUPLICATE],
};

const CREATED: CreatedPrescriptionJson = {
  prescription: {
    id: "rx-1",
    rxnormCode: AMOXICILLIN.rxcui,
    drugName: AMOXICILLIN.name,
    dose: "500 mg",
    route: "oral",
    frequency: "Three times daily",
    quantity: 21,
    refills: 0,
    instructions: null,
    status: "ACTIVE",
    prescribedAt: "2026-03-05T14:00:00.000Z",
    prescriberName: "Dr. Lena Fischer",
    visitId: "visit-1",
    discontinuedAt: null,
    discontinueReason: null,
    acknowledgedAlerts: [],
    pdmpCheckedAt: null,
  },
  acknowledged: [ALLERGY, DUPLICATE],
};

let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
  server.answer("GET", DRUGS_PATH, () => json<{ drugs: DrugOption[] }>({ drugs: [AMOXICILLIN] }));
});

/** Fills the form for amoxicillin, choosing the drug with the keyboard, and presses Prescribe. */
async function prescribeAmoxicillin() {
  const user = userEvent.setup();
  const onPrescribed = vi.fn();
  render(<NewPrescriptionForm patientId={PATIENT_ID} appointmentId="appt-1" frequencies={["Once daily", "Three times daily"]} onPrescribed={onPrescribed} />);

  await user.type(screen.getByRole("combobox", { name: "Drug" }), "amox");
  expect(await screen.findByRole("option", { name: /Amoxicillin 500 mg capsule/ })).toHaveTextContent("2 warnings for this patient");
  await user.keyboard("{ArrowDown}{Enter}");
  expect(screen.getByRole("combobox", { name: "Drug" })).toHaveValue("Amoxicillin 500 mg capsule");
  await user.type(screen.getByLabelText("Dose"), "500 mg");
  expect(screen.getByLabelText("Route")).toHaveValue("oral");
  await user.selectOptions(screen.getByLabelText("Frequency"), "Three times daily");
  await user.type(screen.getByLabelText("Quantity"), "21");
  await user.click(screen.getByRole("button", { name: "Prescribe" }));
  return { user, onPrescribed };
}

function prescriptionRequests() {
  return server.sent("POST", PRESCRIPTIONS_PATH).map((request) => request.body as { acknowledgedWarnings: string[] });
}

describe("NewPrescriptionForm", () => {
  it("lists each warning the server raised, and refuses to prescribe until every one is acknowledged", async () => {
    server.answer("POST", PRESCRIPTIONS_PATH, () => refusal(new PrescriptionWarningsError([ALLERGY, DUPLICATE])));
    const { user, onPrescribed } = await prescribeAmoxicillin();

    const review = await screen.findByRole("heading", { name: "Review these 2 warnings before prescribing" });
    expect(review).toHaveFocus();
    expect(prescriptionRequests()).toEqual([
      {
        patientId: PATIENT_ID,
        appointmentId: "appt-1",
        rxnormCode: "308182",
        dose: "500 mg",
        route: "oral",
        frequency: "Three times daily",
        quantity: 21,
        refills: 0,
        acknowledgedWarnings: [],
      },
    ]);
    const allergy = screen.getByRole("checkbox", { name: `I have reviewed: ${ALLERGY.message}` });
    const duplicate = screen.getByRole("checkbox", { name: `I have reviewed: ${DUPLICATE.message}` });
    expect(screen.getByText("High risk")).toBeInTheDocument();
    expect(screen.getByText("Moderate risk")).toBeInTheDocument();
    const prescribeAnyway = screen.getByRole("button", { name: "Prescribe anyway" });
    expect(prescribeAnyway).toBeDisabled();

    await user.click(allergy);
    expect(prescribeAnyway).toBeDisabled();
    await user.click(prescribeAnyway);
    expect(prescriptionRequests()).toHaveLength(1);

    // The keyboard ticks the other one.
    duplicate.focus();
    await user.keyboard(" ");
    expect(duplicate).toBeChecked();
    expect(prescribeAnyway).toBeEnabled();
    await user.click(allergy);
    expect(prescribeAnyway).toBeDisabled();
    expect(onPrescribed).not.toHaveBeenCalled();
  });

  it("once every warning is ticked, Prescribe anyway sends their codes and the prescription is announced", async () => {
    server.answer("POST", PRESCRIPTIONS_PATH, (request) => {
      const acknowledged = (request.body as { acknowledgedWarnings: string[] }).acknowledgedWarnings;
      const open = [ALLERGY, DUPLICATE].filter((warning) => !acknowledged.includes(warning.code));
      return open.length > 0 ? refusal(new PrescriptionWarningsError(open)) : json<CreatedPrescriptionJson>(CREATED, 201);
    });
    const { user, onPrescribed } = await prescribeAmoxicillin();

    await user.click(await screen.findByRole("checkbox", { name: `I have reviewed: ${ALLERGY.message}` }));
    await user.click(screen.getByRole("checkbox", { name: `I have reviewed: ${DUPLICATE.message}` }));
    await user.click(screen.getByRole("button", { name: "Prescribe anyway" }));

    expect(await screen.findByText("Prescribed Amoxicillin 500 mg capsule")).toHaveRole("status");
    expect(prescriptionRequests().map((body) => body.acknowledgedWarnings)).toEqual([[], [ALLERGY.code, DUPLICATE.code]]);
    expect(onPrescribed).toHaveBeenCalledWith(CREATED);
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Drug" })).toHaveValue("");
    expect(screen.getByRole("combobox", { name: "Drug" })).toHaveFocus();
  });

  it("an interaction needs a reason as well as the tick; the reason goes with its code", async () => {
    const INTERACTION: PrescriptionWarning = {
      code: "interaction:statins-cyp3a4-inhibitors:medication:med-2",
      kind: "DRUG_INTERACTION",
      severity: "HIGH",
      reasonRequired: true,
      source: "ONC high-priority DDI list (Phansalkar S et al., J Am Med Inform Assoc 2012;19:735-743), Table 2",
      message: "Interaction: the patient takes simvastatin 20 MG Oral Tablet; risks rhabdomyolysis. Contraindicated.",
    };
    server.answer("POST", PRESCRIPTIONS_PATH, (request) =>
      (request.body as { acknowledgedWarnings: unknown[] }).acknowledgedWarnings.length === 0
        ? refusal(new PrescriptionWarningsError([INTERACTION]))
        : json<CreatedPrescriptionJson>(CREATED, 201),
    );
    const { user, onPrescribed } = await prescribeAmoxicillin();

    await user.click(await screen.findByRole("checkbox", { name: `I have reviewed: ${INTERACTION.message}` }));
    expect(screen.getByText(`Source: ${INTERACTION.source}`)).toBeInTheDocument();
    const prescribeAnyway = screen.getByRole("button", { name: "Prescribe anyway" });
    expect(prescribeAnyway).toBeDisabled();
    const reason = screen.getByLabelText("Reason for prescribing despite this interaction");
    await user.type(reason, "   ");
    expect(prescribeAnyway).toBeDisabled();
    await user.clear(reason);
    await user.type(reason, "Statin held for the course");
    await user.click(prescribeAnyway);

    expect(await screen.findByText("Prescribed Amoxicillin 500 mg capsule")).toHaveRole("status");
    expect(server.sent("POST", PRESCRIPTIONS_PATH).map((request) => (request.body as { acknowledgedWarnings: unknown[] }).acknowledgedWarnings)).toEqual([
      [],
      [{ code: INTERACTION.code, reason: "Statin held for the course" }],
    ]);
    expect(onPrescribed).toHaveBeenCalledOnce();
  });

  it("Change the prescription drops the warnings and sends nothing", async () => {
    server.answer("POST", PRESCRIPTIONS_PATH, () => refusal(new PrescriptionWarningsError([ALLERGY])));
    const { user } = await prescribeAmoxicillin();

    await user.click(await screen.findByRole("checkbox", { name: `I have reviewed: ${ALLERGY.message}` }));
    await user.click(screen.getByRole("button", { name: "Change the prescription" }));

    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Prescribe" })).toBeEnabled();
    expect(screen.getByRole("combobox", { name: "Drug" })).toHaveFocus();
    expect(prescriptionRequests()).toHaveLength(1);
  });

  it("an incomplete form is refused before anything is sent, each problem beside its field", async () => {
    const user = userEvent.setup();
    render(<NewPrescriptionForm patientId={PATIENT_ID} frequencies={["Once daily"]} onPrescribed={vi.fn()} />);

    await user.click(screen.getByRole("button", { name: "Prescribe" }));

    expect(screen.getByRole("alert")).toHaveTextContent("Check the highlighted fields.");
    expect(screen.getByRole("combobox", { name: "Drug" })).toHaveAccessibleDescription(expect.stringContaining("Choose a drug from the list."));
    expect(screen.getByLabelText("Dose")).toHaveAccessibleDescription(expect.stringContaining("Give the dose"));
    expect(within(screen.getByRole("form", { name: "New prescription" })).getByLabelText("Frequency")).toBeInvalid();
    expect(server.requests).toEqual([]);
  });
});
