// The geometry of a lab trend chart, as pure functions: "nice" value ticks
// (1, 2 or 5 times a power of ten), calendar date ticks (days, months or
// years, as many as fit the width), and where every point, the reference band
// and each tick go. The LabTrend component only draws what this returns.

const DAY_MS = 86_400_000;

export interface TrendInputPoint {
  /** Milliseconds since the epoch. */
  at: number;
  value: number;
  abnormal: boolean;
}

export interface Tick {
  value: number;
  /** Pixel position along the axis. */
  position: number;
  label: string;
}

export interface PlacedPoint<P extends TrendInputPoint> {
  point: P;
  x: number;
  y: number;
}

export interface TrendGeometry<P extends TrendInputPoint> {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  yTicks: Tick[];
  xTicks: Tick[];
  /** The shaded reference range, clipped to the plot; null when the results have none. */
  band: { top: number; bottom: number } | null;
  points: PlacedPoint<P>[];
  /** An SVG path through the points, oldest to newest. */
  line: string;
}

/** The round step nearest to span / count: 1, 2 or 5 times a power of ten (geometric midpoints decide, as d3 does). */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const factor = normalized >= Math.sqrt(50) ? 10 : normalized >= Math.sqrt(10) ? 5 : normalized >= Math.sqrt(2) ? 2 : 1;
  return factor * magnitude;
}

/** Round ticks covering [min, max] (widened when they are equal); the domain runs from the first tick to the last. */
export function niceValueTicks(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  let low = min;
  let high = max;
  if (low === high) {
    const pad = Math.abs(low) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const step = niceStep(high - low, count);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const start = Math.floor(low / step) * step;
  const end = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let index = 0; start + index * step <= end + step / 2; index += 1) {
    ticks.push(Number((start + index * step).toFixed(decimals)));
  }
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

type DateStep = { unit: "day"; days: number } | { unit: "month"; months: number };

const DATE_STEPS: readonly DateStep[] = [
  { unit: "day", days: 1 },
  { unit: "day", days: 2 },
  { unit: "day", days: 7 },
  { unit: "day", days: 14 },
  { unit: "month", months: 1 },
  { unit: "month", months: 2 },
  { unit: "month", months: 3 },
  { unit: "month", months: 6 },
  { unit: "month", months: 12 },
  { unit: "month", months: 24 },
  { unit: "month", months: 60 },
  { unit: "month", months: 120 },
];

function ticksForStep(min: number, max: number, step: DateStep): number[] {
  const ticks: number[] = [];
  if (step.unit === "day") {
    const first = Math.ceil(min / DAY_MS) * DAY_MS;
    for (let at = first; at <= max; at += step.days * DAY_MS) ticks.push(at);
    return ticks;
  }
  const start = new Date(min);
  let month = start.getUTCFullYear() * 12 + start.getUTCMonth();
  if (Date.UTC(Math.floor(month / 12), month % 12, 1) < min) month += 1;
  month = Math.ceil(month / step.months) * step.months;
  for (let at = Date.UTC(Math.floor(month / 12), month % 12, 1); at <= max; ) {
    ticks.push(at);
    month += step.months;
    at = Date.UTC(Math.floor(month / 12), month % 12, 1);
  }
  return ticks;
}

const formats = {
  day: new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" }),
  dayWithYear: new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" }),
  month: new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", year: "numeric" }),
  year: new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric" }),
};

/**
 * Calendar ticks between two instants, at most `maxTicks` of them: UTC
 * midnights or firsts of months (a few hours off the viewer's midnight, which
 * an axis spanning days to years does not show), labelled for the step.
 */
export function dateTicks(min: number, max: number, maxTicks: number): Array<{ at: number; label: string }> {
  const limit = Math.max(1, Math.floor(maxTicks));
  const crossesYears = new Date(min).getUTCFullYear() !== new Date(max).getUTCFullYear();
  for (const step of DATE_STEPS) {
    const ticks = ticksForStep(min, max, step);
    if (ticks.length > limit) continue;
    const format =
      step.unit === "day"
        ? crossesYears
          ? formats.dayWithYear
          : formats.day
        : step.months < 12
          ? formats.month
          : formats.year;
    if (ticks.length > 0) return ticks.map((at) => ({ at, label: format.format(at) }));
    break;
  }
  // Nothing round falls inside (a short range within one day, or a span longer than the largest step fits): label the ends.
  return (min === max ? [min] : [min, max]).map((at) => ({ at, label: formats.dayWithYear.format(at) }));
}

const MARGIN = { left: 56, right: 24, top: 24, bottom: 36 };
/** Keeps the first and last points (and their markers) off the axes. */
const INSET = 10;
/** Room each date label needs along the axis. */
const DATE_LABEL_WIDTH = 96;

/** Places the points (oldest first), the band and the ticks in a width × height chart. */
export function trendGeometry<P extends TrendInputPoint>(
  points: readonly P[],
  band: { low: number | null; high: number | null } | null,
  size: { width: number; height: number },
  formatValue: (value: number) => string = String,
): TrendGeometry<P> {
  const plot = { left: MARGIN.left, top: MARGIN.top, right: size.width - MARGIN.right, bottom: size.height - MARGIN.bottom };
  const values = points.map((point) => point.value);
  const bounds = [...values, ...(band ? [band.low, band.high].filter((bound): bound is number => bound !== null) : [])];
  const { domain, ticks } = bounds.length > 0 ? niceValueTicks(Math.min(...bounds), Math.max(...bounds)) : niceValueTicks(0, 1);
  const y = (value: number) =>
    plot.bottom - ((value - domain[0]) / (domain[1] - domain[0])) * (plot.bottom - plot.top);

  const times = points.map((point) => point.at);
  const first = times.length > 0 ? Math.min(...times) : 0;
  const last = times.length > 0 ? Math.max(...times) : 0;
  const innerLeft = plot.left + INSET;
  const innerRight = Math.max(innerLeft, plot.right - INSET);
  const x = (at: number) => (first === last ? (innerLeft + innerRight) / 2 : innerLeft + ((at - first) / (last - first)) * (innerRight - innerLeft));

  const placed = points.map((point) => ({ point, x: x(point.at), y: y(point.value) }));
  const clip = (value: number) => Math.min(plot.bottom, Math.max(plot.top, value));
  const bandTop = band ? clip(band.high === null ? plot.top : y(band.high)) : null;
  const bandBottom = band ? clip(band.low === null ? plot.bottom : y(band.low)) : null;

  return {
    width: size.width,
    height: size.height,
    plot,
    yTicks: ticks.map((value) => ({ value, position: y(value), label: formatValue(value) })),
    xTicks:
      points.length === 0
        ? []
        : dateTicks(first, last, (innerRight - innerLeft) / DATE_LABEL_WIDTH).map((tick) => ({
            value: tick.at,
            position: x(tick.at),
            label: tick.label,
          })),
    band: bandTop !== null && bandBottom !== null && bandBottom > bandTop ? { top: bandTop, bottom: bandBottom } : null,
    points: placed,
    line: placed.map((entry, index) => `${index === 0 ? "M" : "L"}${entry.x.toFixed(1)},${entry.y.toFixed(1)}`).join(" "),
  };
}
