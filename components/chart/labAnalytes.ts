import type { LabAnalyteSummaryJson } from "./types";

export interface AnalyteGroup {
  panel: string;
  analytes: LabAnalyteSummaryJson[];
}

/**
 * The analytes of a GET …/chart/labs/analytes response, grouped by panel (as
 * listLabAnalytes returns them); a flat list is grouped here, so the picker
 * works with either shape of `analytes`.
 */
export function analyteGroupsFrom(body: unknown): AnalyteGroup[] {
  const analytes = (body as { analytes?: unknown } | null)?.analytes;
  if (!Array.isArray(analytes)) return [];
  const groups = new Map<string, LabAnalyteSummaryJson[]>();
  const add = (panel: string, analyte: LabAnalyteSummaryJson) => {
    const list = groups.get(panel) ?? [];
    groups.set(panel, list);
    if (!list.some((known) => known.loincCode === analyte.loincCode)) list.push(analyte);
  };
  for (const entry of analytes as Array<Record<string, unknown>>) {
    if (typeof entry !== "object" || entry === null) continue;
    if (Array.isArray(entry.analytes) && typeof entry.panel === "string") {
      for (const analyte of entry.analytes as LabAnalyteSummaryJson[]) add(entry.panel, analyte);
    } else if (typeof entry.loincCode === "string" && typeof entry.panel === "string") {
      add(entry.panel, entry as unknown as LabAnalyteSummaryJson);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([panel, list]) => ({ panel, analytes: [...list].sort((a, b) => a.analyte.localeCompare(b.analyte)) }));
}

/** The picker's text for an analyte: its name, unit and how many results it has. */
export function analyteOptionText(analyte: LabAnalyteSummaryJson): string {
  const results = `${analyte.count} ${analyte.count === 1 ? "result" : "results"}`;
  return `${analyte.analyte}${analyte.unit ? ` (${analyte.unit})` : ""}, ${results}${analyte.latest.abnormal ? ", latest out of range" : ""}`;
}
