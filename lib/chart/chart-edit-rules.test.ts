import { describe, expect, it } from "vitest";
import { ICD10CM_SUBSET } from "./data/icd10cm-subset";
import { addAllergyInput, addProblemInput, recordVitalInput, revisionChanges, searchIcd10, vitalReading } from "./chart-edit-rules";

describe("the bundled ICD-10-CM subset", () => {
  it("holds each code once, in the code's shape", () => {
    const codes = ICD10CM_SUBSET.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/);
  });

  it("finds by code prefix first, then descriptions starting with the words, then any holding them all", () => {
    expect(searchIcd10("I10")).toEqual([{ code: "I10", description: "Essential (primary) hypertension" }]);
    expect(searchIcd10("e11").map((entry) => entry.code).slice(0, 2)).toEqual(["E11.22", "E11.319"]);
    expect(searchIcd10("hypertension").map((entry) => entry.code)).toEqual(["I10", "R03.0"]);
    // Words in any order; a description starting with the text ranks before the code order.
    expect(searchIcd10("mellitus type 1").map((entry) => entry.code)).toEqual(["E10.65", "E10.9"]);
    expect(searchIcd10("type 2 diabetes", 3).map((entry) => entry.code)).toEqual(["E11.22", "E11.319", "E11.40"]);
    expect(searchIcd10("pain", 50).map((entry) => entry.code).slice(0, 2)).toEqual(["M25.511", "M25.512"]);
    // "z": the Z codes, then "Zoster…" (starts with it), then descriptions holding it ("Influenza…").
    const z = searchIcd10("z", 50).map((entry) => entry.code);
    expect(z.slice(0, 2)).toEqual(["Z00.00", "Z00.01"]);
    expect(z.indexOf("B02.9")).toBe(z.filter((code) => code.startsWith("Z")).length);
    expect(z.indexOf("J10.1")).toBeGreaterThan(z.indexOf("B02.9"));
    expect(searchIcd10("  ")).toEqual([]);
    expect(searchIcd10("zzz")).toEqual([]);
  });
});

describe("the chart edit schemas", () => {
  const base = { patientId: "pat-1", substance: "Latex", reaction: "Rash", severity: "MILD" };

  it("refuses empty, long, multi-line and control-character text, and unknown severities", () => {
    expect(addAllergyInput.parse({ ...base, substance: "  Latex " }).substance).toBe("Latex");
    for (const substance of ["", "x".repeat(101), "a\nb", "a\u0007"]) expect(addAllergyInput.safeParse({ ...base, substance }).success).toBe(false);
    expect(addAllergyInput.safeParse({ ...base, severity: "FATAL" }).success).toBe(false);
    expect(addAllergyInput.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });

  it("takes only codes of the subset, in any case", () => {
    expect(addProblemInput.parse({ patientId: "p", icd10Code: " i10 " }).icd10Code).toBe("I10");
    expect(addProblemInput.safeParse({ patientId: "p", icd10Code: "I10.0" }).success).toBe(false);
    expect(addProblemInput.safeParse({ patientId: "p", icd10Code: "I10", onsetDate: "2024-13-01" }).success).toBe(false);
  });

  it("takes vital values a body can have, and refuses BMI (computed) and other codes", () => {
    const vital = { patientId: "p", loincCode: "8480-6", value: 120, source: "CLINIC" };
    expect(recordVitalInput.safeParse(vital).success).toBe(true);
    expect(recordVitalInput.safeParse({ ...vital, value: 230 }).success).toBe(true);
    expect(recordVitalInput.safeParse({ ...vital, value: 231 }).error?.issues[0]?.message).toBe("Systolic blood pressure is recorded between 70 and 230 mm[Hg].");
    expect(recordVitalInput.safeParse({ ...vital, value: Number.NaN }).success).toBe(false);
    expect(recordVitalInput.safeParse({ ...vital, loincCode: "39156-5" }).success).toBe(false);
    expect(recordVitalInput.safeParse({ ...vital, source: "PHONE" }).success).toBe(false);
  });
});

describe("vital readings", () => {
  it("rounds as the panel reports and flags against the range", () => {
    expect(vitalReading("8480-6", 129.4, "FEMALE")).toEqual({ value: 129, flag: "NORMAL", low: 90, high: 129 });
    expect(vitalReading("8480-6", 130, "FEMALE").flag).toBe("HIGH");
    expect(vitalReading("8480-6", 181, "MALE").flag).toBe("CRITICAL_HIGH");
    expect(vitalReading("8310-5", 37.55, "MALE")).toMatchObject({ value: 37.5, flag: "NORMAL" });
  });
});

describe("what a revision changed", () => {
  it("lists every field of an addition, and only the changed ones of an update", () => {
    expect(revisionChanges(null, { substance: "Latex", resolvedAt: null })).toEqual([{ field: "substance", before: null, after: "Latex" }]);
    expect(revisionChanges({ reaction: "Rash", severity: "MILD" }, { reaction: "Rash", severity: "SEVERE" })).toEqual([
      { field: "severity", before: "MILD", after: "SEVERE" },
    ]);
    expect(revisionChanges({ value: 128 }, { value: 152, source: "home reading" })).toEqual([
      { field: "value", before: 128, after: 152 },
      { field: "source", before: null, after: "home reading" },
    ]);
  });
});
