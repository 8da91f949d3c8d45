"use server";

import { CredentialsSignin } from "next-auth";
import { after } from "next/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { clientInfoFrom } from "@/lib/auth/client-info";
import { requestSignInLink, signInLinkRequestInput } from "@/lib/auth/links/sign-in-links";
import { signIn } from "@/lib/auth/sessions/auth";
import { signInInput, type SignInFailure } from "@/lib/auth/sign-in/sign-in";
import { findSignInDestination } from "@/lib/auth/sign-in/sign-in-destination";
import { getDb } from "@/lib/db/client";

export interface SignInFormState {
  /**
   * "code" once the password was right and the account asks for a second
   * factor; "slowed" while failed attempts slow this account (or address)
   * down, when the password and a code go together.
   */
  step: "password" | "code" | "slowed";
  error: string | null;
  /** Counts submissions, so the form can announce a repeated error again. */
  attempt: number;
}

const signInForm = signInInput.extend({
  // People type codes as they see them, "123 456"; neither TOTP nor recovery codes contain spaces.
  code: z.string().max(64).optional().transform((code) => code?.replace(/\s/g, "") || undefined),
  returnTo: z.string().max(2000).optional(),
});

// Never say whether the account exists: a wrong password and an unknown email
// read the same, and while slowed so do a wrong password and the right one.
// Errors are messages of signIn.errors, in the page's language.
const FAILURES: Record<SignInFailure, { step: SignInFormState["step"]; error: "invalid" | "slowed" | "mfaInvalid" | "mfaSlowed" | null }> = {
  invalid: { step: "password", error: "invalid" },
  slowed: { step: "slowed", error: "slowed" },
  mfa_required: { step: "code", error: null },
  mfa_invalid: { step: "code", error: "mfaInvalid" },
  mfa_slowed: { step: "code", error: "mfaSlowed" },
};

async function failed(failure: SignInFailure, attempt: number): Promise<SignInFormState> {
  const { step, error } = FAILURES[failure];
  const t = await getTranslations("signIn.errors");
  return { step, error: error && t(error), attempt };
}

function isSignInFailure(code: string): code is SignInFailure {
  return Object.hasOwn(FAILURES, code);
}

export async function signInAction(previous: SignInFormState, formData: FormData): Promise<SignInFormState> {
  const attempt = previous.attempt + 1;
  const parsed = signInForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return failed("invalid", attempt);
  const { email, password, code, returnTo } = parsed.data;

  try {
    // An absent code must be sent as "": Auth.js would send undefined as the text "undefined".
    await signIn("credentials", { email, password, code: code ?? "", redirect: false });
  } catch (error) {
    if (!(error instanceof CredentialsSignin)) throw error;
    return failed(isSignInFailure(error.code) ? error.code : "invalid", attempt);
  }
  // Outside the try: redirect() works by throwing.
  redirect(await findSignInDestination(getDb(), email, returnTo ?? null));
}

export type SignInLinkRequestState =
  | { status: "idle" | "error"; message: string | null; attempt: number }
  | { status: "sent"; email: string; attempt: number };

export async function requestSignInLinkAction(
  previous: SignInLinkRequestState,
  formData: FormData,
): Promise<SignInLinkRequestState> {
  const attempt = previous.attempt + 1;
  const parsed = signInLinkRequestInput.safeParse({ email: formData.get("email") ?? "" });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]!.message, attempt };
  const client = clientInfoFrom(await headers());
  // After the response, so that neither the answer nor the time it takes
  // tells whether a link went out.
  after(() => requestSignInLink(getDb(), parsed.data, client));
  return { status: "sent", email: parsed.data.email, attempt };
}
