import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { findDrug } from "./drugs";
import { ClinicalValidationError } from "./errors";
import {
  acknowledgementRecord,
  checkPrescription,
  createPrescriptionInput,
  discontinuePrescriptionInput,
  FREQUENCIES,
  MAX_QUANTITY,
  MAX_REFILLS,
  prescriptionWarnings,
  unacknowledged,
  type AllergyFact,
} from "./prescription-rules";

const drug = (rxcui: string) => findDrug(rxcui)!;
const AMOXICILLIN = "308191";
const AMOX_CLAV = "562508";
const PENICILLIN_V = "834102";
const CEPHALEXIN = "309114";
const SMX_TMP = "198335";
const LISINOPRIL_HCTZ = "197885";
const ROSUVASTATIN = "859747";

const penicillinAllergy: AllergyFact = {
  id: "a-pen",
  substance: "Penicillin",
  rxnormCode: "70618",
  drugClass: "penicillins",
  reaction: "Hives and facial swelling",
  severity: "SEVERE",
};
const amoxicillinAllergy: AllergyFact = { ...penicillinAllergy, id: "a-amox", substance: "Amoxicillin", rxnormCode: "723", severity: "MILD", reaction: "Rash" };
const sulfaAllergy: AllergyFact = {
  id: "a-sulfa",
  substance: "Sulfamethoxazole (sulfa antibiotics)",
  rxnormCode: "10180",
  drugClass: "sulfonamides",
  reaction: "Stevens-Johnson syndrome",
  severity: "LIFE_THREATENING",
};
const shellfish: AllergyFact = { id: "a-fish", substance: "Shellfish", rxnormCode: null, drugClass: null, reaction: "Hives", severity: "MODERATE" };

describe("allergy warnings", () => {
  it("warns on the ingredient itself, found by RxNorm code or by name", () => {
    expect(prescriptionWarnings(drug(AMOX_CLAV), [amoxicillinAllergy], [])).toEqual([
      {
        code: "allergy:a-amox",
        kind: "ALLERGY_INGREDIENT",
        severity: "LOW",
        reasonRequired: false,
        message: "Allergy to Amoxicillin (rash, mild): amoxicillin 875 MG / clavulanate 125 MG Oral Tablet contains amoxicillin.",
      },
    ]);
    expect(prescriptionWarnings(drug(SMX_TMP), [sulfaAllergy], [])).toMatchObject([{ kind: "ALLERGY_INGREDIENT", severity: "HIGH" }]);
    // "Penicillin" names penicillin V too.
    expect(prescriptionWarnings(drug(PENICILLIN_V), [{ ...penicillinAllergy, rxnormCode: null }], [])).toMatchObject([
      { kind: "ALLERGY_INGREDIENT" },
    ]);
  });

  it("warns on the allergy's class: a penicillin allergy rules out amoxicillin", () => {
    expect(prescriptionWarnings(drug(AMOXICILLIN), [penicillinAllergy], [])).toEqual([
      {
        code: "allergy:a-pen",
        kind: "ALLERGY_CLASS",
        severity: "HIGH",
        reasonRequired: false,
        message: "Allergy to Penicillin (hives and facial swelling, severe): amoxicillin 500 MG Oral Capsule is in the same class, penicillins.",
      },
    ]);
  });

  it("warns, less loudly, on a cross-reactive class, and not at all on unrelated allergies", () => {
    expect(prescriptionWarnings(drug(CEPHALEXIN), [penicillinAllergy, shellfish], [])).toMatchObject([
      { code: "allergy:a-pen", kind: "ALLERGY_CROSS_REACTIVITY", severity: "MODERATE" },
    ]);
    expect(prescriptionWarnings(drug(ROSUVASTATIN), [penicillinAllergy, sulfaAllergy, shellfish], [])).toEqual([]);
  });
});

