import { describe, expect, it } from "vitest";
import { controlledSubstanceRefusal, DEFAULT_FLEXIBILITIES_END, parseControlledSubstanceSettings, type ControlledSubstanceSettings } from "./controlled-substances";
import { findDrug } from "./drugs";
import { INGREDIENTS } from "./data/rxnorm-subset";

const NOW = new Date("2026-12-04T15:00:00Z");
const HOUR = 3_600_000;
const defaults: ControlledSubstanceSettings = { flexibilitiesEnd: "2026-12-31", audioOnlySchedules: [] };

const ask = (overrides: Partial<Parameters<typeof controlledSubstanceRefusal>[0]> = {}) =>
  controlledSubstanceRefusal({
    drugName: "oxycodone hydrochloride 10 MG Oral Tablet",
    schedule: "II",
    modality: "VIDEO",
    pdmpCheckedAt: new Date(NOW.getTime() - HOUR),
    now: NOW,
    settings: defaults,
    ...overrides,
  })?.code ?? null;

describe("the DEA schedules in the subset", () => {
  it("marks each controlled ingredient with its schedule, and a drug with its strictest", () => {
    expect(findDrug("1049683")?.schedule).toBe("II"); // oxycodone
    expect(findDrug("1049221")?.schedule).toBe("II"); // acetaminophen / oxycodone
    expect(findDrug("197591")?.schedule).toBe("IV"); // diazepam
    expect(findDrug("483438")?.schedule).toBe("V"); // pregabalin
    expect(findDrug("197517")?.schedule).toBeNull(); // clarithromycin
    expect(INGREDIENTS.tramadol.schedule).toBe("IV");
    expect(INGREDIENTS.lisdexamfetamine.schedule).toBe("II");
    expect(INGREDIENTS.phentermine.schedule).toBe("IV");
  });
});

describe("prescribing a controlled substance by telemedicine", () => {
  it("lets a drug that is not controlled through, whatever the visit", () => {
    expect(ask({ schedule: null, modality: null, pdmpCheckedAt: null })).toBeNull();
    expect(ask({ schedule: null, modality: "AUDIO_ONLY", pdmpCheckedAt: null, now: new Date("2027-06-01T00:00:00Z") })).toBeNull();
  });

  it("allows an audio-video visit with a PDMP check from the last 24 hours, on or before the end date", () => {
    expect(ask()).toBeNull();
    expect(ask({ now: new Date("2026-12-31T23:59:59Z"), pdmpCheckedAt: new Date("2026-12-31T23:00:00Z") })).toBeNull();
    expect(ask({ pdmpCheckedAt: new Date(NOW.getTime() - 24 * HOUR) })).toBeNull();
  });

  it("refuses outside a visit", () => {
    expect(ask({ modality: null })).toBe("CONTROLLED_NEEDS_VISIT");
  });

  it("refuses after the end date of the flexibilities, and follows the configured date", () => {
    expect(ask({ now: new Date("2027-01-01T00:00:00Z"), pdmpCheckedAt: new Date("2026-12-31T23:30:00Z") })).toBe("CONTROLLED_FLEXIBILITIES_ENDED");
    expect(ask({ settings: { ...defaults, flexibilitiesEnd: "2026-12-03" } })).toBe("CONTROLLED_FLEXIBILITIES_ENDED");
    expect(ask({ settings: { ...defaults, flexibilitiesEnd: "2026-12-04" } })).toBeNull();
  });

  it("refuses audio-only unless the clinic allows the drug's schedule", () => {
    expect(ask({ modality: "AUDIO_ONLY" })).toBe("CONTROLLED_AUDIO_ONLY");
    expect(ask({ modality: "AUDIO_ONLY", schedule: "III", settings: { ...defaults, audioOnlySchedules: ["III", "IV", "V"] } })).toBeNull();
    expect(ask({ modality: "AUDIO_ONLY", schedule: "II", settings: { ...defaults, audioOnlySchedules: ["III", "IV", "V"] } })).toBe("CONTROLLED_AUDIO_ONLY");
  });

  it("needs the PDMP attestation, with a time in the last 24 hours (not in the future)", () => {
    expect(ask({ pdmpCheckedAt: null })).toBe("PDMP_CHECK_REQUIRED");
    expect(ask({ pdmpCheckedAt: new Date(NOW.getTime() - 24 * HOUR - 1) })).toBe("PDMP_CHECK_STALE");
    expect(ask({ pdmpCheckedAt: new Date(NOW.getTime() + 10 * 60_000) })).toBe("PDMP_CHECK_STALE");
    expect(ask({ pdmpCheckedAt: new Date(NOW.getTime() + 60_000) })).toBeNull();
  });
});

describe("the settings", () => {
  it("default to 2026-12-31 and no audio-only schedules", () => {
    expect(parseControlledSubstanceSettings({})).toEqual({ flexibilitiesEnd: DEFAULT_FLEXIBILITIES_END, audioOnlySchedules: [] });
    expect(DEFAULT_FLEXIBILITIES_END).toBe("2026-12-31");
  });

  it("read the environment, and refuse a value that is not a date or a schedule, naming the variable", () => {
    expect(
      parseControlledSubstanceSettings({ TELEHEALTH_CONTROLLED_FLEXIBILITIES_END: "2027-12-31", TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES: "III, IV,V" }),
    ).toEqual({ flexibilitiesEnd: "2027-12-31", audioOnlySchedules: ["III", "IV", "V"] });
    expect(() => parseControlledSubstanceSettings({ TELEHEALTH_CONTROLLED_FLEXIBILITIES_END: "31/12/2026" })).toThrow("TELEHEALTH_CONTROLLED_FLEXIBILITIES_END");
    expect(() => parseControlledSubstanceSettings({ TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES: "II,VI" })).toThrow("TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES");
  });
});
