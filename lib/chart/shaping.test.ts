import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { cursorInput, encodeCursor } from "./cursor";
import { ageOn, isHighlightedAllergy, isoDate, sortAllergiesBySeverity } from "./shaping";
import { VITAL_LOINC_CODES } from "./vitals";
import { VITALS_PANEL } from "@/lib/db/seed/catalog/lab-panels";

describe("chart shaping", () => {
  it("sorts allergies most dangerous first, then by substance, and highlights severe ones", () => {
    const sorted = sortAllergiesBySeverity([
      { substance: "Shellfish", severity: "MODERATE" as const },
      { substance: "Grass pollen", severity: "MILD" as const },
      { substance: "Penicillin", severity: "SEVERE" as const },
      { substance: "Bee venom", severity: "LIFE_THREATENING" as const },
      { substance: "Latex", severity: "MODERATE" as const },
    ]);
    expect(sorted.map((allergy) => allergy.substance)).toEqual(["Bee venom", "Penicillin", "Latex", "Shellfish", "Grass pollen"]);
    expect(sorted.map((allergy) => isHighlightedAllergy(allergy.severity))).toEqual([true, true, false, false, false]);
  });

  it("counts age in whole years, the birthday included", () => {
    expect(ageOn("1979-06-14", new Date("2026-06-13T23:59:00Z"))).toBe(46);
    expect(ageOn("1979-06-14", new Date("2026-06-14T00:00:00Z"))).toBe(47);
    expect(isoDate(new Date("1979-06-14T00:00:00Z"))).toBe("1979-06-14");
    expect(isoDate("1979-06-14")).toBe("1979-06-14");
  });

  it("shows the vital signs the seed records", () => {
    expect([...VITAL_LOINC_CODES].sort()).toEqual(VITALS_PANEL.analytes.map((analyte) => analyte.loincCode).sort());
  });
});

describe("page cursors", () => {
  it("round-trip a position and refuse anything else as a page that does not exist", () => {
    const at = new Date("2026-03-04T05:06:07.089Z");
    expect(cursorInput.parse(encodeCursor({ at, id: "abc" }))).toEqual({ at, id: "abc" });
    expect(cursorInput.parse(encodeCursor({ at }))).toEqual({ at, id: "" });
    for (const bad of ["", "not-base64!", Buffer.from("{}").toString("base64url"), "x".repeat(300)]) {
      expect(() => cursorInput.parse(bad)).toThrow(ZodError);
    }
  });
});
