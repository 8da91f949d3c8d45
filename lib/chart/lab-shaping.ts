import type { LabFlag } from "@/lib/db/generated/enums";
import { isAbnormal, isCritical } from "./shaping";
import type { RecordSource } from "./types";

// Pure shaping of lab results: which rows make a page without splitting a
// draw, how a page groups into panels, and a trend series for one analyte.

export interface LabRow {
  id: string;
  panel: string;
  loincCode: string;
  analyte: string;
  valueNumeric: number | null;
  valueText: string | null;
  unit: string;
  referenceLow: number | null;
  referenceHigh: number | null;
  flag: LabFlag;
  effectiveAt: Date;
  /** Set for an outside result (another laboratory's, imported). */
  source?: RecordSource | null;
}

/** The columns of a lab result that make a LabRow (without its outside source): one selection for every reader. */
export const LAB_ROW_COLUMNS = {
  id: true,
  panel: true,
  loincCode: true,
  analyte: true,
  valueNumeric: true,
  valueText: true,
  unit: true,
  referenceLow: true,
  referenceHigh: true,
  flag: true,
  effectiveAt: true,
} as const;

export interface LabResultView {
  id: string;
  loincCode: string;
  analyte: string;
  value: number | null;
  valueText: string | null;
  unit: string;
  referenceLow: number | null;
  referenceHigh: number | null;
  flag: LabFlag;
  abnormal: boolean;
  critical: boolean;
  source: RecordSource | null;
}

/** One panel as drawn at one time: a CBC on a morning, the vitals of a visit. */
export interface LabPanelGroup {
  panel: string;
  effectiveAt: Date;
  abnormalCount: number;
  results: LabResultView[];
}

/**
 * Cuts a page from rows fetched newest first, `limit + 1` of them, so that all
 * results drawn at one instant land on the same page: rows at the instant of
 * the first row beyond the page are left for the next page. `before` is the
 * exclusive upper bound of the next page; null when this is the last page.
 * When a single instant has more rows than the page holds, `needsWholeInstant`
 * names it and the caller fetches all of its rows as the page.
 */
export function cutPage(
  rows: readonly LabRow[],
  limit: number,
): { page: LabRow[]; before: Date | null; needsWholeInstant: Date | null } {
  if (rows.length <= limit) return { page: [...rows], before: null, needsWholeInstant: null };
  const boundary = rows[limit]!.effectiveAt.getTime();
  const page = rows.slice(0, limit).filter((row) => row.effectiveAt.getTime() > boundary);
  if (page.length === 0) return { page: [], before: null, needsWholeInstant: rows[limit]!.effectiveAt };
  return { page, before: page[page.length - 1]!.effectiveAt, needsWholeInstant: null };
}

export function toResultView(row: LabRow): LabResultView {
  return {
    id: row.id,
    loincCode: row.loincCode,
    analyte: row.analyte,
    value: row.valueNumeric,
    valueText: row.valueText,
    unit: row.unit,
    referenceLow: row.referenceLow,
    referenceHigh: row.referenceHigh,
    flag: row.flag,
    abnormal: isAbnormal(row.flag),
    critical: isCritical(row.flag),
    source: row.source ?? null,
  };
}

/** Groups rows (newest first) by draw: the same instant and panel; newest group first, panels alphabetical within an instant. */
export function groupByPanel(rows: readonly LabRow[]): LabPanelGroup[] {
  const groups = new Map<string, LabPanelGroup>();
  for (const row of rows) {
    const key = `${row.effectiveAt.getTime()}|${row.panel}`;
    let group = groups.get(key);
    if (!group) {
      group = { panel: row.panel, effectiveAt: row.effectiveAt, abnormalCount: 0, results: [] };
      groups.set(key, group);
    }
    group.results.push(toResultView(row));
    if (isAbnormal(row.flag)) group.abnormalCount += 1;
  }
  return [...groups.values()].sort(
    (a, b) => b.effectiveAt.getTime() - a.effectiveAt.getTime() || a.panel.localeCompare(b.panel),
  );
}

export interface TrendPoint {
  at: Date;
  value: number;
  flag: LabFlag;
  abnormal: boolean;
  critical: boolean;
  referenceLow: number | null;
  referenceHigh: number | null;
  /** Set for an outside result, so the plot can say where it came from. */
  source: RecordSource | null;
}

export interface AnalyteTrend {
  loincCode: string;
  analyte: string | null;
  panel: string | null;
  unit: string | null;
  /** The reference range of the newest result, for the shaded band; null when it has none. */
  referenceBand: { low: number | null; high: number | null } | null;
  /** Oldest first, numeric results only. */
  points: TrendPoint[];
  abnormalCount: number;
  /** Results in the range without a numeric value (not plotted). */
  nonNumericCount: number;
}

/** Shapes one analyte's rows (oldest first) into the series the trend chart plots. */
export function shapeTrend(loincCode: string, rows: readonly LabRow[]): AnalyteTrend {
  const points: TrendPoint[] = [];
  let nonNumericCount = 0;
  for (const row of rows) {
    if (row.valueNumeric === null || !Number.isFinite(row.valueNumeric)) {
      nonNumericCount += 1;
      continue;
    }
    points.push({
      at: row.effectiveAt,
      value: row.valueNumeric,
      flag: row.flag,
      abnormal: isAbnormal(row.flag),
      critical: isCritical(row.flag),
      referenceLow: row.referenceLow,
      referenceHigh: row.referenceHigh,
      source: row.source ?? null,
    });
  }
  const newest = rows[rows.length - 1];
  const band =
    newest && (newest.referenceLow !== null || newest.referenceHigh !== null)
      ? { low: newest.referenceLow, high: newest.referenceHigh }
      : null;
  return {
    loincCode,
    analyte: newest?.analyte ?? null,
    panel: newest?.panel ?? null,
    unit: newest?.unit ?? null,
    referenceBand: band,
    points,
    abnormalCount: points.filter((point) => point.abnormal).length,
    nonNumericCount,
  };
}
