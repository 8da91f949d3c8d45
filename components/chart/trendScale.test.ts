import { describe, expect, it } from "vitest";
import { dateTicks, niceStep, niceValueTicks, trendGeometry } from "./trendScale";

const at = (iso: string) => Date.parse(iso);

describe("niceValueTicks", () => {
  it("picks round steps of 1, 2 or 5 times a power of ten", () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(0.9, 5)).toBe(0.2);
    expect(niceStep(300, 5)).toBe(50);
    expect(niceStep(400, 5)).toBe(100);
    expect(niceStep(0, 5)).toBe(1);
  });

  it("covers the values with round ticks and no floating-point noise", () => {
    expect(niceValueTicks(4.1, 6.3)).toEqual({ domain: [4, 6.5], ticks: [4, 4.5, 5, 5.5, 6, 6.5] });
    expect(niceValueTicks(0.1, 0.7).ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceValueTicks(72, 188)).toEqual({ domain: [60, 200], ticks: [60, 80, 100, 120, 140, 160, 180, 200] });
  });

  it("widens a single value into a range around it", () => {
    const { domain, ticks } = niceValueTicks(5, 5);
    expect(domain[0]).toBeLessThan(5);
    expect(domain[1]).toBeGreaterThan(5);
    expect(ticks.length).toBeGreaterThan(1);
    expect(niceValueTicks(0, 0).domain).toEqual([-1, 1]);
  });
});

describe("dateTicks", () => {
  it("uses years for a long history, as many as fit", () => {
    const ticks = dateTicks(at("2015-03-10T00:00:00Z"), at("2025-02-01T00:00:00Z"), 6);
    expect(ticks.map((tick) => tick.label)).toEqual(["2016", "2018", "2020", "2022", "2024"]);
    expect(ticks.length).toBeLessThanOrEqual(6);
  });

  it("uses months within a year or two", () => {
    const ticks = dateTicks(at("2024-01-15T00:00:00Z"), at("2024-12-20T00:00:00Z"), 4);
    expect(ticks.map((tick) => tick.label)).toEqual(["Apr 2024", "Jul 2024", "Oct 2024"]);
  });

  it("uses days within a few weeks", () => {
    const ticks = dateTicks(at("2024-05-01T08:00:00Z"), at("2024-05-05T08:00:00Z"), 10);
    expect(ticks.map((tick) => tick.label)).toEqual(["May 2", "May 3", "May 4", "May 5"]);
  });

  it("labels a single instant", () => {
    expect(dateTicks(at("2024-05-01T08:00:00Z"), at("2024-05-01T08:00:00Z"), 4)).toEqual([
      { at: at("2024-05-01T08:00:00Z"), label: "May 1, 2024" },
    ]);
  });
});

describe("trendGeometry", () => {
  const points = [
    { at: at("2024-01-01T00:00:00Z"), value: 5, abnormal: false },
    { at: at("2024-07-01T00:00:00Z"), value: 7, abnormal: true },
    { at: at("2025-01-01T00:00:00Z"), value: 6, abnormal: false },
  ];
  const size = { width: 480, height: 240 };

  it("places older points left of newer ones and higher values above lower ones, inside the plot", () => {
    const geometry = trendGeometry(points, { low: 4, high: 5.6 }, size);
    const [a, b, c] = geometry.points;
    expect(a!.x).toBeLessThan(b!.x);
    expect(b!.x).toBeLessThan(c!.x);
    expect(b!.y).toBeLessThan(c!.y);
    expect(c!.y).toBeLessThan(a!.y);
    for (const placed of geometry.points) {
      expect(placed.x).toBeGreaterThan(geometry.plot.left);
      expect(placed.x).toBeLessThan(geometry.plot.right);
      expect(placed.y).toBeGreaterThanOrEqual(geometry.plot.top);
      expect(placed.y).toBeLessThanOrEqual(geometry.plot.bottom);
    }
    expect(geometry.line.startsWith("M")).toBe(true);
    expect(geometry.line.match(/L/g)).toHaveLength(2);
  });

  it("shades the reference band between its bounds, and includes it in the value axis", () => {
    const geometry = trendGeometry([{ at: 0, value: 10, abnormal: true }], { low: 4, high: 5.6 }, size);
    expect(geometry.band).not.toBeNull();
    expect(geometry.yTicks[0]!.value).toBeLessThanOrEqual(4);
    expect(geometry.yTicks[geometry.yTicks.length - 1]!.value).toBeGreaterThanOrEqual(10);
    const y4 = geometry.yTicks.find((tick) => tick.value === 4);
    if (y4) expect(geometry.band!.bottom).toBeCloseTo(y4.position);
  });

  it("runs an open-ended band to the edge of the plot", () => {
    const geometry = trendGeometry(points, { low: null, high: 5.6 }, size);
    expect(geometry.band!.bottom).toBe(geometry.plot.bottom);
    expect(trendGeometry(points, null, size).band).toBeNull();
  });

  it("labels the axes and keeps the date labels apart", () => {
    const geometry = trendGeometry(points, null, size, (value) => `${value} %`);
    expect(geometry.yTicks.every((tick) => tick.label.endsWith(" %"))).toBe(true);
    expect(geometry.xTicks.length).toBeGreaterThan(0);
    const gaps = geometry.xTicks.slice(1).map((tick, index) => tick.position - geometry.xTicks[index]!.position);
    expect(gaps.every((gap) => gap >= 90)).toBe(true);
  });

  it("handles no points", () => {
    const geometry = trendGeometry([], null, size);
    expect(geometry.points).toEqual([]);
    expect(geometry.xTicks).toEqual([]);
    expect(geometry.line).toBe("");
  });
});
