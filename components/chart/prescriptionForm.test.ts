import { describe, expect, it } from "vitest";
import { acknowledgedWarningText, acknowledgementsOf, allAcknowledged, checkPrescriptionForm, refusalByField, warningsOf } from "./prescriptionForm";

describe("refusalByField", () => {
  it("puts zod issues on their fields", () => {
    const body = {
      error: "The request is not valid.",
      issues: [
        { path: "dose", message: "Give the dose with its amount, such as 500 mg or 2 puffs." },
        { path: "quantity", message: "Dispense at most 1000." },
        { path: "acknowledgedWarnings.0", message: "Too long" },
      ],
    };
    expect(refusalByField(body, "The request is not valid.")).toEqual({
      fields: { dose: "Give the dose with its amount, such as 500 mg or 2 puffs.", quantity: "Dispense at most 1000." },
      form: "Too long",
    });
  });

  it("puts a clinical rule on its field, and anything else on the form", () => {
    expect(refusalByField({ code: "TOO_MANY_REFILLS" }, "At most 5 refills.")).toEqual({ fields: { refills: "At most 5 refills." }, form: null });
    expect(refusalByField({ code: "PATIENT_MISMATCH" }, "Different patient.")).toEqual({ fields: {}, form: "Different patient." });
    expect(refusalByField({ issues: [] }, "The request is not valid.")).toEqual({ fields: {}, form: "The request is not valid." });
  });
});

describe("checkPrescriptionForm", () => {
  it("names every missing answer", () => {
    expect(Object.keys(checkPrescriptionForm({ drugChosen: false, dose: " ", route: "", frequency: "", quantity: "x", refills: "" }))).toEqual([
      "drug",
      "dose",
      "route",
      "frequency",
      "quantity",
      "refills",
    ]);
    expect(checkPrescriptionForm({ drugChosen: true, dose: "500 mg", route: "oral", frequency: "twice daily", quantity: "21", refills: "0" })).toEqual({});
  });
});

describe("warnings", () => {
  const warning = { code: "allergy:1", kind: "ALLERGY_CLASS", severity: "HIGH", message: "Allergy to Penicillin", reasonRequired: false };
  const interaction = {
    code: "interaction:statins-cyp3a4-inhibitors:medication:m1",
    kind: "DRUG_INTERACTION",
    severity: "HIGH",
    message: "Interaction: the patient takes simvastatin",
    reasonRequired: true,
    source: "ONC high-priority DDI list",
  };

  it("reads the warnings of a 409 only", () => {
    expect(warningsOf(409, { code: "PRESCRIPTION_WARNINGS", warnings: [warning, interaction, { bad: true }] })).toEqual([warning, interaction]);
    expect(warningsOf(409, { code: "PRESCRIPTION_NOT_ACTIVE" })).toBeNull();
    expect(warningsOf(422, { warnings: [warning] })).toBeNull();
  });

  it("allows prescribing anyway only when every warning is ticked", () => {
    const two = [warning, { ...warning, code: "duplicate:medication:2" }];
    expect(allAcknowledged(two, new Set(["allergy:1"]), new Map())).toBe(false);
    expect(allAcknowledged(two, new Set(["allergy:1", "duplicate:medication:2"]), new Map())).toBe(true);
    expect(allAcknowledged([], new Set(), new Map())).toBe(false);
  });

  it("needs a reason, not only a tick, for an interaction; and sends it with the code", () => {
    const ticked = new Set([warning.code, interaction.code]);
    expect(allAcknowledged([warning, interaction], ticked, new Map())).toBe(false);
    expect(allAcknowledged([warning, interaction], ticked, new Map([[interaction.code, "   "]]))).toBe(false);
    const reasons = new Map([[interaction.code, " Short course; statin paused "]]);
    expect(allAcknowledged([warning, interaction], ticked, reasons)).toBe(true);
    expect(acknowledgementsOf([warning, interaction], reasons)).toEqual([warning.code, { code: interaction.code, reason: "Short course; statin paused" }]);
  });
});

describe("acknowledgedWarningText", () => {
  it("shows the message the prescriber saw, without the code and kind", () => {
    expect(acknowledgedWarningText("allergy:a1 ALLERGY_CLASS: Allergy to Penicillin (hives, severe): amoxicillin is in the same class.")).toBe(
      "Allergy to Penicillin (hives, severe): amoxicillin is in the same class.",
    );
    expect(acknowledgedWarningText("free text")).toBe("free text");
  });
});
