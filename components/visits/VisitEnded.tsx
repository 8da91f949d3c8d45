"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { primaryActionClassName } from "@/components/actionStyles";
import type { VisitRole } from "./visitApi";
import { VisitNoticePanel } from "./VisitNoticePanel";

/** After the physician ended the visit (or it was already over when rejoining). */
export function VisitEnded({
  role,
  physicianName,
  summaryHref,
  homeHref,
  durationSeconds,
  focusHeading,
}: {
  role: VisitRole;
  physicianName: string;
  summaryHref?: string;
  homeHref?: string;
  durationSeconds: number | null;
  focusHeading: boolean;
}) {
  const t = useTranslations("visit.ended");
  return (
    <VisitNoticePanel title={t("title")} focusHeading={focusHeading}>
      {durationSeconds !== null && <p className="text-slate-900">{t("duration", { minutes: Math.max(1, Math.round(durationSeconds / 60)) })}</p>}
      {role === "patient" && (
        <>
          <p className="text-slate-700">{t("summaryComing", { physicianName })}</p>
          {summaryHref && (
            <Link href={summaryHref} className={`${primaryActionClassName} min-h-11`}>
              {t("viewSummary")}
            </Link>
          )}
        </>
      )}
      {(role === "guest" || role === "interpreter") && <p className="text-slate-700">{t("guestThanks")}</p>}
      {role === "physician" && homeHref && (
        <Link href={homeHref} className={`${primaryActionClassName} min-h-11`}>
          {t("backToMyDay")}
        </Link>
      )}
    </VisitNoticePanel>
  );
}
