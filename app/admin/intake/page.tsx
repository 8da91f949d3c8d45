import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { QuestionnaireEditor } from "@/components/intake/QuestionnaireEditor";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listQuestionnaires } from "@/lib/intake/questionnaires";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Check-in questions" };

export default async function IntakeQuestionnairesPage() {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/intake" });
  const visitTypes = await listQuestionnaires(getDb(), context);
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Check-in questions"
        description="What patients are asked before each kind of video visit, in English and Spanish. Publishing makes a new version; check-ins already answered keep the version they answered."
      />
      {visitTypes.map((visitType) => (
        <section key={visitType.visitTypeId} aria-labelledby={`visit-type-${visitType.visitTypeId}`} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id={`visit-type-${visitType.visitTypeId}`} className="text-lg font-semibold text-slate-900">
            {visitType.visitTypeName}
          </h2>
          <QuestionnaireEditor
            visitTypeId={visitType.visitTypeId}
            visitTypeName={visitType.visitTypeName}
            version={visitType.current?.version ?? 0}
            questions={visitType.current?.questions ?? []}
          />
        </section>
      ))}
    </div>
  );
}
