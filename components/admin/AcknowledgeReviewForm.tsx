"use client";

import { useActionState, useId } from "react";
import { acknowledgeReviewAction, type AcknowledgeReviewState } from "@/app/admin/reviews/actions";
import { FormAlert } from "@/components/FormAlert";
import { TextAreaField } from "@/components/TextAreaField";

const START: AcknowledgeReviewState = { outcome: null, message: "", attempt: 0 };

/** Acknowledges one entry of the review queue with what the administrator checked; once done, says so in its place. */
export function AcknowledgeReviewForm({ reviewId, maxLength, describedBy }: { reviewId: string; maxLength: number; describedBy: string }) {
  const id = useId();
  const [state, formAction, pending] = useActionState(acknowledgeReviewAction, START);
  if (state.outcome === "success") return <FormAlert tone="success">{state.message}</FormAlert>;
  return (
    <form action={formAction} className="space-y-3">
      {state.outcome && (
        <FormAlert key={state.attempt} tone={state.outcome}>
          {state.message}
        </FormAlert>
      )}
      <input type="hidden" name="reviewId" value={reviewId} />
      <TextAreaField id={`${id}-comment`} name="comment" label="Your comment" required maxLength={maxLength} rows={2} describedBy={describedBy} />
      <button
        type="submit"
        disabled={pending}
        aria-describedby={describedBy}
        className="rounded-md bg-primary-700 px-4 py-2 font-medium text-white hover:bg-primary-800 disabled:opacity-70"
      >
        {pending ? "Acknowledging…" : "Acknowledge"}
      </button>
    </form>
  );
}
