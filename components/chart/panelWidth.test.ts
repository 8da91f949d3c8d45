import { describe, expect, it } from "vitest";
import { CHART_WIDTH, chartWidthAfterKey, chartWidthAtPointer, clampChartWidth, parseStoredChartWidth } from "./panelWidth";

describe("chart panel width", () => {
  it("keeps the width between the limits, in whole percent", () => {
    expect(clampChartWidth(10)).toBe(CHART_WIDTH.min);
    expect(clampChartWidth(99)).toBe(CHART_WIDTH.max);
    expect(clampChartWidth(41.6)).toBe(42);
    expect(clampChartWidth(Number.NaN)).toBe(CHART_WIDTH.initial);
  });

  it("widens the right-hand panel when the separator moves left, and stops at the limits", () => {
    expect(chartWidthAfterKey("ArrowLeft", 40)).toBe(45);
    expect(chartWidthAfterKey("ArrowRight", 40)).toBe(35);
    expect(chartWidthAfterKey("ArrowLeft", CHART_WIDTH.max)).toBe(CHART_WIDTH.max);
    expect(chartWidthAfterKey("ArrowRight", CHART_WIDTH.min)).toBe(CHART_WIDTH.min);
    expect(chartWidthAfterKey("Home", 50)).toBe(CHART_WIDTH.min);
    expect(chartWidthAfterKey("End", 50)).toBe(CHART_WIDTH.max);
    expect(chartWidthAfterKey("Enter", 50)).toBeNull();
    expect(chartWidthAfterKey("ArrowUp", 50)).toBeNull();
  });

  it("puts the separator under the pointer", () => {
    const row = { left: 100, width: 1000 };
    expect(chartWidthAtPointer(700, row)).toBe(40);
    expect(chartWidthAtPointer(1090, row)).toBe(CHART_WIDTH.min);
    expect(chartWidthAtPointer(0, row)).toBe(CHART_WIDTH.max);
    expect(chartWidthAtPointer(500, { left: 0, width: 0 })).toBe(CHART_WIDTH.initial);
  });

  it("reads a stored width, falling back to the initial one", () => {
    expect(parseStoredChartWidth("55")).toBe(55);
    expect(parseStoredChartWidth("5")).toBe(CHART_WIDTH.min);
    expect(parseStoredChartWidth("wide")).toBe(CHART_WIDTH.initial);
    expect(parseStoredChartWidth(null)).toBe(CHART_WIDTH.initial);
    expect(parseStoredChartWidth(null, CHART_WIDTH.initialBesideNote)).toBe(60);
    expect(parseStoredChartWidth("45", CHART_WIDTH.initialBesideNote)).toBe(45);
  });
});
