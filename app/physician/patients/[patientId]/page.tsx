import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { BreakGlassForm } from "@/components/chart/BreakGlassForm";
import { BreakGlassNotice } from "@/components/chart/BreakGlassNotice";
import { ChartPanel } from "@/components/chart/ChartPanel";
import { asJson } from "@/components/chart/types";
import { PageHeader } from "@/components/PageHeader";
import { AccessDeniedError } from "@/lib/auth/access";
import { currentBreakGlassGrant } from "@/lib/auth/break-glass/grants";
import { careSettings } from "@/lib/auth/care-settings";
import { requireSignedIn } from "@/lib/auth/guards";
import { FREQUENCIES } from "@/lib/chart/prescription-rules";
import { getChartSummary } from "@/lib/chart/summary";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";

export const metadata: Metadata = { title: "Patient chart" };

// A patient's chart outside a visit. Inside the care relationship it opens;
// outside it the physician may break the glass (a reason and a fresh code),
// and the chart then opens until the grant runs out.
export default async function PatientChartPage({ params }: { params: Promise<{ patientId: string }> }) {
  const { patientId } = await params;
  const context = await requireSignedIn({ roles: ["PHYSICIAN"], returnTo: `/physician/patients/${encodeURIComponent(patientId)}` });
  if (!recordId.safeParse(patientId).success) notFound();
  const physician = (await listPhysicianDirectory()).find((entry) => entry.id === context.actor.physicianId);
  if (!physician) forbidden();
  const db = getDb();
  const summary = await orPageError(
    getChartSummary(db, context, { patientId }).catch((error: unknown) => {
      // Outside the care relationship: offer break-glass instead of the chart.
      if (error instanceof AccessDeniedError && error.breakGlassAvailable) return null;
      throw error;
    }),
  );
  const grant = summary?.breakGlass ? await currentBreakGlassGrant(db, context, patientId) : null;
  const name = summary && `${summary.patient.givenName} ${summary.patient.familyName}`;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={AREA_NAMES.PHYSICIAN}
        title={name ? `${name}'s chart` : "Break-glass access"}
        description={
          summary
            ? `${summary.patient.mrn}. Times are in your zone, ${physician.timeZone.replaceAll("_", " ")}.`
            : "You have no current care relationship with this patient: no visit with you in the coming days, and none completed recently."
        }
      />
      {summary ? (
        <>
          {grant && <BreakGlassNotice expiresAt={grant.expiresAt} timeZone={physician.timeZone} />}
          <ChartPanel patientId={patientId} timeZone={physician.timeZone} frequencies={FREQUENCIES} initialSummary={asJson(summary)} />
        </>
      ) : (
        <BreakGlassForm patientId={patientId} minutes={careSettings().breakGlassMs / 60_000} />
      )}
    </div>
  );
}
