import { describe, expect, it } from "vitest";
import { drugOptionsFrom, warningCountText } from "./drugOptions";

const amoxicillin = {
  rxcui: "308191",
  name: "amoxicillin 500 MG Oral Capsule",
  doseForm: "Oral Capsule",
  routes: ["oral"],
  ingredients: ["amoxicillin"],
  classes: ["penicillins"],
  schedule: null,
};
const warning = { code: "allergy:a1", kind: "ALLERGY_CLASS", severity: "HIGH", message: "Allergy to Penicillin" };

describe("drugOptionsFrom", () => {
  it("reads drugs with their warnings, nested or flattened", () => {
    expect(drugOptionsFrom({ drugs: [{ drug: amoxicillin, warnings: [warning] }] })).toEqual([{ ...amoxicillin, warnings: [warning] }]);
    expect(drugOptionsFrom({ drugs: [{ ...amoxicillin, warnings: [] }] })).toEqual([{ ...amoxicillin, warnings: [] }]);
  });

  it("skips anything that is not a drug", () => {
    expect(drugOptionsFrom({ drugs: [null, 3, { name: "no code" }] })).toEqual([]);
    expect(drugOptionsFrom({})).toEqual([]);
    expect(drugOptionsFrom(null)).toEqual([]);
  });
});

describe("warningCountText", () => {
  it("counts warnings in words", () => {
    expect(warningCountText(0)).toBe("");
    expect(warningCountText(1)).toBe("1 warning for this patient");
    expect(warningCountText(3)).toBe("3 warnings for this patient");
  });
});
