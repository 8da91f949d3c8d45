"use server";

import { notFound, redirect } from "next/navigation";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { joinWaitlist, joinWaitlistRequest } from "@/lib/scheduling/waitlist";

/** The portal's "Join the waitlist": the page then lists the physician among the patient's waitlists. */
export async function joinWaitlistAction(formData: FormData): Promise<never> {
  const parsed = joinWaitlistRequest.safeParse({ physicianId: formData.get("physicianId") });
  if (!parsed.success) notFound();
  await orPageError(
    getRequestContext().then((context) => joinWaitlist(getDb(), context, parsed.data)),
    "/patient",
  );
  redirect("/patient");
}
