"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { useEffect, useId, useState } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";

// Browsers clamp longer timeouts to fire at once; a page open for weeks just rechecks daily.
const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * "Join visit": a link to the visit page once the room opens, before that a
 * button that says when it will. The server decides the first state; the page
 * then opens it on time without a reload.
 */
export function JoinVisitButton({
  appointmentId,
  opensAt,
  initiallyOpen,
  timeZone,
  visitLabel,
}: {
  appointmentId: string;
  /** ISO instant. */
  opensAt: string;
  initiallyOpen: boolean;
  timeZone: string;
  /** Which visit, for screen readers: every card has a Join button. */
  visitLabel: string;
}) {
  const t = useTranslations("portal.join");
  const locale = useIntlLocale();
  const [open, setOpen] = useState(initiallyOpen);
  const hintId = useId();

  useEffect(() => {
    if (open) return;
    const wait = () =>
      setTimeout(() => {
        if (Date.now() >= Date.parse(opensAt)) setOpen(true);
        else timer = wait();
      }, Math.min(Math.max(Date.parse(opensAt) - Date.now(), 0), MAX_TIMEOUT_MS));
    let timer = wait();
    return () => clearTimeout(timer);
  }, [open, opensAt]);

  if (open) {
    return (
      <Link href={`/patient/visits/${appointmentId}`} className={primaryActionClassName}>
        {t("button")}
        <span className="sr-only">: {visitLabel}</span>
      </Link>
    );
  }
  const opens = new Date(opensAt);
  return (
    <div className="flex flex-wrap items-center gap-3">
      {/* aria-disabled rather than disabled, so keyboard users still reach it and hear when it opens. */}
      <button
        type="button"
        aria-disabled="true"
        aria-describedby={hintId}
        className="inline-flex cursor-not-allowed items-center rounded-md bg-slate-200 px-4 py-2 font-medium text-slate-700"
      >
        {t("button")}
        <span className="sr-only">: {visitLabel}</span>
      </button>
      <span id={hintId} className="text-sm text-slate-700">
        {t("opensAt", { time: `${formatTimeInZone(opens, timeZone, locale)} ${zoneName(opens, timeZone, locale)}` })}
      </span>
    </div>
  );
}
