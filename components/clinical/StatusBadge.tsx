import { useTranslations } from "next-intl";
import type { LabOrderStatus, PrescriptionStatus } from "@/lib/db/generated/enums";

// The one drawing of a clinical record's status (a prescription, a lab order):
// its word beside a shape that differs per state (a filled dot for what is
// current, a ring for what waits, a tick for what is done, a cross for what was
// stopped), so the state never rests on colour alone.

type Shape = "current" | "waiting" | "done" | "stopped";

const SHAPES = {
  prescription: { ACTIVE: "current", COMPLETED: "done", DISCONTINUED: "stopped" },
  labOrder: { PENDING: "waiting", RESULTED: "current", REVIEWED: "done" },
} as const satisfies { prescription: Record<PrescriptionStatus, Shape>; labOrder: Record<LabOrderStatus, Shape> };

const SYMBOL: Record<Shape, string> = { current: "●", waiting: "○", done: "✓", stopped: "✕" };
const TONE: Record<Shape, string> = {
  current: "border-sky-700 text-sky-900",
  waiting: "border-amber-700 text-amber-900",
  done: "border-emerald-700 text-emerald-900",
  stopped: "border-slate-500 text-slate-800",
};

type StatusOf = { prescription: PrescriptionStatus; labOrder: LabOrderStatus };

export function StatusBadge<Kind extends keyof StatusOf>({ kind, status }: { kind: Kind; status: StatusOf[Kind] }) {
  const t = useTranslations("clinical.status");
  const shape: Shape = (SHAPES[kind] as Record<string, Shape>)[status]!;
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium ${TONE[shape]}`}>
      <span aria-hidden="true">{SYMBOL[shape]}</span>
      {t(`${kind}.${status}` as `prescription.ACTIVE`)}
    </span>
  );
}
