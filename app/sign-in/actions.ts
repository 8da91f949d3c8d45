"use server";

import { CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/sessions/auth";
import { signInInput, type SignInFailure } from "@/lib/auth/sign-in/sign-in";
import { findSignInDestination } from "@/lib/auth/sign-in/sign-in-destination";
import { getDb } from "@/lib/db/client";

export interface SignInFormState {
  /** "code" once the password was right and the account asks for a second factor. */
  step: "password" | "code";
  error: string | null;
  /** Counts submissions, so the form can announce a repeated error again. */
  attempt: number;
}

const signInForm = signInInput.extend({
  // People type codes as they see them, "123 456"; neither TOTP nor recovery codes contain spaces.
  code: z.string().max(64).optional().transform((code) => code?.replace(/\s/g, "") || undefined),
  returnTo: z.string().max(2000).optional(),
});

// Never say whether the account exists: a wrong password and an unknown email read the same.
const FAILURES: Record<SignInFailure, Omit<SignInFormState, "attempt">> = {
  invalid: { step: "password", error: "Email or password is incorrect." },
  locked: { step: "password", error: "Too many failed attempts. Try again in 15 minutes." },
  mfa_required: { step: "code", error: null },
  mfa_invalid: { step: "code", error: "That code didn't work. Try again." },
};

function isSignInFailure(code: string): code is SignInFailure {
  return Object.hasOwn(FAILURES, code);
}

export async function signInAction(previous: SignInFormState, formData: FormData): Promise<SignInFormState> {
  const attempt = previous.attempt + 1;
  const parsed = signInForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ...FAILURES.invalid, attempt };
  const { email, password, code, returnTo } = parsed.data;

  try {
    // An absent code must be sent as "": Auth.js would send undefined as the text "undefined".
    await signIn("credentials", { email, password, code: code ?? "", redirect: false });
  } catch (error) {
    if (!(error instanceof CredentialsSignin)) throw error;
    return { ...(isSignInFailure(error.code) ? FAILURES[error.code] : FAILURES.invalid), attempt };
  }
  // Outside the try: redirect() works by throwing.
  redirect(await findSignInDestination(getDb(), email, returnTo ?? null));
}
