import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { PrintButton } from "@/components/PrintButton";
import { DaySheet } from "@/components/scheduling/DaySheet";
import { DaySheetChooser } from "@/components/scheduling/DaySheetChooser";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { daySheetQuery, schedulerDaySheet } from "@/lib/scheduling/front-desk-sheets";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";

export const metadata: Metadata = { title: "Day sheet" };

export default async function DaySheetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const context = await requireSignedIn({ roles: ["SCHEDULER"], returnTo: "/scheduler/day-sheet" });
  const query = daySheetQuery.parse(await searchParams);
  const [directory, sheet] = await Promise.all([listPhysicianDirectory(), orPageError(schedulerDaySheet(getDb(), context, query))]);
  return (
    <div className="space-y-8 print:space-y-4">
      <div className="print:hidden">
        <PageHeader
          eyebrow={AREA_NAMES.SCHEDULER}
          title="Day sheet"
          description="Each physician's visits for one day, one physician to a printed page. Without a date, each physician's today in their own zone."
        />
      </div>
      <div className="flex flex-wrap items-end gap-4 print:hidden">
        <DaySheetChooser physicians={directory} date={query.date} chosen={query.physicianIds ?? []} />
        <PrintButton label="Print day sheet" />
      </div>
      <DaySheet physicians={sheet} />
    </div>
  );
}
