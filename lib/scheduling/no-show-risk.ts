// A booked visit's risk of a no-show, as a tier with the factors that raised
// it, never a bare prediction: the scheduler sees why, and can judge it. The
// factors are the strongest documented ones (Dantas et al. 2018, a systematic
// review: prior no-shows and booking lead time; a 2024 cohort: odds ratio 4.4
// for a prior no-show, 5.5 for a lead time over 4 weeks), plus a first visit
// with the clinic, a weaker one. docs/ARCHITECTURE.md cites them.

export type NoShowTier = "low" | "medium" | "high";

export interface NoShowFacts {
  /** The patient's no-shows in the NO_SHOW_LOOKBACK_DAYS before this visit. */
  priorNoShows: number;
  /** From booking to the visit's start, in days. */
  leadTimeDays: number;
  /** No completed visit before this one. */
  firstVisit: boolean;
}

export interface NoShowRisk {
  tier: NoShowTier;
  /** What raised it, as the scheduler reads it; empty for a low tier without any. */
  factors: string[];
}

export const NO_SHOW_LOOKBACK_DAYS = 365;
export const LONG_LEAD_TIME_DAYS = 28;

/**
 * Each strong factor (a prior no-show, a lead time over four weeks) counts 2,
 * a second prior no-show 1 more, a first visit 1: 4 and up is high, 2 and 3
 * medium. So one strong factor alone is medium; both, or two no-shows with a
 * first visit's or the lead time's weight, are high.
 */
export function noShowRisk(facts: NoShowFacts): NoShowRisk {
  const factors: string[] = [];
  let points = 0;
  if (facts.priorNoShows > 0) {
    points += facts.priorNoShows > 1 ? 3 : 2;
    factors.push(facts.priorNoShows > 1 ? `${facts.priorNoShows} no-shows in the last 12 months` : "a no-show in the last 12 months");
  }
  if (facts.leadTimeDays > LONG_LEAD_TIME_DAYS) {
    points += 2;
    factors.push(`booked ${Math.floor(facts.leadTimeDays)} days ahead (over 4 weeks)`);
  }
  if (facts.firstVisit) {
    points += 1;
    factors.push("first visit with the clinic");
  }
  return { tier: points >= 4 ? "high" : points >= 2 ? "medium" : "low", factors };
}
