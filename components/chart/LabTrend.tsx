"use client";

import { useCallback, useState } from "react";
import { LabFlag, useLabFlagText } from "@/components/clinical/LabFlag";
import { ReferenceRange } from "@/components/clinical/ReferenceRange";
import { formatChartDate, formatLabValue, formatNumber } from "./format";
import { outsideSourceText } from "./OutsideRecordSource";
import { trendGeometry } from "./trendScale";
import type { AnalyteTrendJson } from "./types";

const HEIGHT = 260;
const INITIAL_WIDTH = 480;

const COLOURS = {
  band: "#d1fae5",
  bandEdge: "#059669",
  axis: "#475569",
  grid: "#e2e8f0",
  line: "#94a3b8",
  point: "#334155",
  abnormal: "#b91c1c",
  outside: "#92400e",
  text: "#334155",
};

/** The width the element is laid out at, following resizes (the panel is resizable); unchanged while hidden. */
function useLaidOutWidth(): [(element: HTMLElement | null) => (() => void) | undefined, number] {
  const [width, setWidth] = useState(INITIAL_WIDTH);
  const ref = useCallback((element: HTMLElement | null) => {
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * One analyte's results over time: an SVG line chart with the reference range
 * shaded, dated axes, and one circle per result. Results outside the range
 * are hollow red circles with an arrow beside them pointing the way they are
 * off, so they differ in shape, not only colour. A visually hidden table gives
 * screen readers every point.
 */
export function LabTrend({ trend, timeZone }: { trend: AnalyteTrendJson; timeZone: string }) {
  const [containerRef, width] = useLaidOutWidth();
  const flagText = useLabFlagText();
  const name = trend.analyte ?? trend.loincCode;
  const unit = trend.unit ?? "";
  const count = trend.points.length;
  const points = trend.points.map((point) => ({ ...point, at: Date.parse(point.at) }));
  const outsideSources = [...new Set(trend.points.flatMap((point) => (point.source ? [outsideSourceText(point.source)] : [])))];
  const geometry = trendGeometry(points, trend.referenceBand, { width: Math.max(width, 240), height: HEIGHT }, formatNumber);
  const { plot } = geometry;
  const first = trend.points[0];
  const last = trend.points[count - 1];

  return (
    <figure className="space-y-2">
      {count === 0 ? (
        <p className="text-sm text-slate-700">{name} has no numeric results to plot in this range.</p>
      ) : (
        <div ref={containerRef} className="w-full">
          <svg
            role="img"
            aria-label={`${name} trend: ${count} ${count === 1 ? "result" : "results"}`}
            viewBox={`0 0 ${geometry.width} ${geometry.height}`}
            width="100%"
            height={geometry.height}
            className="block overflow-visible"
          >
            {geometry.band && (
              <rect
                data-reference-band
                x={plot.left}
                y={geometry.band.top}
                width={plot.right - plot.left}
                height={geometry.band.bottom - geometry.band.top}
                fill={COLOURS.band}
                stroke={COLOURS.bandEdge}
                strokeDasharray="4 3"
              />
            )}
            {geometry.yTicks.map((tick) => (
              <g key={`y${tick.value}`}>
                <line x1={plot.left} x2={plot.right} y1={tick.position} y2={tick.position} stroke={COLOURS.grid} />
                <text x={plot.left - 6} y={tick.position} textAnchor="end" dominantBaseline="middle" fontSize={11} fill={COLOURS.text}>
                  {tick.label}
                </text>
              </g>
            ))}
            <text x={4} y={plot.top - 12} textAnchor="start" fontSize={11} fontWeight={600} fill={COLOURS.text}>
              {unit}
            </text>
            <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke={COLOURS.axis} />
            <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={COLOURS.axis} />
            {geometry.xTicks.map((tick) => (
              <g key={`x${tick.value}`}>
                <line x1={tick.position} x2={tick.position} y1={plot.bottom} y2={plot.bottom + 4} stroke={COLOURS.axis} />
                <text x={tick.position} y={plot.bottom + 18} textAnchor="middle" fontSize={11} fill={COLOURS.text}>
                  {tick.label}
                </text>
              </g>
            ))}
            <path d={geometry.line} fill="none" stroke={COLOURS.line} strokeWidth={1.5} />
            {geometry.points.map(({ point, x, y }, index) => (
              <g key={index}>
                {point.source && (
                  // An outside result: a ring around its point, explained in the caption.
                  <circle data-outside cx={x} cy={y} r={8.5} fill="none" stroke={COLOURS.outside} strokeWidth={1.5} strokeDasharray="2 2" />
                )}
                {point.abnormal && (
                  // An arrow beside the point, pointing the way the value is off its range.
                  <path
                    d={point.flag.endsWith("HIGH") ? `M${x + 7},${y - 3} l4,-6 l4,6 z` : `M${x + 7},${y + 3} l4,6 l4,-6 z`}
                    fill={COLOURS.abnormal}
                  />
                )}
                <circle
                  data-point
                  data-abnormal={point.abnormal ? "true" : "false"}
                  cx={x}
                  cy={y}
                  r={point.abnormal ? 5 : 3.5}
                  fill={point.abnormal ? "white" : COLOURS.point}
                  stroke={point.abnormal ? COLOURS.abnormal : "none"}
                  strokeWidth={point.abnormal ? 2.5 : 0}
                >
                  <title>{`${formatChartDate(new Date(point.at), timeZone)}: ${formatNumber(point.value)} ${unit} (${flagText(point.flag)})${point.source ? `, ${outsideSourceText(point.source)}` : ""}`}</title>
                </circle>
              </g>
            ))}
          </svg>
        </div>
      )}
      <figcaption className="space-y-1 text-sm text-slate-700">
        <span className="block">
          {name}
          {unit && ` (${unit})`}: {count} {count === 1 ? "result" : "results"}
          {first && last && ` from ${formatChartDate(first.at, timeZone)} to ${formatChartDate(last.at, timeZone)}`}
          {trend.abnormalCount > 0 && `, ${trend.abnormalCount} out of range`}.
        </span>
        {trend.referenceBand && (
          <span className="block">
            Shaded: the reference range <ReferenceRange low={trend.referenceBand.low} high={trend.referenceBand.high} />
            {unit && ` ${unit}`}. Results out of range are hollow red circles with an arrow showing high or low.
          </span>
        )}
        {outsideSources.length > 0 && (
          <span className="block">Dashed rings: outside results ({outsideSources.join("; ")}).</span>
        )}
        {trend.nonNumericCount > 0 && (
          <span className="block">
            {trend.nonNumericCount} {trend.nonNumericCount === 1 ? "result has" : "results have"} no numeric value and {trend.nonNumericCount === 1 ? "is" : "are"} not
            plotted.
          </span>
        )}
      </figcaption>
      {count > 0 && (
        <table className="sr-only">
          <caption>{name} results, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Value</th>
              <th scope="col">Flag</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {trend.points.map((point, index) => (
              <tr key={index}>
                <th scope="row">{formatChartDate(point.at, timeZone)}</th>
                <td>
                  {formatLabValue(point.value, null)} {unit}
                </td>
                <td>
                  <LabFlag flag={point.flag} />
                </td>
                <td>{point.source ? outsideSourceText(point.source) : "This clinic"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
