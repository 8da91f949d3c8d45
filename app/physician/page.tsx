import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/PageHeader";
import { PrintButton } from "@/components/PrintButton";
import { DayNavigation } from "@/components/scheduling/DayNavigation";
import { MyDayList } from "@/components/scheduling/MyDayList";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { physicianDay } from "@/lib/scheduling/calendar";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";
import { isIsoDate, localDateOf } from "@/lib/scheduling/zoned-time";
import { schedulingNow } from "@/lib/scheduling/clock";

export const metadata: Metadata = { title: "My day" };

// A date that is not YYYY-MM-DD is ignored rather than refused: the page shows today.
const query = z.object({ date: z.string().refine(isIsoDate).optional().catch(undefined) });

export default async function PhysicianHomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const context = await requireSignedIn({ roles: ["PHYSICIAN"], returnTo: "/physician" });
  const physician = (await listPhysicianDirectory()).find((entry) => entry.id === context.actor.physicianId);
  if (!physician) forbidden();
  // "Today" is the physician's own calendar day, wherever the server is.
  const today = localDateOf(schedulingNow(), physician.timeZone);
  const { date = today } = query.parse(await searchParams);
  const day = await orPageError(physicianDay(getDb(), context, { date }));
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.PHYSICIAN}
        title="My day"
        description={`Your visits in order, with who has checked in, is waiting or is late, kept up to date as it happens. Times are in your zone, ${physician.timeZone.replaceAll("_", " ")}.`}
      />
      <div className="flex flex-wrap items-center justify-between gap-4">
        <DayNavigation date={date} today={today} path="/physician" />
        <PrintButton label="Print my day" />
      </div>
      {/* Keyed by date: another day's list starts its own polling and compares only its own readings. */}
      <MyDayList key={date} day={day} />
    </div>
  );
}
