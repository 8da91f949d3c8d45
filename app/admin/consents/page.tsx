import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { PublishConsentForm } from "@/components/admin/PublishConsentForm";
import { StateConsentExpiryForm } from "@/components/admin/StateConsentExpiryForm";
import { requireSignedIn } from "@/lib/auth/guards";
import { listConsentSettings } from "@/lib/checkin/consents";
import { stateName } from "@/lib/geography/us-states";
import { getDb } from "@/lib/db/client";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Consents" };

const KIND_NAMES = { TELEHEALTH: "Telehealth", RECORDING: "Recording" } as const;

export default async function ConsentsPage() {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/consents" });
  const { versions, statePolicies, defaultExpiryMonths } = await listConsentSettings(getDb(), context);
  const published = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Consents"
        description="The consents patients sign at check-in. A published version is never edited: publish a new one, and every patient signs it at their next check-in."
      />
      <section aria-labelledby="consent-versions" className="space-y-4">
        <h2 id="consent-versions" className="text-lg font-semibold text-slate-900">
          Published versions
        </h2>
        {versions.length === 0 ? (
          <p className="text-slate-700">No consent is published yet: patients cannot check in for video visits until a telehealth consent is.</p>
        ) : (
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">Consent</th>
                <th scope="col" className="py-2 pr-4">Version</th>
                <th scope="col" className="py-2 pr-4">Title</th>
                <th scope="col" className="py-2 pr-4">Published (UTC)</th>
                <th scope="col" className="py-2 pr-4">By</th>
                <th scope="col" className="py-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.id} className="border-b border-slate-200">
                  <td className="py-2 pr-4">{KIND_NAMES[version.kind]}</td>
                  <td className="py-2 pr-4">{version.version}</td>
                  <td className="py-2 pr-4">{version.title}</td>
                  <td className="py-2 pr-4">{published.format(version.publishedAt)}</td>
                  <td className="py-2 pr-4">{version.publishedBy}</td>
                  <td className="py-2">{version.current ? "Current" : "Superseded"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="publish-consent" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="publish-consent" className="text-lg font-semibold text-slate-900">
          Publish a new version
        </h2>
        <PublishConsentForm />
      </section>
      <section aria-labelledby="state-expiry" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="state-expiry" className="text-lg font-semibold text-slate-900">
          How long a telehealth consent lasts
        </h2>
        <p className="text-slate-700">
          A consent lasts {defaultExpiryMonths} months unless the state the patient is in at check-in says otherwise. Check each state&apos;s
          current rule before changing it.
        </p>
        {statePolicies.length > 0 && (
          <ul className="list-disc pl-6 text-slate-800">
            {statePolicies.map((policy) => (
              <li key={policy.state}>
                {stateName(policy.state)}: {policy.consentExpiryMonths} months
              </li>
            ))}
          </ul>
        )}
        <StateConsentExpiryForm defaultMonths={defaultExpiryMonths} />
      </section>
    </div>
  );
}
