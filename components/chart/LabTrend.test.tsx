import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withMessages } from "@/lib/i18n/testing/messages";
import { LabTrend } from "./LabTrend";
import type { AnalyteTrendJson } from "./types";

function point(at: string, value: number, flag: "NORMAL" | "HIGH" | "LOW" = "NORMAL") {
  return { at, value, flag, abnormal: flag !== "NORMAL", critical: false, referenceLow: 4, referenceHigh: 5.6, source: null };
}

const trend: AnalyteTrendJson = {
  loincCode: "4548-4",
  analyte: "Hemoglobin A1c",
  panel: "Diabetes",
  unit: "%",
  referenceBand: { low: 4, high: 5.6 },
  points: [point("2023-01-10T09:00:00Z", 5.4), point("2023-07-10T09:00:00Z", 6.1, "HIGH"), point("2024-01-10T09:00:00Z", 5.5), point("2024-07-10T09:00:00Z", 3.8, "LOW")],
  abnormalCount: 2,
  nonNumericCount: 1,
};

describe("LabTrend", () => {
  const html = renderToStaticMarkup(withMessages(<LabTrend trend={trend} timeZone="UTC" />));

  it("names the chart with the analyte and the number of results", () => {
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Hemoglobin A1c trend: 4 results"');
  });

  it("draws one circle per result, marks the abnormal ones, and shades one reference band", () => {
    expect(html.match(/<circle data-point=/g)).toHaveLength(4);
    expect(html.match(/data-abnormal="true"/g)).toHaveLength(2);
    expect(html.match(/data-reference-band/g)).toHaveLength(1);
  });

  it("labels the axes with dates and the unit, and lists every point in a hidden table", () => {
    expect(html).toContain(">Jul 2023</text>");
    expect(html).toContain(">Jan 2024</text>");
    expect(html).toContain(">%</text>");
    expect(html).toContain('<table class="sr-only">');
    expect(html.match(/<tr>/g)).toHaveLength(5);
    expect(html).toContain("1 result has no numeric value");
  });

  it("says so when there is nothing to plot", () => {
    const empty = renderToStaticMarkup(withMessages(<LabTrend trend={{ ...trend, points: [], abnormalCount: 0, referenceBand: null }} timeZone="UTC" />));
    expect(empty).not.toContain("<svg");
    expect(empty).toContain("no numeric results to plot");
  });
});
