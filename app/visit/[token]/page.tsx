import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { VisitPage } from "@/components/visits/VisitPage";
import { getVisitLinkContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { getPatientVisitView } from "@/lib/notes/after-visit-summary";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("visit");
  return { title: t("pageTitle"), robots: { index: false } };
}

// The token in the URL is the patient's only credential here; the page never
// links elsewhere with it, and Referrer-Policy keeps it from leaking. The video
// room sends it to our visit APIs in the Authorization header.
export default async function VisitLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const context = await getVisitLinkContext(token);
  if (context.actor.kind !== "visitLink") notFound();
  const { appointmentId } = context.actor;
  const { visit, summary } = await orPageError(getPatientVisitView(getDb(), context, appointmentId));
  return <VisitPage visit={visit} summary={summary} credentials={{ kind: "visitLink", token }} now={new Date()} />;
}
