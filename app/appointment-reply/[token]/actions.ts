"use server";

import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { clientInfoFrom } from "@/lib/auth/client-info";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";
import { appointmentReplyRequest, replyToAppointment } from "@/lib/scheduling/appointment-reply";

/** The reply page's one button. Its page then shows what became of the visit, or why the link no longer works. */
export async function replyToAppointmentAction(formData: FormData): Promise<never> {
  const parsed = appointmentReplyRequest.safeParse({ token: formData.get("token") });
  if (!parsed.success) notFound();
  try {
    await replyToAppointment(getDb(), clientInfoFrom(await headers()), parsed.data);
  } catch (error) {
    // A refused link (spent, expired, changed meanwhile) is what the page explains when it reloads.
    if (!asAppError(error)) throw error;
  }
  redirect(`/appointment-reply/${parsed.data.token}`);
}
