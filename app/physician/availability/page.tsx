import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { PageHeader } from "@/components/PageHeader";
import { AvailabilityEditor } from "@/components/scheduling/AvailabilityEditor";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { getAvailability } from "@/lib/scheduling/availability";

export const metadata: Metadata = { title: "My availability" };

export default async function PhysicianAvailabilityPage() {
  const context = await requireSignedIn({ roles: ["PHYSICIAN"], returnTo: "/physician/availability" });
  // A physician account without its Physician record has no hours to edit.
  if (context.actor.physicianId === null) forbidden();
  const availability = await orPageError(getAvailability(getDb(), context, context.actor.physicianId));
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.PHYSICIAN}
        title="My availability"
        description="When patients can book you: the hours you work each week, and the days that differ."
      />
      <AvailabilityEditor physicianName={context.actor.name} availability={availability} />
    </div>
  );
}
