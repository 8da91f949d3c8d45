import type { AccessReviewItem, ReviewPerson } from "@/lib/audit/access-reviews";
import { ACKNOWLEDGEMENT_MAX } from "@/lib/audit/access-reviews";
import { AcknowledgeReviewForm } from "./AcknowledgeReviewForm";

const TITLES: Record<AccessReviewItem["kind"], string> = {
  BREAK_GLASS: "Break-glass access",
  CLINICAL_ACCOUNT_CREATED: "New physician account",
  CLINICAL_ACCOUNT_ENABLED: "Physician account re-enabled",
};

/** "2026-12-03 17:10 UTC": the queue shows every time in one zone, named. */
function utc(instant: Date): string {
  return `${instant.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function who(person: ReviewPerson): string {
  return person.name ? `${person.name} (${person.email})` : `Account ${person.id}, no longer present`;
}

/**
 * One entry of the access review queue: what happened, who did it, when and
 * why, and which patient record (by id: administrators see no chart). Pending
 * entries end with the form that acknowledges them.
 */
export function AccessReviewEntry({ item }: { item: AccessReviewItem }) {
  const headingId = `review-${item.id}`;
  const detailsId = `review-${item.id}-details`;
  const title = `${TITLES[item.kind]}: ${item.subject.name ?? item.subject.id}`;
  return (
    <article aria-labelledby={headingId} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h3 id={headingId} className="font-semibold text-slate-900">
        {title}
      </h3>
      <dl id={detailsId} className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">When</dt>
        <dd className="text-slate-900">{utc(item.occurredAt)}</dd>
        {item.breakGlass ? (
          <>
            <dt className="font-medium text-slate-700">Physician</dt>
            <dd className="text-slate-900">{who(item.actor)}</dd>
            <dt className="font-medium text-slate-700">Patient record</dt>
            <dd className="font-mono text-slate-900">{item.breakGlass.patientId}</dd>
            <dt className="font-medium text-slate-700">Open until</dt>
            <dd className="text-slate-900">{utc(item.breakGlass.expiresAt)}</dd>
            <dt className="font-medium text-slate-700">Reason</dt>
            <dd className="text-slate-900">{item.breakGlass.reason}</dd>
            <dt className="font-medium text-slate-700">In their words</dt>
            <dd className="whitespace-pre-wrap text-slate-900">{item.breakGlass.reasonText}</dd>
          </>
        ) : (
          <>
            <dt className="font-medium text-slate-700">Account</dt>
            <dd className="text-slate-900">{who(item.subject)}</dd>
            <dt className="font-medium text-slate-700">By administrator</dt>
            <dd className="text-slate-900">{who(item.actor)}</dd>
          </>
        )}
        {item.acknowledged && (
          <>
            <dt className="font-medium text-slate-700">Acknowledged</dt>
            <dd className="text-slate-900">
              {utc(item.acknowledged.at)} by {who(item.acknowledged.by)}
            </dd>
            <dt className="font-medium text-slate-700">Comment</dt>
            <dd className="whitespace-pre-wrap text-slate-900">{item.acknowledged.comment}</dd>
          </>
        )}
      </dl>
      {!item.acknowledged && <AcknowledgeReviewForm reviewId={item.id} maxLength={ACKNOWLEDGEMENT_MAX} describedBy={headingId} />}
    </article>
  );
}