describe("duplicate therapy warnings", () => {
  it("warns when an active medication has the same ingredient, even inside a combination", () => {
    const warnings = prescriptionWarnings(drug(LISINOPRIL_HCTZ), [], [{ ref: "medication:m1", name: "lisinopril 10 MG Oral Tablet", rxnormCode: "314076" }]);
    expect(warnings).toEqual([
      {
        code: "duplicate:medication:m1",
        kind: "DUPLICATE_INGREDIENT",
        severity: "MODERATE",
        reasonRequired: false,
        message: "Duplicate therapy: the patient already takes lisinopril 10 MG Oral Tablet, which also contains lisinopril.",
      },
    ]);
  });

  it("warns on a second drug of the same class, recognised by code or by name", () => {
    expect(
      prescriptionWarnings(drug(ROSUVASTATIN), [], [{ ref: "medication:m2", name: "atorvastatin 20 MG Oral Tablet", rxnormCode: "617310" }]),
    ).toMatchObject([{ kind: "DUPLICATE_CLASS", message: expect.stringContaining("also one of the statins") }]);
    expect(
      prescriptionWarnings(drug(ROSUVASTATIN), [], [{ ref: "prescription:p1", name: "Pravastatin 30 mg daily", rxnormCode: null }]),
    ).toMatchObject([{ code: "duplicate:prescription:p1", kind: "DUPLICATE_CLASS" }]);
    expect(prescriptionWarnings(drug(ROSUVASTATIN), [], [{ ref: "medication:m3", name: "metformin hydrochloride 500 MG Oral Tablet", rxnormCode: "861007" }])).toEqual([]);
  });

  it("lists allergies before duplicates, the most severe first", () => {
    const warnings = prescriptionWarnings(
      drug(AMOX_CLAV),
      [amoxicillinAllergy, penicillinAllergy],
      [{ ref: "medication:m4", name: "amoxicillin 500 MG Oral Capsule", rxnormCode: AMOXICILLIN }],
    );
    expect(warnings.map((warning) => [warning.code, warning.severity])).toEqual([
      ["allergy:a-pen", "HIGH"],
      ["allergy:a-amox", "LOW"],
      ["duplicate:medication:m4", "MODERATE"],
    ]);
  });
});

describe("acknowledgement", () => {
  it("leaves only the warnings whose codes were not acknowledged, and records code, kind and text", () => {
    const warnings = prescriptionWarnings(drug(AMOX_CLAV), [amoxicillinAllergy, penicillinAllergy], []);
    expect(unacknowledged(warnings, ["allergy:a-pen", "something-else"]).map((warning) => warning.code)).toEqual(["allergy:a-amox"]);
    expect(unacknowledged(warnings, ["allergy:a-pen", "allergy:a-amox"])).toEqual([]);
    expect(acknowledgementRecord(warnings[0]!)).toBe(`allergy:a-pen ALLERGY_CLASS: ${warnings[0]!.message}`);
  });
});

describe("prescription input", () => {
  const valid = {
    patientId: "patient-1",
    rxnormCode: "314076",
    dose: "10 mg",
    route: "oral",
    frequency: "once daily",
    quantity: 90,
    refills: 3,
  } as const;

  it("accepts a complete prescription, with no acknowledgements by default", () => {
    expect(createPrescriptionInput.parse(valid)).toMatchObject({ ...valid, acknowledgedWarnings: [] });
  });

  it.each([
    ["no quantity", { quantity: 0 }],
    ["a fractional quantity", { quantity: 2.5 }],
    ["too many refills", { refills: 12 }],
    ["negative refills", { refills: -1 }],
    ["a dose without an amount", { dose: "some" }],
    ["a dose over two lines", { dose: "10 mg\nthen 20 mg" }],
    ["a frequency not on the list", { frequency: "whenever" }],
    ["an unknown route", { route: "by magic" }],
    ["a code that is not RxNorm", { rxnormCode: "abc" }],
    ["an unexpected field", { price: 3 }],
  ])("refuses %s", (_label, change) => {
    expect(() => createPrescriptionInput.parse({ ...valid, ...change })).toThrow(ZodError);
  });

  it("checks what zod cannot: the drug exists, the route fits its form, controlled refills", () => {
    expect(checkPrescription({ rxnormCode: "314076", route: "oral", refills: 3 }).name).toBe("lisinopril 10 MG Oral Tablet");
    const refused = (input: Parameters<typeof checkPrescription>[0]) => {
      try {
        checkPrescription(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ClinicalValidationError);
        return (error as ClinicalValidationError).code;
      }
      throw new Error("not refused");
    };
    expect(refused({ rxnormCode: "123", route: "oral", refills: 0 })).toBe("UNKNOWN_DRUG");
    expect(refused({ rxnormCode: "745679", route: "oral", refills: 0 })).toBe("ROUTE_NOT_FOR_DRUG");
    expect(refused({ rxnormCode: "1049221", route: "oral", refills: 1 })).toBe("TOO_MANY_REFILLS");
    expect(refused({ rxnormCode: "197591", route: "oral", refills: 6 })).toBe("TOO_MANY_REFILLS");
    expect(checkPrescription({ rxnormCode: "197591", route: "oral", refills: 5 }).schedule).toBe("IV");
  });
});

/** The messages a prescriber sees when the form is refused. */
function refusals(schema: { safeParse: (input: unknown) => { error?: ZodError } }, input: unknown): string[] {
  return schema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
}

