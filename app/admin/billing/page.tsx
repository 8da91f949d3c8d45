import type { Metadata } from "next";
import { primaryActionClassName } from "@/components/actionStyles";
import { PayerRules } from "@/components/admin/PayerRules";
import { PageHeader } from "@/components/PageHeader";
import { TextField } from "@/components/TextField";
import { requireSignedIn } from "@/lib/auth/guards";
import { listPayerRules } from "@/lib/billing/billing";
import { getDb } from "@/lib/db/client";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Billing" };

export default async function AdminBillingPage() {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/billing" });
  const rules = await listPayerRules(getDb(), context);
  const today = new Date().toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 8)}01`;
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Billing"
        description="Each signed telehealth visit is billed with place of service 10 (patient at home) or 02 (elsewhere) and the modifier its payer's rule names for video or audio-only. Export signed visits for the billing system."
      />
      <section aria-labelledby="billing-export" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="billing-export" className="text-lg font-semibold text-slate-900">
          Export signed visits (CSV)
        </h2>
        <form method="get" action="/api/admin/billing/export" className="grid gap-4 sm:grid-cols-3 sm:items-end">
          <TextField id="billing-from" name="from" type="date" label="First day (UTC)" required defaultValue={monthStart} />
          <TextField id="billing-to" name="to" type="date" label="Last day (UTC)" required defaultValue={today} />
          <button type="submit" className={primaryActionClassName}>
            Download CSV
          </button>
        </form>
      </section>
      <section aria-labelledby="payer-rules" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="payer-rules" className="text-lg font-semibold text-slate-900">
          Payer rules
        </h2>
        <p className="text-slate-700">
          A payer without rows of its own follows the default (&quot;*&quot;) rows. Payers change these rules: check each payer&apos;s current telehealth policy.
        </p>
        <PayerRules rules={rules} />
      </section>
    </div>
  );
}
