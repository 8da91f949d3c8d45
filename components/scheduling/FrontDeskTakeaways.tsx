"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useSyncExternalStore } from "react";
import { secondaryActionClassName } from "@/components/actionStyles";
import { isIsoDate, isValidTimeZone, localDateOf } from "@/lib/scheduling/zoned-time";

const noSubscription = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * "Print day sheet" and "Export week (CSV)" beside the calendar's heading. The
 * week, zone and physician come from the address when the calendar puts them
 * there (?week=YYYY-MM-DD&timeZone=…&physicianId=…), else this week in the
 * browser's zone for every physician; the server cannot know the browser's zone.
 */
export function FrontDeskTakeaways({ now }: { now: string }) {
  const browserZone = useSyncExternalStore(noSubscription, browserTimeZone, () => null);
  const params = useSearchParams();
  const askedZone = params.get("timeZone");
  const timeZone = askedZone && isValidTimeZone(askedZone) ? askedZone : browserZone;
  if (!timeZone) return null;
  const askedWeek = params.get("week");
  const today = localDateOf(new Date(now), timeZone);
  const week = askedWeek && isIsoDate(askedWeek) ? askedWeek : today;
  const exportQuery = new URLSearchParams({ week, timeZone });
  const physicianId = params.get("physicianId");
  if (physicianId) exportQuery.set("physicianId", physicianId);
  const sheetQuery = new URLSearchParams({ date: today });
  if (physicianId) sheetQuery.set("physicianIds", physicianId);
  return (
    <nav aria-label="Print and export" className="flex flex-wrap gap-3">
      <Link href={`/scheduler/day-sheet?${sheetQuery}`} className={secondaryActionClassName}>
        Print day sheet
      </Link>
      {/* A download, not a page: the browser saves the file the server names. */}
      <a href={`/api/appointments/export?${exportQuery}`} download className={secondaryActionClassName}>
        Export week (CSV)
      </a>
    </nav>
  );
}
