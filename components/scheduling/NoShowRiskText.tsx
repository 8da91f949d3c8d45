import type { NoShowRisk } from "@/lib/scheduling/no-show-risk";

const TIER_CLASS: Record<NoShowRisk["tier"], string> = {
  low: "text-slate-700",
  medium: "font-medium text-amber-900",
  high: "font-semibold text-red-800",
};

/** A booked visit's no-show risk as the scheduler reads it: the tier in words, then what raised it. */
export function NoShowRiskText({ risk }: { risk: NoShowRisk }) {
  return (
    <span className={`block text-xs ${TIER_CLASS[risk.tier]}`}>
      <span className="sr-only">, </span>No-show risk: {risk.tier}
      {risk.factors.length > 0 && ` (${risk.factors.join("; ")})`}
    </span>
  );
}
