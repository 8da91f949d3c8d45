import { describe, expect, it } from "vitest";
import { ALLERGENS } from "@/lib/db/seed/catalog/allergies";
import { DRUGS as SEED_DRUGS } from "@/lib/db/seed/catalog/drugs";
import { DRUG_CLASSES, INGREDIENTS } from "./data/rxnorm-subset";
import { DRUGS, findDrug, ingredientsOfMedication, searchDrugs } from "./drugs";

describe("the bundled RxNorm subset", () => {
  it("holds about 150 or more distinct drugs, each with a dose form, a route and at least one class", () => {
    expect(DRUGS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(DRUGS.map((drug) => drug.rxcui)).size).toBe(DRUGS.length);
    expect(new Set(DRUGS.map((drug) => drug.name)).size).toBe(DRUGS.length);
    for (const drug of DRUGS) {
      expect(drug.rxcui).toMatch(/^\d{4,8}$/);
      expect(drug.routes.length).toBeGreaterThan(0);
      expect(drug.classes.length).toBeGreaterThan(0);
      // Every ingredient is named in the drug's RxNorm name (salts and all).
      for (const ingredient of drug.ingredients) expect(drug.name.toLowerCase()).toContain(ingredient.name.split(" ")[0]!.toLowerCase());
    }
  });

  it("has every drug the demo seed prescribes, under the same code, name and class", () => {
    for (const seeded of Object.values(SEED_DRUGS)) {
      const drug = findDrug(seeded.rxnormCode);
      expect(drug, seeded.name).toBeDefined();
      expect(drug!.name).toBe(seeded.name);
      expect(drug!.classes).toContain(seeded.drugClass);
      expect(drug!.routes).toContain(seeded.route);
    }
  });

  it("speaks the seed allergies' class vocabulary, and knows their ingredient codes", () => {
    for (const allergen of Object.values(ALLERGENS)) {
      if (allergen.drugClass) expect(DRUG_CLASSES).toContain(allergen.drugClass);
      if (allergen.rxnormCode) {
        const ingredient = Object.values(INGREDIENTS).find((candidate) => candidate.rxcui === allergen.rxnormCode);
        expect(ingredient, allergen.substance).toBeDefined();
        expect(ingredient!.classes).toContain(allergen.drugClass);
      }
    }
  });

  it("marks opioids schedule II and knows combination products' every ingredient", () => {
    expect(findDrug("1049221")).toMatchObject({ schedule: "II", classes: ["analgesics", "opioids"] });
    expect(findDrug("562508")!.ingredients.map((ingredient) => ingredient.name)).toEqual(["amoxicillin", "clavulanate"]);
    expect(findDrug("745679")).toMatchObject({ doseForm: "Metered Dose Inhaler", routes: ["inhalation"], schedule: null });
  });
});

describe("drug search", () => {
  it("is case-insensitive and ranks names that start with the query first", () => {
    const results = searchDrugs("LISINO", 50);
    expect(results.length).toBeGreaterThanOrEqual(6);
    expect(results[0]!.name).toBe("lisinopril 2.5 MG Oral Tablet");
    expect(results.map((drug) => drug.name).slice(0, 6)).toEqual([
      "lisinopril 2.5 MG Oral Tablet",
      "lisinopril 5 MG Oral Tablet",
      "lisinopril 10 MG Oral Tablet",
      "lisinopril 20 MG Oral Tablet",
      "lisinopril 30 MG Oral Tablet",
      "lisinopril 40 MG Oral Tablet",
    ]);
    // Combinations containing lisinopril come after, matched inside the name.
    expect(results.slice(6).every((drug) => drug.name.includes("lisinopril"))).toBe(true);
  });

  it("finds substrings and every word of a multi-word query, and respects the limit", () => {
    expect(searchDrugs("statin", 100).every((drug) => drug.classes.includes("statins"))).toBe(true);
    expect(searchDrugs("vastatin", 100).length).toBeGreaterThanOrEqual(17);
    expect(searchDrugs("amox clav").map((drug) => drug.rxcui).sort()).toEqual(["562251", "562508"]);
    expect(searchDrugs("a", 5)).toHaveLength(5);
    expect(searchDrugs("a", 500)).toHaveLength(50);
    expect(searchDrugs("   ")).toEqual([]);
    expect(searchDrugs("no such drug")).toEqual([]);
  });

  it("finds a drug by its RxNorm code", () => {
    expect(searchDrugs("314076").map((drug) => drug.name)).toEqual(["lisinopril 10 MG Oral Tablet"]);
  });
});

describe("what a chart medication contains", () => {
  it("reads the catalog by code, and otherwise the ingredient names in the text", () => {
    expect(ingredientsOfMedication({ rxnormCode: "197885", name: "anything" }).map((i) => i.name)).toEqual(["hydrochlorothiazide", "lisinopril"]);
    expect(ingredientsOfMedication({ rxnormCode: "999999999", name: "Lisinopril 15 MG Oral Tablet" }).map((i) => i.name)).toEqual(["lisinopril"]);
    expect(ingredientsOfMedication({ rxnormCode: null, name: "Penicillin V Potassium 125 MG Chewable" }).map((i) => i.name)).toEqual(["penicillin V"]);
    expect(ingredientsOfMedication({ rxnormCode: null, name: "Vitamin D3 2000 IU" })).toEqual([]);
  });
});
