import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { VisitPage } from "@/components/visits/VisitPage";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { getPatientVisitView } from "@/lib/notes/after-visit-summary";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("visit");
  return { title: t("pageTitle") };
}

export default async function PatientVisitPage({ params }: { params: Promise<{ appointmentId: string }> }) {
  const { appointmentId } = await params;
  const context = await requireSignedIn({ roles: ["PATIENT"], returnTo: `/patient/visits/${appointmentId}` });
  const { visit, summary } = await orPageError(getPatientVisitView(getDb(), context, appointmentId));
  return <VisitPage visit={visit} summary={summary} credentials={{ kind: "session" }} now={new Date()} />;
}
