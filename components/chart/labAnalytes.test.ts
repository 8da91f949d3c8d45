import { describe, expect, it } from "vitest";
import { analyteGroupsFrom, analyteOptionText } from "./labAnalytes";
import type { LabAnalyteSummaryJson } from "./types";

function analyte(loincCode: string, name: string, panel: string, abnormal = false): LabAnalyteSummaryJson {
  return {
    loincCode,
    analyte: name,
    panel,
    unit: "mg/dL",
    count: 3,
    latest: { value: 1, valueText: null, flag: abnormal ? "HIGH" : "NORMAL", abnormal, effectiveAt: "2025-01-01T00:00:00.000Z" },
  };
}

describe("analyteGroupsFrom", () => {
  const glucose = analyte("2345-7", "Glucose", "Basic metabolic panel");
  const sodium = analyte("2951-2", "Sodium", "Basic metabolic panel");
  const ldl = analyte("13457-7", "LDL cholesterol", "Lipid panel");

  it("keeps the server's grouping, panels and analytes in alphabetical order", () => {
    const body = { analytes: [{ panel: "Lipid panel", analytes: [ldl] }, { panel: "Basic metabolic panel", analytes: [sodium, glucose] }] };
    expect(analyteGroupsFrom(body)).toEqual([
      { panel: "Basic metabolic panel", analytes: [glucose, sodium] },
      { panel: "Lipid panel", analytes: [ldl] },
    ]);
  });

  it("groups a flat list by panel", () => {
    expect(analyteGroupsFrom({ analytes: [ldl, sodium, glucose] }).map((group) => group.panel)).toEqual(["Basic metabolic panel", "Lipid panel"]);
  });

  it("reads nothing from a malformed body", () => {
    expect(analyteGroupsFrom({})).toEqual([]);
    expect(analyteGroupsFrom({ analytes: [null, 1] })).toEqual([]);
  });
});

describe("analyteOptionText", () => {
  it("names the analyte, its unit, its count, and a latest result out of range", () => {
    expect(analyteOptionText(analyte("2345-7", "Glucose", "BMP"))).toBe("Glucose (mg/dL), 3 results");
    expect(analyteOptionText(analyte("2345-7", "Glucose", "BMP", true))).toBe("Glucose (mg/dL), 3 results, latest out of range");
  });
});
