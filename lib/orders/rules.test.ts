import { describe, expect, it } from "vitest";
import { inboxOrder, overdueBefore, severityOf } from "./rules";

describe("lab order rules", () => {
  it("rates a set of results by its worst flag", () => {
    expect(severityOf(["NORMAL", "HIGH", "CRITICAL_LOW"])).toBe("critical");
    expect(severityOf(["NORMAL", "LOW"])).toBe("abnormal");
    expect(severityOf(["NORMAL"])).toBe("normal");
    expect(severityOf([])).toBe("normal");
  });

  it("lists critical results first, then abnormal, then normal, the longest waiting first within each", () => {
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    const items = [
      { id: "normal-old", severity: "normal" as const, resultedAt: at(1) },
      { id: "abnormal-new", severity: "abnormal" as const, resultedAt: at(5) },
      { id: "critical", severity: "critical" as const, resultedAt: at(9) },
      { id: "abnormal-old", severity: "abnormal" as const, resultedAt: at(2) },
    ];
    expect(inboxOrder(items).map((item) => item.id)).toEqual(["critical", "abnormal-old", "abnormal-new", "normal-old"]);
  });

  it("counts an order overdue 14 days after it was placed", () => {
    expect(overdueBefore(new Date("2026-03-15T12:00:00Z")).toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });
});
