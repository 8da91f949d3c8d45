import "server-only";
import { clamp } from "./numbers";

// How thickly histories are filled in. A small demo clinic gets rich charts
// (visits every few months, labs before most of them); a large benchmark
// clinic gets leaner ones so that it lands near a million lab results
// (about 100 per patient from roughly 2,500 patients up).

export interface HistoryDensity {
  /** Days between follow-ups for patients with chronic problems, and for those without. */
  followUpDays: { chronic: readonly [number, number]; healthy: readonly [number, number] };
  /** Share of follow-ups with blood drawn a few days before. */
  preVisitDrawShare: number;
  /** Share of draws that add a CBC, a lipid panel, or (for patients with no thyroid or glucose problem) TSH or HbA1c when nothing calls for one. */
  routineCbcShare: number;
  routineLipidShare: number;
  screeningShare: number;
}

const RICH: HistoryDensity = {
  followUpDays: { chronic: [75, 130], healthy: [210, 340] },
  preVisitDrawShare: 0.95,
  routineCbcShare: 0.7,
  routineLipidShare: 0.6,
  screeningShare: 0.25,
};

const LEAN: HistoryDensity = {
  followUpDays: { chronic: [230, 400], healthy: [365, 600] },
  preVisitDrawShare: 0.45,
  routineCbcShare: 0.3,
  routineLipidShare: 0.3,
  screeningShare: 0.08,
};

const TARGET_LAB_RESULTS = 1_000_000;
const LEAN_RESULTS_PER_PATIENT = 100;
const RICH_RESULTS_PER_PATIENT = 400;

export function historyDensity(patients: number): HistoryDensity {
  const perPatient = clamp(TARGET_LAB_RESULTS / patients, LEAN_RESULTS_PER_PATIENT, RICH_RESULTS_PER_PATIENT);
  const richness = (perPatient - LEAN_RESULTS_PER_PATIENT) / (RICH_RESULTS_PER_PATIENT - LEAN_RESULTS_PER_PATIENT);
  const mix = (lean: number, rich: number) => lean + (rich - lean) * richness;
  // Results scale with how often visits happen, so intervals are mixed as frequencies.
  const mixInterval = (lean: number, rich: number) => Math.round(1 / mix(1 / lean, 1 / rich));
  const mixRange = (lean: readonly [number, number], rich: readonly [number, number]) =>
    [mixInterval(lean[0], rich[0]), mixInterval(lean[1], rich[1])] as const;
  return {
    followUpDays: {
      chronic: mixRange(LEAN.followUpDays.chronic, RICH.followUpDays.chronic),
      healthy: mixRange(LEAN.followUpDays.healthy, RICH.followUpDays.healthy),
    },
    preVisitDrawShare: mix(LEAN.preVisitDrawShare, RICH.preVisitDrawShare),
    routineCbcShare: mix(LEAN.routineCbcShare, RICH.routineCbcShare),
    routineLipidShare: mix(LEAN.routineLipidShare, RICH.routineLipidShare),
    screeningShare: mix(LEAN.screeningShare, RICH.screeningShare),
  };
}
