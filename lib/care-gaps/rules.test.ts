import { describe, expect, it } from "vitest";
import { addMonths, ageOnDate, careGaps, type CareGapFacts } from "./rules";

// One test per edge of each rule: age just below, at and above its bounds,
// the interval just inside and just outside, the last result either side of
// its threshold, and a home reading against a clinic one.

const TODAY = "2026-06-15";

/** A patient with nothing to screen: a man of 30 without problems. */
function facts(overrides: Partial<CareGapFacts> = {}): CareGapFacts {
  return {
    today: TODAY,
    dateOfBirth: "1996-01-01",
    sex: "MALE",
    packYears: null,
    problemCodes: [],
    latestHbA1c: null,
    clinicBloodPressure: null,
    homeBloodPressure: null,
    screenings: [],
    ...overrides,
  };
}

/** Born so that they are `age` on TODAY, their birthday today (at the bound) or tomorrow (a day short). */
function bornAged(age: number, birthday: "today" | "tomorrow" = "today"): string {
  return `${2026 - age}-06-${birthday === "today" ? "15" : "16"}`;
}

const ruleIds = (input: CareGapFacts) => careGaps(input).map((gap) => gap.ruleId);

describe("date arithmetic", () => {
  it("counts a birthday on the day and not the day before", () => {
    expect(ageOnDate("1976-06-15", "2026-06-15")).toBe(50);
    expect(ageOnDate("1976-06-16", "2026-06-15")).toBe(49);
  });
  it("clamps to the month's last day", () => {
    expect(addMonths("2025-08-31", 6)).toBe("2026-02-28");
    expect(addMonths("2025-12-15", 3)).toBe("2026-03-15");
    expect(addMonths("2016-06-15", 120)).toBe("2026-06-15");
  });
});

describe("ADA HbA1c interval", () => {
  const diabetic = (latestHbA1c: CareGapFacts["latestHbA1c"]) => facts({ problemCodes: ["E11.9"], latestHbA1c });
  it("is due without any HbA1c, and not without diabetes", () => {
    expect(ruleIds(diabetic(null))).toContain("ada-hba1c-interval");
    expect(ruleIds(facts({ problemCodes: ["I10"] }))).not.toContain("ada-hba1c-interval");
  });
  it("at goal: current until six months, due on the day", () => {
    expect(ruleIds(diabetic({ value: 6.9, on: "2025-12-16" }))).not.toContain("ada-hba1c-interval");
    expect(ruleIds(diabetic({ value: 6.9, on: "2025-12-15" }))).toContain("ada-hba1c-interval");
  });
  it("not at goal (7 % and above): every three months", () => {
    expect(ruleIds(diabetic({ value: 7, on: "2026-03-16" }))).not.toContain("ada-hba1c-interval");
    expect(ruleIds(diabetic({ value: 7, on: "2026-03-15" }))).toContain("ada-hba1c-interval");
    expect(ruleIds(diabetic({ value: 6.9, on: "2026-03-15" }))).not.toContain("ada-hba1c-interval");
  });
});

describe("CMS122 HbA1c above 9 %", () => {
  const diabetic = (overrides: Partial<CareGapFacts>) => facts({ problemCodes: ["E11.65"], ...overrides });
  it("opens above 9 %, not at 9 %", () => {
    expect(ruleIds(diabetic({ latestHbA1c: { value: 9.1, on: "2026-06-01" } }))).toContain("cms122-hba1c-poor-control");
    expect(ruleIds(diabetic({ latestHbA1c: { value: 9, on: "2026-06-01" } }))).not.toContain("cms122-hba1c-poor-control");
  });
  it("opens when missing or older than 12 months", () => {
    expect(ruleIds(diabetic({ latestHbA1c: null }))).toContain("cms122-hba1c-poor-control");
    expect(ruleIds(diabetic({ latestHbA1c: { value: 6, on: "2025-06-15" } }))).toContain("cms122-hba1c-poor-control");
    expect(ruleIds(diabetic({ latestHbA1c: { value: 6, on: "2025-06-16" } }))).not.toContain("cms122-hba1c-poor-control");
  });
  it("counts ages 18 to 75", () => {
    expect(ruleIds(diabetic({ dateOfBirth: bornAged(18, "tomorrow") }))).not.toContain("cms122-hba1c-poor-control");
    expect(ruleIds(diabetic({ dateOfBirth: bornAged(18) }))).toContain("cms122-hba1c-poor-control");
    expect(ruleIds(diabetic({ dateOfBirth: bornAged(75) }))).toContain("cms122-hba1c-poor-control");
    expect(ruleIds(diabetic({ dateOfBirth: bornAged(76) }))).not.toContain("cms122-hba1c-poor-control");
  });
});

