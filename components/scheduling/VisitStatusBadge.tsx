import { FRONT_DESK_STATUS_LABELS, type FrontDeskStatus } from "@/lib/scheduling/visit-status";

// The one drawing of where a visit stands for the front desk: its word beside
// a shape that differs per state, and "late" as a word with its own mark, so
// nothing rests on colour alone (as components/clinical/StatusBadge.tsx draws
// a record's status).

const LOOK: Record<FrontDeskStatus, { symbol: string; tone: string }> = {
  booked: { symbol: "○", tone: "border-sky-700 bg-white text-sky-900" },
  "checked-in": { symbol: "◐", tone: "border-amber-700 bg-amber-50 text-amber-950" },
  waiting: { symbol: "●", tone: "border-amber-800 bg-amber-100 text-amber-950" },
  "in-call": { symbol: "▶", tone: "border-violet-700 bg-violet-50 text-violet-950" },
  completed: { symbol: "✓", tone: "border-emerald-700 bg-emerald-50 text-emerald-950" },
  "no-show": { symbol: "✕", tone: "border-red-700 bg-red-50 text-red-950" },
  cancelled: { symbol: "–", tone: "border-slate-500 bg-slate-50 text-slate-800" },
};

export function VisitStatusBadge({ status, late = false }: { status: FrontDeskStatus; late?: boolean }) {
  const look = LOOK[status];
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium ${look.tone}`}>
        <span aria-hidden="true">{look.symbol}</span>
        <span>{FRONT_DESK_STATUS_LABELS[status]}</span>
      </span>
      {late && (
        <span className="inline-flex items-center gap-1 rounded border border-red-800 bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">
          <span aria-hidden="true">!</span>
          <span className="sr-only">,</span> <span>Late</span>
        </span>
      )}
    </span>
  );
}
