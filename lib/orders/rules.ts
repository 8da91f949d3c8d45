import type { LabFlag } from "@/lib/db/generated/enums";

// The pure rules of lab orders: how urgent a set of results is, the order the
// inbox lists them in, and when a pending order is overdue.

/** Pending orders older than this many days are listed in the physician's inbox as overdue. */
export const OVERDUE_ORDER_DAYS = 14;

const DAY_MS = 24 * 60 * 60_000;

export type ResultSeverity = "critical" | "abnormal" | "normal";

const RANK: Record<ResultSeverity, number> = { critical: 0, abnormal: 1, normal: 2 };

/** The worst flag among an order's results: critical outranks abnormal outranks normal. */
export function severityOf(flags: readonly LabFlag[]): ResultSeverity {
  if (flags.some((flag) => flag === "CRITICAL_LOW" || flag === "CRITICAL_HIGH")) return "critical";
  if (flags.some((flag) => flag !== "NORMAL")) return "abnormal";
  return "normal";
}

/** Critical results first, then abnormal, then normal; within each, the longest waiting first. */
export function inboxOrder<T extends { severity: ResultSeverity; resultedAt: Date }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.resultedAt.getTime() - b.resultedAt.getTime());
}

/** The moment before which a still-pending order counts as overdue. */
export function overdueBefore(now: Date, days = OVERDUE_ORDER_DAYS): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
