import { describe, expect, it } from "vitest";
import type { LabFlag } from "@/lib/db/generated/enums";
import { cutPage, groupByPanel, shapeTrend, type LabRow } from "./lab-shaping";

let nextId = 0;
function row(at: string, panel: string, overrides: Partial<LabRow> = {}): LabRow {
  nextId += 1;
  return {
    id: `r${String(nextId).padStart(5, "0")}`,
    panel,
    loincCode: "2345-7",
    analyte: "Glucose",
    valueNumeric: 90,
    valueText: null,
    unit: "mg/dL",
    referenceLow: 70,
    referenceHigh: 99,
    flag: "NORMAL",
    effectiveAt: new Date(at),
    ...overrides,
  };
}

describe("cutting a page of lab results", () => {
  it("is the last page when no more rows than the limit came back", () => {
    const rows = [row("2026-01-02T10:00:00Z", "BMP"), row("2026-01-01T10:00:00Z", "BMP")];
    expect(cutPage(rows, 2)).toEqual({ page: rows, before: null, needsWholeInstant: null });
  });

  it("never splits a draw: rows at the instant of the first row beyond the page wait for the next page", () => {
    const rows = [
      row("2026-01-03T10:00:00Z", "CBC"),
      row("2026-01-02T10:00:00Z", "BMP"),
      row("2026-01-02T10:00:00Z", "BMP"),
      row("2026-01-02T10:00:00Z", "CBC"), // the extra row: same draw as the two before it
    ];
    const cut = cutPage(rows, 3);
    expect(cut.page).toEqual([rows[0]]);
    expect(cut.before).toEqual(new Date("2026-01-03T10:00:00Z"));
  });

  it("asks for the whole instant when one draw is larger than a page", () => {
    const rows = [row("2026-01-02T10:00:00Z", "BMP"), row("2026-01-02T10:00:00Z", "BMP"), row("2026-01-02T10:00:00Z", "CBC")];
    expect(cutPage(rows, 2)).toEqual({ page: [], before: null, needsWholeInstant: new Date("2026-01-02T10:00:00Z") });
  });

  it("pages through thousands of results returning each exactly once, draws whole", () => {
    // 600 draws of 1–20 results at random instants, several draws sharing an instant.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const all: LabRow[] = [];
    for (let draw = 0; draw < 600; draw += 1) {
      const at = new Date(Date.UTC(2016, 0, 1) + Math.floor(random() * 400) * 86_400_000).toISOString();
      const size = 1 + Math.floor(random() * 20);
      for (let i = 0; i < size; i += 1) all.push(row(at, `P${draw % 5}`));
    }
    const newestFirst = [...all].sort((a, b) => b.effectiveAt.getTime() - a.effectiveAt.getTime() || a.id.localeCompare(b.id));
    const query = (before: Date | null, take: number) => newestFirst.filter((r) => !before || r.effectiveAt < before).slice(0, take);
    for (const limit of [1, 7, 50, 333]) {
      const seen: string[] = [];
      let before: Date | null = null;
      let pages = 0;
      do {
        const cut = cutPage(query(before, limit + 1), limit);
        const whole = cut.needsWholeInstant;
        const page = whole ? newestFirst.filter((r) => r.effectiveAt.getTime() === whole.getTime()) : cut.page;
        // As listLabResults does: after a whole instant, a next page only if older rows exist.
        before = whole ? (query(whole, 1).length > 0 ? whole : null) : cut.before;
        seen.push(...page.map((r) => r.id));
        // Whole instants only: nothing at the page's oldest instant is left behind.
        const oldest = page[page.length - 1]!.effectiveAt.getTime();
        expect(page.filter((r) => r.effectiveAt.getTime() === oldest).length).toBe(all.filter((r) => r.effectiveAt.getTime() === oldest).length);
        pages += 1;
      } while (before !== null);
      expect(seen.length).toBe(all.length);
      expect(new Set(seen).size).toBe(all.length);
      expect(pages).toBeGreaterThan(1);
    }
    // About 6,000 pages at a limit of 1, each filtering every row twice: seconds on a loaded machine.
  }, 30_000);
});

describe("grouping by panel", () => {
  it("groups results by draw, newest first, panels alphabetical within an instant, counting abnormal ones", () => {
    const groups = groupByPanel([
      row("2026-01-02T10:00:00Z", "Lipid panel", { flag: "HIGH" }),
      row("2026-01-02T10:00:00Z", "BMP"),
      row("2026-01-02T10:00:00Z", "BMP", { flag: "CRITICAL_LOW" }),
      row("2025-12-01T10:00:00Z", "BMP"),
    ]);
    expect(groups.map((group) => [group.panel, group.effectiveAt.toISOString(), group.results.length, group.abnormalCount])).toEqual([
      ["BMP", "2026-01-02T10:00:00.000Z", 2, 1],
      ["Lipid panel", "2026-01-02T10:00:00.000Z", 1, 1],
      ["BMP", "2025-12-01T10:00:00.000Z", 1, 0],
    ]);
    expect(groups[0]!.results[1]).toMatchObject({ flag: "CRITICAL_LOW", abnormal: true, critical: true, unit: "mg/dL", referenceLow: 70, referenceHigh: 99 });
  });
});

describe("an analyte's trend", () => {
  it("plots numeric results oldest first, marks abnormal points and shades the newest reference range", () => {
    const flags: LabFlag[] = ["NORMAL", "HIGH", "NORMAL", "CRITICAL_HIGH"];
    const rows = flags.map((flag, index) =>
      row(`202${index}-06-01T10:00:00Z`, "HbA1c", { loincCode: "4548-4", analyte: "Hemoglobin A1c", unit: "%", flag, valueNumeric: 5 + index, referenceLow: null, referenceHigh: index < 3 ? 5.6 : 5.7 }),
    );
    rows.splice(2, 0, row("2021-12-01T10:00:00Z", "HbA1c", { loincCode: "4548-4", valueNumeric: null, valueText: "hemolysed" }));
    const trend = shapeTrend("4548-4", rows);
    expect(trend.points.map((point) => [point.at.getUTCFullYear(), point.value, point.abnormal])).toEqual([
      [2020, 5, false],
      [2021, 6, true],
      [2022, 7, false],
      [2023, 8, true],
    ]);
    expect(trend).toMatchObject({
      loincCode: "4548-4",
      analyte: "Hemoglobin A1c",
      unit: "%",
      referenceBand: { low: null, high: 5.7 },
      abnormalCount: 2,
      nonNumericCount: 1,
    });
    expect(trend.points[3]!.critical).toBe(true);
  });

  it("is empty, with no band, when there are no results", () => {
    expect(shapeTrend("718-7", [])).toEqual({
      loincCode: "718-7",
      analyte: null,
      panel: null,
      unit: null,
      referenceBand: null,
      points: [],
      abnormalCount: 0,
      nonNumericCount: 0,
    });
  });
});
