import Link from "next/link";
import { secondaryActionClassName } from "@/components/actionStyles";

/**
 * "Print day sheet" and "Export week (CSV)" for what the calendar shows: the
 * day (or the week's first day) and the physicians chosen, in the calendar's
 * zone. The export takes one physician or all of them.
 */
export function FrontDeskTakeaways({
  date,
  weekStart,
  timeZone,
  physicianIds,
  allPhysicians,
}: {
  date: string;
  weekStart: string;
  timeZone: string;
  physicianIds: string[];
  allPhysicians: boolean;
}) {
  const sheetQuery = new URLSearchParams({ date });
  if (!allPhysicians && physicianIds.length > 0) sheetQuery.set("physicianIds", physicianIds.join(","));
  const exportQuery = new URLSearchParams({ week: weekStart, timeZone });
  if (physicianIds.length === 1 && !allPhysicians) exportQuery.set("physicianId", physicianIds[0]!);
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
