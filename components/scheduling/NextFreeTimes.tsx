"use client";

import { useTranslations } from "next-intl";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import type { ApiSlot } from "./api";
import { secondaryButtonClassName } from "./styles";

/** After a 409: the physician's next free times, each one press away. */
export function NextFreeTimes({
  slots,
  timeZone,
  choiceLabel,
  onChoose,
}: {
  slots: ApiSlot[];
  timeZone: string;
  /** What choosing a time does, as its button says it: "Book Monday, March 9…", "Move to …". */
  choiceLabel: (when: string) => string;
  onChoose: (slot: ApiSlot) => void;
}) {
  const t = useTranslations("scheduling.slots");
  const locale = useIntlLocale();
  if (slots.length === 0) return <p className="text-slate-700">{t("noneNext")}</p>;
  return (
    <div className="space-y-2">
      <p className="font-medium text-slate-900">{t("next")}</p>
      <ul className="flex flex-wrap gap-2">
        {slots.map((slot) => (
          <li key={slot.start}>
            <button type="button" onClick={() => onChoose(slot)} className={secondaryButtonClassName}>
              {choiceLabel(formatDateTimeInZone(new Date(slot.start), timeZone, locale))}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
