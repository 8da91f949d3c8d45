import type { Metadata } from "next";
import { AccessReviewEntry } from "@/components/admin/AccessReviewEntry";
import { PageHeader } from "@/components/PageHeader";
import { listAccessReviews } from "@/lib/audit/access-reviews";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Access reviews" };

export default async function AccessReviewsPage() {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/reviews" });
  const { pending, acknowledged } = await listAccessReviews(getDb(), context);
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Access reviews"
        description="Every use of break-glass access to a chart, and every physician account an administrator created or re-enabled. Check each one and acknowledge it with a comment."
      />
      <section aria-labelledby="reviews-pending" className="space-y-4">
        <h2 id="reviews-pending" className="text-lg font-semibold text-slate-900">
          Waiting for review ({pending.length})
        </h2>
        {pending.length === 0 ? (
          <p className="text-slate-700">Nothing is waiting for review.</p>
        ) : (
          pending.map((item) => <AccessReviewEntry key={item.id} item={item} />)
        )}
      </section>
      <section aria-labelledby="reviews-acknowledged" className="space-y-4">
        <h2 id="reviews-acknowledged" className="text-lg font-semibold text-slate-900">
          Recently acknowledged
        </h2>
        {acknowledged.length === 0 ? (
          <p className="text-slate-700">None yet.</p>
        ) : (
          acknowledged.map((item) => <AccessReviewEntry key={item.id} item={item} />)
        )}
      </section>
    </div>
  );
}
