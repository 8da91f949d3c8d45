import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { PageHeader } from "@/components/PageHeader";
import { PhysicianInboxView } from "@/components/inbox/PhysicianInboxView";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { physicianInbox } from "@/lib/orders/inbox";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";

export const metadata: Metadata = { title: "Results and tasks" };

export default async function PhysicianInboxPage() {
  const context = await requireSignedIn({ roles: ["PHYSICIAN"], returnTo: "/physician/inbox" });
  const physician = (await listPhysicianDirectory()).find((entry) => entry.id === context.actor.physicianId);
  if (!physician) forbidden();
  const inbox = await orPageError(physicianInbox(getDb(), context));
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.PHYSICIAN}
        title="Results and tasks"
        description={`New results to sign off (critical and abnormal first), your unsigned notes, and your orders still waiting. Times are in your zone, ${physician.timeZone.replaceAll("_", " ")}.`}
      />
      <PhysicianInboxView inbox={inbox} timeZone={physician.timeZone} />
    </div>
  );
}
