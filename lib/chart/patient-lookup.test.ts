import { describe, expect, it } from "vitest";
import { canonicalMrn, patientLookupInput } from "./patient-lookup";

describe("the medical record number a physician types", () => {
  it("is read with or without its prefix, in any case, and padded as the clinic writes it", () => {
    expect(canonicalMrn("MRN-000001")).toBe("MRN-000001");
    expect(canonicalMrn(" mrn-12 ")).toBe("MRN-000012");
    expect(canonicalMrn("mrn7")).toBe("MRN-000007");
    expect(canonicalMrn("1234567")).toBe("MRN-1234567");
  });

  it("is refused when it is not one, with the shape to use", () => {
    for (const mrn of ["Morgan", "MRN-", "MRN-12a", "", "1".repeat(16)]) {
      expect(patientLookupInput.safeParse({ mrn }).error?.issues[0]?.message, mrn).toBe("Enter a medical record number like MRN-000123.");
    }
  });
});
