"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { useRef, useState } from "react";
import type { UpcomingVisit } from "@/lib/scheduling/calendar";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { JoinVisitButton } from "./JoinVisitButton";
import { canCancel, canMove } from "./status";
import { panelClassName } from "./styles";
import { VisitChanges } from "./VisitChanges";

/** An upcoming visit with what it takes to look up free times of the same physician and visit type. */

/**
 * The patient's visits that have not ended, in their own zone: join when the
 * room opens, move to another free time, or cancel. After a change the list
 * reloads and focus returns to its heading, with the outcome announced.
 */
export function UpcomingVisits({ visits, now }: { visits: UpcomingVisit[]; now: Date }) {
  const t = useTranslations("portal");
  const locale = useIntlLocale();
  const router = useRouter();
  const [outcome, setOutcome] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  const changed = (message: string) => {
    setOutcome(message);
    router.refresh();
    heading.current?.focus();
  };

  return (
    <section aria-labelledby="upcoming-visits" className="space-y-4">
      <h2 id="upcoming-visits" ref={heading} tabIndex={-1} className="text-xl font-semibold text-slate-900">
        {t("upcoming.heading")}
      </h2>
      <p role="status" className="font-medium text-emerald-900">
        {outcome}
      </p>
      {visits.length === 0 ? (
        <p className="text-slate-700">{t("upcoming.none")}</p>
      ) : (
        <ul className="space-y-4">
          {visits.map((visit) => {
            const when = formatDateTimeInZone(visit.startsAt, visit.timeZone, locale);
            const label = t("visitLabel", { visitType: visit.visitTypeName.toLowerCase(), physicianName: visit.physicianName, when });
            return (
              <li key={visit.id} className={`${panelClassName} space-y-4`}>
                <div className="space-y-1">
                  <h3 className="text-lg font-semibold text-slate-900">
                    {t("visitHeading", { visitType: visit.visitTypeName, physicianName: visit.physicianName })}
                  </h3>
                  <p className="text-slate-900">{when}</p>
                  <p className="text-sm text-slate-700">{t("upcoming.status", { status: visit.status })}</p>
                </div>
                <JoinVisitButton
                  appointmentId={visit.id}
                  opensAt={visit.joinOpensAt.toISOString()}
                  initiallyOpen={now >= visit.joinOpensAt}
                  timeZone={visit.timeZone}
                  visitLabel={label}
                />
                <VisitChanges
                  appointmentId={visit.id}
                  timeZone={visit.timeZone}
                  visitLabel={label}
                  canMove={canMove(visit.status)}
                  canCancel={canCancel(visit.status)}
                  onChanged={changed}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
