"use server";

import { acknowledgeReview, acknowledgeReviewInput } from "@/lib/audit/access-reviews";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";

export interface AcknowledgeReviewState {
  outcome: "success" | "error" | null;
  message: string;
  /** Counts submissions, so the same message twice in a row is announced twice. */
  attempt: number;
}

export async function acknowledgeReviewAction(previous: AcknowledgeReviewState, formData: FormData): Promise<AcknowledgeReviewState> {
  const attempt = previous.attempt + 1;
  const parsed = acknowledgeReviewInput.safeParse({ reviewId: formData.get("reviewId"), comment: formData.get("comment") });
  if (!parsed.success) return { outcome: "error", message: parsed.error.issues[0]!.message, attempt };
  try {
    await acknowledgeReview(getDb(), await getRequestContext(), parsed.data);
  } catch (error) {
    // The policy's and the queue's refusals are written for people.
    const refusal = asAppError(error);
    if (refusal) return { outcome: "error", message: refusal.message, attempt };
    throw error;
  }
  // The entry stays where it is, saying so, until the page is next loaded: moving it now would take the focus with it.
  return { outcome: "success", message: "Acknowledged, with your comment.", attempt };
}
