import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { PatientIntake } from "@/components/intake/PatientIntake";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { orPageError } from "@/lib/http/page-errors";
import { authorizeIntakeStep } from "@/lib/intake/intake";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("intake");
  return { title: t("title") };
}

/** The check-in's questions and photos for a patient signed in to the portal; then on to the visit. */
export default async function PatientIntakePage({ params }: { params: Promise<{ appointmentId: string }> }) {
  const { appointmentId } = await params;
  const context = await requireSignedIn({ roles: ["PATIENT"], returnTo: `/patient/visits/${appointmentId}/intake` });
  if (!recordId.safeParse(appointmentId).success) notFound();
  await orPageError(authorizeIntakeStep(getDb(), context, appointmentId));
  return <PatientIntake appointmentId={appointmentId} />;
}
