"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientInfoFrom } from "@/lib/auth/client-info";
import { acceptInvitation } from "@/lib/auth/links/invitations";
import { getDb } from "@/lib/db/client";

export interface AcceptInvitationState {
  error: string | null;
  /** Counts submissions, so the same error twice in a row is announced twice. */
  attempt: number;
}

const acceptInvitationInput = z
  .object({
    token: z.string().max(100),
    // The password policy gives the real limits; this only bounds the request.
    password: z.string().min(1, "Enter a password.").max(1024, "That password is too long."),
    confirmation: z.string(),
  })
  .refine((input) => input.password === input.confirmation, { message: "The two passwords do not match." });

export async function acceptInvitationAction(previous: AcceptInvitationState, formData: FormData): Promise<AcceptInvitationState> {
  const attempt = previous.attempt + 1;
  const parsed = acceptInvitationInput.safeParse({
    token: formData.get("token"),
    password: formData.get("password"),
    confirmation: formData.get("confirmation"),
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form and try again.", attempt };

  const { token, password } = parsed.data;
  const result = await acceptInvitation(getDb(), token, password, new Date(), clientInfoFrom(await headers()));
  if (!result.ok) return { error: result.error, attempt };
  redirect("/sign-in");
}
