import { describe, expect, it } from "vitest";
import { limitsFor, POTASSIUM, HEMOGLOBIN, LDL_CHOLESTEROL, HDL_CHOLESTEROL } from "./catalog/lab-panels";
import { labFlag, type LabLimits } from "./lab-flag";

const potassium: LabLimits = { low: 3.5, high: 5.1, criticalLow: 2.8, criticalHigh: 6.2 };

describe("labFlag", () => {
  it("is NORMAL inside the reference range, ends included", () => {
    expect(labFlag(4.2, potassium)).toBe("NORMAL");
    expect(labFlag(3.5, potassium)).toBe("NORMAL");
    expect(labFlag(5.1, potassium)).toBe("NORMAL");
  });

  it("is LOW or HIGH just outside the range", () => {
    expect(labFlag(3.4, potassium)).toBe("LOW");
    expect(labFlag(5.2, potassium)).toBe("HIGH");
  });

  it("is critical only strictly beyond the critical limits", () => {
    expect(labFlag(2.8, potassium)).toBe("LOW");
    expect(labFlag(2.7, potassium)).toBe("CRITICAL_LOW");
    expect(labFlag(6.2, potassium)).toBe("HIGH");
    expect(labFlag(6.3, potassium)).toBe("CRITICAL_HIGH");
  });

  it("never flags the open side of a one-sided range", () => {
    const ldl: LabLimits = { low: null, high: 99, criticalLow: null, criticalHigh: null };
    expect(labFlag(12, ldl)).toBe("NORMAL");
    expect(labFlag(100, ldl)).toBe("HIGH");
    const weight: LabLimits = { low: null, high: null, criticalLow: null, criticalHigh: null };
    expect(labFlag(250, weight)).toBe("NORMAL");
  });

  it("uses sex-specific ranges from the catalog, and the widest range when sex is not female or male", () => {
    expect(labFlag(12.8, limitsFor(HEMOGLOBIN, "MALE"))).toBe("LOW");
    expect(labFlag(12.8, limitsFor(HEMOGLOBIN, "FEMALE"))).toBe("NORMAL");
    expect(labFlag(16.5, limitsFor(HEMOGLOBIN, "FEMALE"))).toBe("HIGH");
    expect(labFlag(16.5, limitsFor(HEMOGLOBIN, "UNKNOWN"))).toBe("NORMAL");
    expect(labFlag(45, limitsFor(HDL_CHOLESTEROL, "FEMALE"))).toBe("LOW");
    expect(labFlag(45, limitsFor(HDL_CHOLESTEROL, "MALE"))).toBe("NORMAL");
    expect(labFlag(6.5, limitsFor(POTASSIUM, "OTHER"))).toBe("CRITICAL_HIGH");
    expect(labFlag(130, limitsFor(LDL_CHOLESTEROL, "MALE"))).toBe("HIGH");
  });
});
