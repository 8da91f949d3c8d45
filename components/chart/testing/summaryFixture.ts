import type { ChartSummaryJson } from "../types";

/** A chart summary with nothing recorded yet, for component tests to add to. */
export const EMPTY_SUMMARY: ChartSummaryJson = {
  patient: {
    id: "p1",
    mrn: "MRN-0042",
    givenName: "Amara",
    familyName: "Osei",
    dateOfBirth: "1961-04-09",
    ageYears: 65,
    sex: "FEMALE",
    email: null,
    phone: null,
    timeZone: "UTC",
  },
  allergies: [],
  noKnownAllergies: null,
  problems: [],
  medications: [],
  vitals: [],
  careGaps: [],
  breakGlass: false,
};
