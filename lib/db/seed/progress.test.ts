import { describe, expect, it } from "vitest";
import { progressLine } from "./progress";

describe("progressLine", () => {
  it("gives the rates so far and the time left at that pace", () => {
    expect(progressLine({ patientsDone: 25_000, patientsTotal: 100_000, rowsDone: 3_500_000, elapsedMs: 100_000 })).toBe(
      "25,000 of 100,000 patients, 3,500,000 rows in 1 min 40 s: 250 patients/s, 35,000 rows/s, ETA 5 min 00 s",
    );
  });

  it("says the time left is unknown before the first patient", () => {
    expect(progressLine({ patientsDone: 0, patientsTotal: 10, rowsDone: 400, elapsedMs: 2_000 })).toBe(
      "0 of 10 patients, 400 rows in 2 s: 0 patients/s, 200 rows/s, ETA unknown",
    );
  });
});
