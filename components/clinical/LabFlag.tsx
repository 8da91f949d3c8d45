import { useTranslations } from "next-intl";
import type { LabFlag as LabFlagValue } from "@/lib/db/generated/enums";

// The one drawing of a lab result's flag, wherever a result appears (chart,
// trend, vitals, inbox, portal): its word, with an arrow for the direction
// (doubled when critical), and weight and colour on top; never colour alone.

const MARK: Record<LabFlagValue, string> = {
  NORMAL: "",
  LOW: "▼",
  HIGH: "▲",
  CRITICAL_LOW: "▼▼",
  CRITICAL_HIGH: "▲▲",
};

export const isCriticalFlag = (flag: LabFlagValue) => flag === "CRITICAL_LOW" || flag === "CRITICAL_HIGH";

/** The flag's word, for text that cannot hold an element (an SVG title). */
export function useLabFlagText(): (flag: LabFlagValue) => string {
  const t = useTranslations("clinical.flag");
  return (flag) => t(flag);
}

/** "▲ High", "▼▼ Critically low", or "Normal" in plain text. */
export function LabFlag({ flag }: { flag: LabFlagValue }) {
  const text = useLabFlagText();
  if (flag === "NORMAL") return <span>{text(flag)}</span>;
  return (
    <span className={`font-bold ${isCriticalFlag(flag) ? "text-red-800" : "text-amber-900"}`}>
      <span aria-hidden="true">{MARK[flag]} </span>
      {text(flag)}
    </span>
  );
}
