import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { IntegrationClientList } from "@/components/admin/IntegrationClientList";
import { RegisterIntegrationForm } from "@/components/admin/RegisterIntegrationForm";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listClients } from "@/lib/fhir/smart/clients";
import { SUPPORTED_SCOPES } from "@/lib/fhir/smart/scopes";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/integrations" });
  const clients = await listClients(getDb(), context);
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Integrations"
        description="Systems that read the clinic's records through the FHIR API (SMART Backend Services). Each signs its token requests with a key registered here; every read is in the audit trail."
      />
      <section aria-labelledby="register-integration" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="register-integration" className="text-lg font-semibold text-slate-900">
          Register an integration
        </h2>
        <RegisterIntegrationForm scopes={SUPPORTED_SCOPES} />
      </section>
      <section aria-labelledby="registered-integrations" className="space-y-4">
        <h2 id="registered-integrations" className="text-lg font-semibold text-slate-900">
          Registered integrations
        </h2>
        <IntegrationClientList clients={clients} />
      </section>
    </div>
  );
}
