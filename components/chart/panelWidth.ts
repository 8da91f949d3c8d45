// The chart panel's width beside the call, as a percentage of the row both
// share: a percentage keeps the split when the window is resized, and is what
// the separator announces (aria-valuenow). Pure, so the keyboard and pointer
// rules are tested without a browser.

export const CHART_WIDTH = {
  /** Narrower than this and the lab tables and the note stop being usable. */
  min: 25,
  /** Wider than this and the call's video gets too small to see the patient. */
  max: 70,
  initial: 40,
  /** From 1280 px the panel holds the chart and the note side by side (ChartPanel), so it starts wider. */
  initialBesideNote: 60,
  /** One arrow key press. */
  step: 5,
} as const;

export function clampChartWidth(percent: number): number {
  if (!Number.isFinite(percent)) return CHART_WIDTH.initial;
  return Math.round(Math.min(CHART_WIDTH.max, Math.max(CHART_WIDTH.min, percent)));
}

/**
 * The width after a key press on the separator, or null for keys it ignores.
 * The panel is on the right, so moving the separator left (ArrowLeft) widens
 * it; Home and End give the narrowest and the widest panel, as in the WAI-ARIA
 * window splitter pattern.
 */
export function chartWidthAfterKey(key: string, percent: number): number | null {
  switch (key) {
    case "ArrowLeft":
      return clampChartWidth(percent + CHART_WIDTH.step);
    case "ArrowRight":
      return clampChartWidth(percent - CHART_WIDTH.step);
    case "Home":
      return CHART_WIDTH.min;
    case "End":
      return CHART_WIDTH.max;
    default:
      return null;
  }
}

/** The width that puts the separator under the pointer, in a row spanning `left` to `left + width`. */
export function chartWidthAtPointer(clientX: number, row: { left: number; width: number }): number {
  if (row.width <= 0) return CHART_WIDTH.initial;
  return clampChartWidth(((row.left + row.width - clientX) / row.width) * 100);
}

/** A stored width (from localStorage), or the initial width when missing or malformed. */
export function parseStoredChartWidth(value: string | null, initial: number = CHART_WIDTH.initial): number {
  const parsed = value === null ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? clampChartWidth(parsed) : initial;
}