describe("CMS165 blood pressure", () => {
  const reading = (systolic: number, diastolic: number, at: string) => ({ systolic, diastolic, at });
  const hypertensive = (overrides: Partial<CareGapFacts>) => facts({ problemCodes: ["I10"], ...overrides });
  it("opens at 140 systolic or 90 diastolic, not below", () => {
    expect(ruleIds(hypertensive({ clinicBloodPressure: reading(140, 80, "2026-06-01T10:00:00Z") }))).toContain("cms165-blood-pressure");
    expect(ruleIds(hypertensive({ clinicBloodPressure: reading(130, 90, "2026-06-01T10:00:00Z") }))).toContain("cms165-blood-pressure");
    expect(ruleIds(hypertensive({ clinicBloodPressure: reading(139, 89, "2026-06-01T10:00:00Z") }))).not.toContain("cms165-blood-pressure");
  });
  it("reads the newer of the home and clinic readings", () => {
    const clinicHigh = reading(150, 95, "2026-06-01T10:00:00Z");
    const homeNormal = reading(128, 80, "2026-06-10T08:00:00Z");
    expect(ruleIds(hypertensive({ clinicBloodPressure: clinicHigh, homeBloodPressure: homeNormal }))).not.toContain("cms165-blood-pressure");
    const homeHigh = reading(145, 92, "2026-06-10T08:00:00Z");
    const gap = careGaps(hypertensive({ clinicBloodPressure: reading(128, 80, "2026-06-01T10:00:00Z"), homeBloodPressure: homeHigh }));
    expect(gap.find((each) => each.ruleId === "cms165-blood-pressure")?.reason).toBe(
      "Latest 145/92 mmHg at home on 2026-06-10 (goal below 140/90).",
    );
  });
  it("opens without any reading, and counts ages 18 to 85", () => {
    expect(ruleIds(hypertensive({}))).toContain("cms165-blood-pressure");
    expect(ruleIds(hypertensive({ dateOfBirth: bornAged(85) }))).toContain("cms165-blood-pressure");
    expect(ruleIds(hypertensive({ dateOfBirth: bornAged(86) }))).not.toContain("cms165-blood-pressure");
    expect(ruleIds(hypertensive({ dateOfBirth: bornAged(18, "tomorrow") }))).not.toContain("cms165-blood-pressure");
  });
});

describe("USPSTF breast cancer screening", () => {
  const woman = (age: number, overrides: Partial<CareGapFacts> = {}, birthday: "today" | "tomorrow" = "today") =>
    facts({ sex: "FEMALE", dateOfBirth: bornAged(age, birthday), ...overrides });
  it("women 40 to 74", () => {
    expect(ruleIds(woman(40, {}, "tomorrow"))).not.toContain("uspstf-breast-cancer-screening");
    expect(ruleIds(woman(40))).toContain("uspstf-breast-cancer-screening");
    expect(ruleIds(woman(74))).toContain("uspstf-breast-cancer-screening");
    expect(ruleIds(woman(75))).not.toContain("uspstf-breast-cancer-screening");
    expect(ruleIds(facts({ sex: "MALE", dateOfBirth: bornAged(50) }))).not.toContain("uspstf-breast-cancer-screening");
  });
  it("every two years", () => {
    expect(ruleIds(woman(50, { screenings: [{ kind: "MAMMOGRAPHY", performedOn: "2024-06-16" }] }))).not.toContain("uspstf-breast-cancer-screening");
    expect(ruleIds(woman(50, { screenings: [{ kind: "MAMMOGRAPHY", performedOn: "2024-06-15" }] }))).toContain("uspstf-breast-cancer-screening");
  });
});

describe("USPSTF colorectal cancer screening", () => {
  const adult = (age: number, overrides: Partial<CareGapFacts> = {}, birthday: "today" | "tomorrow" = "today") =>
    facts({ dateOfBirth: bornAged(age, birthday), ...overrides });
  it("adults 45 to 75", () => {
    expect(ruleIds(adult(45, {}, "tomorrow"))).not.toContain("uspstf-colorectal-cancer-screening");
    expect(ruleIds(adult(45))).toContain("uspstf-colorectal-cancer-screening");
    expect(ruleIds(adult(75))).toContain("uspstf-colorectal-cancer-screening");
    expect(ruleIds(adult(76))).not.toContain("uspstf-colorectal-cancer-screening");
  });
  it("a colonoscopy lasts ten years, a FIT one", () => {
    const screened = (kind: "COLONOSCOPY" | "FIT", performedOn: string) => ruleIds(adult(60, { screenings: [{ kind, performedOn }] }));
    expect(screened("COLONOSCOPY", "2016-06-16")).not.toContain("uspstf-colorectal-cancer-screening");
    expect(screened("COLONOSCOPY", "2016-06-15")).toContain("uspstf-colorectal-cancer-screening");
    expect(screened("FIT", "2025-06-16")).not.toContain("uspstf-colorectal-cancer-screening");
    expect(screened("FIT", "2025-06-15")).toContain("uspstf-colorectal-cancer-screening");
  });
});

