import { describe, expect, it } from "vitest";
import { isValidDateValue, parseSearch } from "./params";
import { decodePageToken, encodePageToken } from "./pager";

const observationParams = { patient: "reference", subject: "reference", code: "token", date: "date" } as const;
const parse = (query: string) => parseSearch("Observation", new URLSearchParams(query), observationParams, { patientParams: ["patient", "subject"] });

describe("parsing a search", () => {
  it("takes the patient out for the query, and leaves the rest for the matcher", () => {
    const search = parse("subject=Patient/p1&code=http://loinc.org|2345-7&date=ge2025-01-01&_count=20");
    expect(search.patientIds).toEqual(["p1"]);
    expect(search.count).toBe(20);
    expect(search.filters.filters).toEqual([
      { code: "code", operator: "eq", value: "http://loinc.org|2345-7" },
      { code: "date", operator: "ge", value: "2025-01-01" },
    ]);
  });

  it("keeps only the patients every patient parameter names", () => {
    expect(parse("patient=p1,p2&subject=p2").patientIds).toEqual(["p2"]);
  });

  it("refuses what it does not support instead of ignoring it", () => {
    for (const query of ["colour=blue", "code:text=x", "_sort=date", "_include=Observation:subject", "date=2025-02-30", "patient=a/b/c", "_count=abc", "code="]) {
      expect(() => parse(query), query).toThrow();
    }
  });
});

describe("date search values", () => {
  it("accepts the FHIR date forms with the supported prefixes, and only dates that exist", () => {
    for (const value of ["2025", "2025-02", "2025-02-28", "ge2024-02-29", "lt2025-03-01T10:00:00Z", "le2025-03-01T10:00:00.123+02:00"]) expect(isValidDateValue(value), value).toBe(true);
    for (const value of ["2025-02-29", "2025-13", "2025-01-01T25:00:00Z", "ne2025", "yesterday", "2025-1-1"]) expect(isValidDateValue(value), value).toBe(false);
  });
});

describe("page tokens", () => {
  it("round-trip, and a forged or foreign one is refused", () => {
    const token = encodePageToken({ source: 1, id: "abc", direction: "previous" });
    expect(decodePageToken(token, 2)).toEqual({ source: 1, id: "abc", direction: "previous" });
    expect(() => decodePageToken(token, 1)).toThrow();
    expect(() => decodePageToken("not-a-token", 2)).toThrow();
  });
});
