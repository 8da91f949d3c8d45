import "server-only";
import { z } from "zod";
import type { RequestContext } from "@/lib/auth/access";
import { Prisma } from "@/lib/db/generated/client";
import type { LabFlag } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizePatient } from "./access";
import { cursorInput, encodeCursor, instantInput, pageSizeInput } from "./cursor";
import { ClinicalValidationError } from "./errors";
import { cutPage, groupByPanel, shapeTrend, type AnalyteTrend, type LabPanelGroup, type LabRow } from "./lab-shaping";
import { OUTSIDE_SOURCE, recordSource, type SourceJson } from "./outside-source";
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

/** Which of the patient's results: each condition left out when undefined. */
interface LabRowFilter {
  patientId: string;
  panel?: string;
  loincCode?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive; several bounds (the range's end, a page's cursor) are all kept. */
  before?: ReadonlyArray<Date | undefined>;
  at?: Date;
}

/**
 * The patient's results as LabRows, with their outside source, in one
 * statement on LabResult(patientId, effectiveAt) or (patientId, loincCode,
 * effectiveAt). Plain SQL: through the ORM, planning the query was a tenth of
 * the Labs tab's CPU under load.
 */
async function labRows(db: Database, filter: LabRowFilter, order: Prisma.Sql, limit?: number): Promise<LabRow[]> {
  const rows = await db.$queryRaw<Array<Omit<LabRow, "source"> & { source: SourceJson }>>`
    SELECT x.id, x.panel, x."loincCode", x.analyte, x."valueNumeric", x."valueText", x.unit,
      x."referenceLow", x."referenceHigh", x.flag, x."effectiveAt", ${OUTSIDE_SOURCE} AS source
    FROM "LabResult" x
    WHERE ${labRowConditions(filter)}
    ORDER BY ${order}
    ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}
  `;
  return rows.map((row) => ({ ...row, source: recordSource(row.source) }));
}

function labRowConditions({ patientId, panel, loincCode, from, before = [], at }: LabRowFilter): Prisma.Sql {
  return Prisma.join(
    [
      Prisma.sql`x."patientId" = ${patientId}`,
      panel === undefined ? null : Prisma.sql`x.panel = ${panel}`,
      loincCode === undefined ? null : Prisma.sql`x."loincCode" = ${loincCode}`,
      from === undefined ? null : Prisma.sql`x."effectiveAt" >= ${from}`,
      ...before.map((bound) => (bound === undefined ? null : Prisma.sql`x."effectiveAt" < ${bound}`)),
      at === undefined ? null : Prisma.sql`x."effectiveAt" = ${at}`,
    ].filter((condition) => condition !== null),
    " AND ",
  );
}

const NEWEST_FIRST = Prisma.sql`x."effectiveAt" DESC, x.panel, x.analyte, x.id`;
const BY_PANEL = Prisma.sql`x.panel, x.analyte, x.id`;
const OLDEST_FIRST = Prisma.sql`x."effectiveAt", x.id`;

/** One page of the patient's results, grouped by panel as drawn, newest first. */
export async function listLabResults(db: Database, context: RequestContext, input: LabResultsInput): Promise<LabResultsPage> {
  const { patientId, from, to, panel, cursor, limit } = labResultsInput.parse(input);
  checkRange({ from, to });
  await authorizePatient(db, context, "chart.read", patientId);
  const before = [to, cursor?.at];
  const filter: LabRowFilter = { patientId, panel, from, before };
  const cut = cutPage(await labRows(db, filter, NEWEST_FIRST, limit + 1), limit);
  if (cut.needsWholeInstant) {
    // One draw holds more results than a page: return all of it as the page.
    const instant = cut.needsWholeInstant;
    const [whole, [older]] = await Promise.all([
      labRows(db, { ...filter, at: instant }, BY_PANEL),
      labRows(db, { ...filter, before: [...before, instant] }, NEWEST_FIRST, 1),
    ]);
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
  return shapeTrend(loincCode, await labRows(db, { patientId, loincCode, from, before: [to] }, OLDEST_FIRST));
}