describe("USPSTF cervical cancer screening", () => {
  const woman = (age: number, overrides: Partial<CareGapFacts> = {}, birthday: "today" | "tomorrow" = "today") =>
    facts({ sex: "FEMALE", dateOfBirth: bornAged(age, birthday), ...overrides });
  it("women 21 to 65", () => {
    expect(ruleIds(woman(21, {}, "tomorrow"))).not.toContain("uspstf-cervical-cancer-screening");
    expect(ruleIds(woman(21))).toContain("uspstf-cervical-cancer-screening");
    expect(ruleIds(woman(65))).toContain("uspstf-cervical-cancer-screening");
    expect(ruleIds(woman(66))).not.toContain("uspstf-cervical-cancer-screening");
  });
  it("cytology every three years", () => {
    expect(ruleIds(woman(25, { screenings: [{ kind: "CERVICAL_CYTOLOGY", performedOn: "2023-06-16" }] }))).not.toContain("uspstf-cervical-cancer-screening");
    expect(ruleIds(woman(25, { screenings: [{ kind: "CERVICAL_CYTOLOGY", performedOn: "2023-06-15" }] }))).toContain("uspstf-cervical-cancer-screening");
  });
  it("an hrHPV test lasts five years from 30 only", () => {
    const hpv = { screenings: [{ kind: "HPV_TEST" as const, performedOn: "2021-06-16" }] };
    expect(ruleIds(woman(30, hpv))).not.toContain("uspstf-cervical-cancer-screening");
    expect(ruleIds(woman(30, hpv, "tomorrow"))).toContain("uspstf-cervical-cancer-screening");
    expect(ruleIds(woman(40, { screenings: [{ kind: "HPV_TEST", performedOn: "2021-06-15" }] }))).toContain("uspstf-cervical-cancer-screening");
  });
});

describe("USPSTF lung cancer screening", () => {
  const smoker = (age: number, packYears: number | null, overrides: Partial<CareGapFacts> = {}, birthday: "today" | "tomorrow" = "today") =>
    facts({ dateOfBirth: bornAged(age, birthday), packYears, ...overrides });
  it("adults 50 to 80", () => {
    expect(ruleIds(smoker(50, 30, {}, "tomorrow"))).not.toContain("uspstf-lung-cancer-screening");
    expect(ruleIds(smoker(50, 30))).toContain("uspstf-lung-cancer-screening");
    expect(ruleIds(smoker(80, 30))).toContain("uspstf-lung-cancer-screening");
    expect(ruleIds(smoker(81, 30))).not.toContain("uspstf-lung-cancer-screening");
  });
  it("with 20 pack-years or more", () => {
    expect(ruleIds(smoker(60, 20))).toContain("uspstf-lung-cancer-screening");
    expect(ruleIds(smoker(60, 19.5))).not.toContain("uspstf-lung-cancer-screening");
    expect(ruleIds(smoker(60, null))).not.toContain("uspstf-lung-cancer-screening");
  });
  it("every year", () => {
    expect(ruleIds(smoker(60, 25, { screenings: [{ kind: "LOW_DOSE_CT", performedOn: "2025-06-16" }] }))).not.toContain("uspstf-lung-cancer-screening");
    expect(ruleIds(smoker(60, 25, { screenings: [{ kind: "LOW_DOSE_CT", performedOn: "2025-06-15" }] }))).toContain("uspstf-lung-cancer-screening");
  });
});

it("names each gap's source and version", () => {
  const [gap] = careGaps(facts({ problemCodes: ["E11.9"] }));
  expect(gap).toEqual({
    ruleId: "ada-hba1c-interval",
    title: "HbA1c test due",
    source: expect.stringContaining("ADA Standards of Care"),
    version: "2025",
    reason: "Diabetes and no HbA1c on record.",
  });
  expect(ruleIds(facts())).toEqual([]);
});
