import type { Metadata } from "next";
import Link from "next/link";
import { primaryActionClassName } from "@/components/actionStyles";
import { PageHeader } from "@/components/PageHeader";
import { TextField } from "@/components/TextField";
import { requireSignedIn } from "@/lib/auth/guards";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Administration" };

const SECTIONS = [
  {
    href: "/admin/users",
    title: "Users",
    description: "Invite staff, give them a role, reset a lost authenticator, and disable the accounts of people who leave.",
  },
  {
    href: "/admin/reviews",
    title: "Access reviews",
    description: "Break-glass uses of patients' charts and new or re-enabled physician accounts, each to check and acknowledge.",
  },
  {
    href: "/admin/licensure",
    title: "Licensure",
    description: "The states each physician is licensed in, with expiry dates, and whether an unlicensed patient location warns or blocks.",
  },
  {
    href: "/admin/integrations",
    title: "Integrations",
    description: "Register the systems that read records through the FHIR API, choose what each may read, and revoke them.",
  },
  {
    href: "/admin/intake",
    title: "Check-in questions",
    description: "What patients are asked before each kind of video visit, in English and Spanish; publish a new version when it changes.",
  },
  {
    href: "/admin/billing",
    title: "Billing",
    description: "The payer rules that decide telehealth modifiers, and the CSV of signed visits for the billing system.",
  },
  {
    href: "/admin/audit",
    title: "Audit trail",
    description: "Who opened which patient's records, when, and whether it was allowed. Filter it and export it as CSV.",
  },
];

export default async function AdminHomePage() {
  await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin" });
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Administration"
        description="Who can use the clinic, and a record of every access to patient information."
      />
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <li key={section.href} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 className="text-lg font-semibold text-slate-900">
              <Link
                href={section.href}
                className="rounded text-primary-700 underline decoration-primary-200 underline-offset-4 hover:text-primary-900 hover:decoration-primary-700"
              >
                {section.title}
              </Link>
            </h2>
            <p className="mt-2 text-slate-700">{section.description}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="records-request" className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="records-request" className="text-lg font-semibold text-slate-900">
          Records request
        </h2>
        <p className="text-slate-700">
          Download one patient&apos;s whole record as a FHIR file, for a request from the patient or their new clinic. The download is in the audit trail.
        </p>
        <form action="/api/admin/patient-record" method="get" className="flex flex-wrap items-end gap-3">
          <TextField id="records-request-mrn" name="mrn" label="Medical record number" required maxLength={64} autoComplete="off" />
          <button type="submit" className={primaryActionClassName}>
            Download record
          </button>
        </form>
      </section>
    </div>
  );
}
