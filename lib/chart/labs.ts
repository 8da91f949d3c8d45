import "server-only";
import { z } from "zod";
import type { RequestContext } from "@/lib/auth/access";
import type { LabFlag } from "@/lib/db/generated/enums";
import type { LabResultWhereInput } from "@/lib/db/generated/models";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizePatient } from "./access";
import { cursorInput, encodeCursor, instantInput, pageSizeInput } from "./cursor";
import { ClinicalValidationError } from "./errors";
import { cutPage, groupByPanel, LAB_ROW_COLUMNS, shapeTrend, type AnalyteTrend, type LabPanelGroup, type LabRow } from "./lab-shaping";
import { isAbnormal } from "./shaping";

// The Labs tab: results grouped by panel as drawn, newest first, a page at a
// time (keyset pagination on the draw time, so a page never splits a draw and
// thousands of results cost the same per page); the analytes on the chart;
// and one analyte's trend with its reference band. Every query runs on
// LabResult(patientId, effectiveAt) or LabResult(patientId, loincCode, effectiveAt).

const dateRange = {
  /** Inclusive. */
  from: instantInput.optional(),
  /** Exclusive. */
  to: instantInput.optional(),
};

function checkRange(range: { from?: Date; to?: Date }) {
  if (range.from && range.to && range.from >= range.to) {
    throw new ClinicalValidationError("INVALID_RANGE", "The start of the date range must be before its end.");
  }
}

export const LAB_PAGE_DEFAULT = 200;
export const LAB_PAGE_MAX = 1000;

export const labResultsInput = z.strictObject({
  patientId: recordIdOf("patient"),
  ...dateRange,
  panel: z.string().trim().min(1).max(100).optional(),
  cursor: cursorInput.optional(),
  limit: pageSizeInput(LAB_PAGE_DEFAULT, LAB_PAGE_MAX),
});

export type LabResultsInput = z.input<typeof labResultsInput>;

