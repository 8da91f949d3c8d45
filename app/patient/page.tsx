import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { UpcomingVisits } from "@/components/scheduling/UpcomingVisits";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { listVisitTypes } from "@/lib/scheduling/availability";
import { patientUpcoming } from "@/lib/scheduling/calendar";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";
import { zoneName } from "@/lib/scheduling/time-format";

export const metadata: Metadata = { title: "Your visits" };

export default async function PatientHomePage() {
  const context = await requireSignedIn({ roles: ["PATIENT"], returnTo: "/patient" });
  const db = getDb();
  const now = new Date();
  const [visits, physicians, visitTypes] = await Promise.all([
    orPageError(patientUpcoming(db, context, { now })),
    listPhysicianDirectory(),
    listVisitTypes(db),
  ]);
  // patientUpcoming names the physician and visit type; moving a visit needs their ids for the free-time search.
  const entries = visits.map((visit) => ({
    ...visit,
    physicianId: physicians.find((physician) => physician.name === visit.physicianName)?.id ?? null,
    visitTypeId: visitTypes.find((visitType) => visitType.name === visit.visitTypeName)?.id ?? null,
  }));
  const timeZone = visits[0]?.timeZone;
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.PATIENT}
        title="Your visits"
        description={
          timeZone
            ? `Your video visits with the clinic. Times are in your time zone, ${timeZone.replaceAll("_", " ")} (${zoneName(now, timeZone)}).`
            : "Your video visits with the clinic."
        }
      />
      <UpcomingVisits visits={entries} now={now} />
    </div>
  );
}
