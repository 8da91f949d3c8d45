import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { SchedulerCalendar } from "@/components/scheduling/SchedulerCalendar";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { AREA_NAMES } from "@/lib/navigation";
import { listVisitTypes } from "@/lib/scheduling/availability";
import { currentLicenseStates, licensureOfPhysicians } from "@/lib/licensure/licenses";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";
import { schedulingNow } from "@/lib/scheduling/clock";

export const metadata: Metadata = { title: "Calendar" };

export default async function SchedulerHomePage() {
  const context = await requireSignedIn({ roles: ["SCHEDULER"], returnTo: "/scheduler" });
  const [directory, visitTypes] = await Promise.all([listPhysicianDirectory(), listVisitTypes(getDb())]);
  const licensure = await licensureOfPhysicians(getDb(), context, directory.map((physician) => physician.id));
  const physicians = directory.map((physician) => ({ ...physician, licensedStates: currentLicenseStates(licensure, physician.id) }));
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.SCHEDULER}
        title="Calendar"
        description="Every physician's visits, free times and where each visit stands. Choose a free time to book it; choose a visit to move or cancel it, or drag it (or press M on it) to another time."
      />
      {/* "Today" is the server's clock, so the calendar and the API agree on it. */}
      <SchedulerCalendar physicians={physicians} visitTypes={visitTypes} now={schedulingNow().toISOString()} />
    </div>
  );
}
