"use server";

import { notFound, redirect } from "next/navigation";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";
import { claimWaitlistOffer, claimWaitlistOfferRequest } from "@/lib/scheduling/waitlist";

/** The offer page's one button: the booked visit then shows in the patient's visits; a refusal (taken, spent) on the offer's page. */
export async function claimWaitlistOfferAction(formData: FormData): Promise<never> {
  const parsed = claimWaitlistOfferRequest.safeParse({ token: formData.get("token") });
  if (!parsed.success) notFound();
  try {
    await claimWaitlistOffer(getDb(), await getRequestContext(), parsed.data);
  } catch (error) {
    if (!asAppError(error)) throw error;
    redirect(`/waitlist-offer/${parsed.data.token}`);
  }
  redirect("/patient");
}