export interface LabResultsPage {
  groups: LabPanelGroup[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const LAB_ROW_SELECT = {
  ...LAB_ROW_COLUMNS,
  importedResource: { select: { importedAt: true, organization: { select: { name: true } } } },
} as const;

/** A selected row with its outside source, if it is an outside result. */
function withSource<Row extends { importedResource: { importedAt: Date; organization: { name: string } | null } | null }>({ importedResource, ...row }: Row) {
  return { ...row, source: importedResource ? { organization: importedResource.organization?.name ?? null, importedAt: importedResource.importedAt } : null };
}

function rangeFilter(from: Date | undefined, to: Date | undefined, before: Date | undefined) {
  const upper = [to, before].filter((bound): bound is Date => bound !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
  if (!from && !upper) return undefined;
  return { ...(from ? { gte: from } : {}), ...(upper ? { lt: upper } : {}) };
}

/** One page of the patient's results, grouped by panel as drawn, newest first. */
export async function listLabResults(db: Database, context: RequestContext, input: LabResultsInput): Promise<LabResultsPage> {
  const { patientId, from, to, panel, cursor, limit } = labResultsInput.parse(input);
  checkRange({ from, to });
  await authorizePatient(db, context, "chart.read", patientId);
  // Prisma leaves out a condition that is undefined.
  const where: LabResultWhereInput = { patientId, panel, effectiveAt: rangeFilter(from, to, cursor?.at) };
  const rows: LabRow[] = (
    await db.labResult.findMany({
      where,
      orderBy: [{ effectiveAt: "desc" }, { panel: "asc" }, { analyte: "asc" }, { id: "asc" }],
      take: limit + 1,
      select: LAB_ROW_SELECT,
    })
  ).map(withSource);
  const cut = cutPage(rows, limit);
  if (cut.needsWholeInstant) {
    // One draw holds more results than a page: return all of it as the page.
    const instant = cut.needsWholeInstant;
    const whole = (
      await db.labResult.findMany({
        where: { ...where, effectiveAt: { equals: instant } },
        orderBy: [{ panel: "asc" }, { analyte: "asc" }, { id: "asc" }],
        select: LAB_ROW_SELECT,
      })
    ).map(withSource);
    const older = await db.labResult.findFirst({
      where: { ...where, effectiveAt: rangeFilter(from, undefined, instant) },
      select: { id: true },
    });
    return { groups: groupByPanel(whole), nextCursor: older ? encodeCursor({ at: instant }) : null };
  }
  return { groups: groupByPanel(cut.page), nextCursor: cut.before ? encodeCursor({ at: cut.before }) : null };
}

export const labAnalytesInput = z.strictObject({
  patientId: recordIdOf("patient"),
  ...dateRange,
});

export type LabAnalytesInput = z.input<typeof labAnalytesInput>;

export interface LabAnalyteSummary {
  loincCode: string;
  analyte: string;
  panel: string;
  unit: string;
  count: number;
  latest: { value: number | null; valueText: string | null; flag: LabFlag; abnormal: boolean; effectiveAt: Date };
}

/** Every analyte on the chart (in the range), grouped by panel: its newest result and how many there are, for choosing a trend. */
export async function listLabAnalytes(
  db: Database,
  context: RequestContext,
  input: LabAnalytesInput,
): Promise<Array<{ panel: string; analytes: LabAnalyteSummary[] }>> {
  const { patientId, from, to } = labAnalytesInput.parse(input);
  checkRange({ from, to });
  await authorizePatient(db, context, "chart.read", patientId);
  const rows = await db.$queryRaw<
    Array<{
      loincCode: string;
      analyte: string;
      panel: string;
      unit: string;
      valueNumeric: number | null;
      valueText: string | null;
      flag: LabFlag;
      effectiveAt: Date;
      count: bigint;
    }>
  >`
    SELECT DISTINCT ON ("loincCode")
      "loincCode", analyte, panel, unit, "valueNumeric", "valueText", flag, "effectiveAt",
      count(*) OVER (PARTITION BY "loincCode") AS count
    FROM "LabResult"
    WHERE "patientId" = ${patientId}
      AND "effectiveAt" >= ${from ?? new Date(0)}
      AND "effectiveAt" < ${to ?? new Date("9999-12-31T00:00:00Z")}
    ORDER BY "loincCode", "effectiveAt" DESC
  `;
  const panels = new Map<string, LabAnalyteSummary[]>();
  for (const row of rows) {
    const list = panels.get(row.panel) ?? [];
    panels.set(row.panel, list);
    list.push({
      loincCode: row.loincCode,
      analyte: row.analyte,
      panel: row.panel,
      unit: row.unit,
      count: Number(row.count),
      latest: {
        value: row.valueNumeric,
        valueText: row.valueText,
        flag: row.flag,
        abnormal: isAbnormal(row.flag),
        effectiveAt: row.effectiveAt,
      },
    });
  }
  return [...panels.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([panel, analytes]) => ({ panel, analytes: analytes.sort((a, b) => a.analyte.localeCompare(b.analyte)) }));
}

export const analyteTrendInput = z.strictObject({
  patientId: recordIdOf("patient"),
  loincCode: z.string().trim().regex(/^\d{1,7}-\d$/, "That is not a LOINC code."),
  ...dateRange,
});

export type AnalyteTrendInput = z.input<typeof analyteTrendInput>;

/** One analyte's results in the range as a series, oldest first, with the reference band and abnormal points marked. */
export async function getAnalyteTrend(db: Database, context: RequestContext, input: AnalyteTrendInput): Promise<AnalyteTrend> {
  const { patientId, loincCode, from, to } = analyteTrendInput.parse(input);
  checkRange({ from, to });
  await authorizePatient(db, context, "chart.read", patientId);
  const rows = await db.labResult.findMany({
    where: { patientId, loincCode, effectiveAt: rangeFilter(from, to, undefined) },
    orderBy: [{ effectiveAt: "asc" }, { id: "asc" }],
    select: LAB_ROW_SELECT,
  });
  return shapeTrend(loincCode, rows.map(withSource));
}
