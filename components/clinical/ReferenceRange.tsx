import { useTranslations } from "next-intl";
import { formatReferenceRange } from "@/components/chart/format";

/** The one drawing of a result's reference range: "4–5.6", "≤ 200", "≥ 40", or a dash that says there is none. */
export function ReferenceRange({ low, high }: { low: number | null; high: number | null }) {
  const t = useTranslations("clinical.referenceRange");
  if (low === null && high === null) return <span aria-label={t("none")}>—</span>;
  return <span className="tabular-nums whitespace-nowrap">{formatReferenceRange(low, high)}</span>;
}