describe("prescription form refusals", () => {
  const valid = { patientId: "patient-1", rxnormCode: "314076", dose: "10 mg", route: "oral", frequency: "once daily", quantity: 90, refills: 3 };

  it.each([
    [{ rxnormCode: "abc" }, "Choose a drug from the list."],
    [{ dose: "1".repeat(81) }, "Keep the dose to 80 characters."],
    [{ dose: "10 mg\nthen 20 mg" }, "Write the dose on one line."],
    [{ dose: "10\u0007mg" }, "Write the dose on one line."],
    [{ dose: "some" }, "Give the dose with its amount, such as 500 mg or 2 puffs."],
    [{ route: "by magic" }, "Choose a route from the list."],
    [{ frequency: "whenever" }, "Choose a frequency from the list."],
    [{ quantity: "90" }, "Give the quantity as a number."],
    [{ quantity: 2.5 }, "Give a whole number to dispense."],
    [{ quantity: 0 }, "Dispense at least 1."],
    [{ quantity: MAX_QUANTITY + 1 }, "Dispense at most 1000."],
    [{ refills: "3" }, "Give the refills as a number."],
    [{ refills: 1.5 }, "Give a whole number of refills."],
    [{ refills: -1 }, "Refills cannot be negative."],
    [{ refills: MAX_REFILLS + 1 }, "At most 11 refills."],
    [{ instructions: "x".repeat(1001) }, "Keep the instructions to 1000 characters."],
    [{ instructions: "Take with food\u0000" }, "Remove control characters from the instructions."],
  ])("refuses %o saying %s", (change, message) => {
    expect(refusals(createPrescriptionInput, { ...valid, ...change })).toEqual([message]);
  });

  it("takes every frequency on the list, the limits themselves, and trimmed text", () => {
    for (const frequency of FREQUENCIES) expect(refusals(createPrescriptionInput, { ...valid, frequency })).toEqual([]);
    expect(FREQUENCIES).toContain("every 4 to 6 hours as needed");
    expect(refusals(createPrescriptionInput, { ...valid, quantity: MAX_QUANTITY, refills: MAX_REFILLS, instructions: "x".repeat(1000) })).toEqual([]);
    expect(refusals(createPrescriptionInput, { ...valid, quantity: 1, refills: 0, dose: "1".repeat(80) })).toEqual([]);
    expect(createPrescriptionInput.parse({ ...valid, rxnormCode: " 314076 ", dose: "  10 mg ", instructions: " With food. " })).toMatchObject({
      rxnormCode: "314076",
      dose: "10 mg",
      instructions: "With food.",
    });
    expect(refusals(createPrescriptionInput, { ...valid, acknowledgedWarnings: Array.from({ length: 51 }, (_, i) => `w${i}`) })).toHaveLength(1);
    expect(refusals(createPrescriptionInput, { ...valid, acknowledgedWarnings: ["x".repeat(201)] })).toHaveLength(1);
    expect(refusals(createPrescriptionInput, { ...valid, acknowledgedWarnings: Array.from({ length: 50 }, () => "x".repeat(200)) })).toEqual([]);
  });

  it("asks for a one-line reason to discontinue", () => {
    expect(refusals(discontinuePrescriptionInput, { prescriptionId: "rx-1", reason: "Rash after two doses." })).toEqual([]);
    expect(refusals(discontinuePrescriptionInput, { prescriptionId: "rx-1", reason: "  " })).toEqual(["Give the reason."]);
    expect(refusals(discontinuePrescriptionInput, { prescriptionId: "rx-1", reason: "r".repeat(501) })).toEqual(["Keep the reason to 500 characters."]);
    expect(refusals(discontinuePrescriptionInput, { prescriptionId: "rx-1", reason: "a\rb" })).toEqual(["Write the reason on one line."]);
  });
});

describe("prescription refusals zod cannot make", () => {
  const message = (input: Parameters<typeof checkPrescription>[0]) => {
    try {
      checkPrescription(input);
    } catch (error) {
      return (error as ClinicalValidationError).message;
    }
    throw new Error("not refused");
  };

  it("say what is wrong with the drug asked for", () => {
    expect(message({ rxnormCode: "123", route: "oral", refills: 0 })).toBe("That drug is not in the catalog. Choose one from the search.");
    expect(message({ rxnormCode: "745679", route: "oral", refills: 0 })).toMatch(/ is given by the .+ route, not oral\.$/);
    expect(message({ rxnormCode: "1049221", route: "oral", refills: 1 })).toMatch(/ is a schedule II controlled substance: it cannot have refills\.$/);
    expect(message({ rxnormCode: "197591", route: "oral", refills: 6 })).toMatch(/ is a schedule IV controlled substance: at most 5 refills\.$/);
    expect(checkPrescription({ rxnormCode: "1049221", route: "oral", refills: 0 }).schedule).toBe("II");
  });
});
