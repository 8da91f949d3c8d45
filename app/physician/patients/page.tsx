import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { PageHeader } from "@/components/PageHeader";
import { TextField } from "@/components/TextField";
import { requireSignedIn } from "@/lib/auth/guards";
import { findPatientByMrn, patientLookupInput } from "@/lib/chart/patient-lookup";
import { getDb } from "@/lib/db/client";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Find a patient" };

// A form that GETs this page: the number is in the address, so going back works.
export default async function FindPatientPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const context = await requireSignedIn({ roles: ["PHYSICIAN"], returnTo: "/physician/patients" });
  const { mrn } = await searchParams;
  let problem: string | null = null;
  if (typeof mrn === "string") {
    const parsed = patientLookupInput.safeParse({ mrn });
    const patientId = parsed.success ? await findPatientByMrn(getDb(), context, parsed.data) : null;
    if (patientId) redirect(`/physician/patients/${patientId}`);
    problem = parsed.success ? "No patient has this medical record number. Check it and try again." : parsed.error.issues[0]!.message;
  }
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.PHYSICIAN}
        title="Find a patient"
        description="Open a patient's chart by their medical record number, from their wristband or a referral. Outside your care relationship you will be asked for break-glass access."
      />
      <form method="get" className="max-w-md space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        {problem && <FormAlert tone="error">{problem}</FormAlert>}
        <TextField
          id="mrn"
          name="mrn"
          label="Medical record number"
          hint="For example MRN-000123."
          defaultValue={typeof mrn === "string" ? mrn : ""}
          required
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className={primaryActionClassName}>
          Open the chart
        </button>
      </form>
    </div>
  );
}
