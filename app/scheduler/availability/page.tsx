import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/PageHeader";
import { AvailabilityEditor } from "@/components/scheduling/AvailabilityEditor";
import { PhysicianChooser } from "@/components/scheduling/PhysicianChooser";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { getAvailability, listVisitTypes } from "@/lib/scheduling/availability";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";

export const metadata: Metadata = { title: "Availability" };

const query = z.object({ physician: recordId.optional().catch(undefined) });

export default async function SchedulerAvailabilityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const context = await requireSignedIn({ roles: ["SCHEDULER"], returnTo: "/scheduler/availability" });
  const { physician: requestedId } = query.parse(await searchParams);
  const physicians = await listPhysicianDirectory();
  const selected = requestedId === undefined ? physicians[0] : physicians.find((physician) => physician.id === requestedId);
  if (!selected) notFound();
  const [availability, visitTypes] = await Promise.all([orPageError(getAvailability(getDb(), context, selected.id)), listVisitTypes(getDb())]);
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.SCHEDULER}
        title="Availability"
        description="Each physician's weekly hours, days off and one-off changes, and the visit types they offer. Free times in the calendar follow from these."
      />
      <PhysicianChooser physicians={physicians} selectedId={selected.id} />
      {/* Keyed, so the forms start afresh for another physician. */}
      <AvailabilityEditor key={selected.id} physicianName={selected.name} availability={availability} visitTypes={visitTypes} />
    </div>
  );
}
