import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { LicenseForm } from "@/components/admin/LicenseForm";
import { LicensureModeForm } from "@/components/admin/LicensureModeForm";
import { PhysicianLicenseList } from "@/components/admin/PhysicianLicenseList";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listClinicLicensure } from "@/lib/licensure/licenses";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Licensure" };

export default async function LicensurePage() {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/licensure" });
  const { mode, physicians } = await listClinicLicensure(getDb(), context);
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Licensure"
        description="A video visit takes place where the patient is. Record the states each physician is licensed in; before admitting a patient, the physician sees whether they are licensed where the patient says they are."
      />
      <section aria-labelledby="licensure-rule" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="licensure-rule" className="text-lg font-semibold text-slate-900">
          Clinic rule
        </h2>
        <LicensureModeForm mode={mode} />
      </section>
      <section aria-labelledby="add-licence" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="add-licence" className="text-lg font-semibold text-slate-900">
          Add or renew a licence
        </h2>
        <LicenseForm physicians={physicians} />
      </section>
      <section aria-labelledby="physicians-licences" className="space-y-4">
        <h2 id="physicians-licences" className="text-lg font-semibold text-slate-900">
          Physicians&apos; licences
        </h2>
        <PhysicianLicenseList physicians={physicians} />
      </section>
    </div>
  );
}
