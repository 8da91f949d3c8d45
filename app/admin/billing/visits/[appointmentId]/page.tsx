import type { Metadata } from "next";
import { SuperbillView } from "@/components/billing/SuperbillView";
import { PageHeader } from "@/components/PageHeader";
import { requireSignedIn } from "@/lib/auth/guards";
import { getSuperbill } from "@/lib/billing/billing";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Superbill" };

export default async function AdminSuperbillPage({ params }: { params: Promise<{ appointmentId: string }> }) {
  const { appointmentId } = await params;
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: `/admin/billing/visits/${appointmentId}` });
  const bill = await orPageError(getSuperbill(getDb(), context, { appointmentId }));
  return (
    <div className="space-y-6">
      <div className="print:hidden">
        <PageHeader eyebrow={AREA_NAMES.ADMIN} title={`Superbill: ${bill.patient.name}`} description={`Visit of ${bill.dateOfService}`} />
      </div>
      <SuperbillView bill={bill} />
    </div>
  );
}
