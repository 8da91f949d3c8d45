import { describe, expect, it } from "vitest";
import { indicationTitle, LAB_INDICATIONS } from "./indications";

describe("lab order indications", () => {
  it("come from the bundled ICD-10-CM subset with its wording, billable codes only", () => {
    expect(indicationTitle("E11.9")).toBe("Type 2 diabetes mellitus without complications");
    expect(indicationTitle("N18.30")).toBe("Chronic kidney disease, stage 3 unspecified");
    // N18.3 has been a category, not a billable code, since FY2021.
    expect(indicationTitle("N18.3")).toBeNull();
    expect(LAB_INDICATIONS).toHaveLength(10);
  });
});
