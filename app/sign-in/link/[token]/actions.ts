"use server";

import { CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { signInLinkToken } from "@/lib/auth/links/sign-in-links";
import { signIn, SIGN_IN_LINK_PROVIDER } from "@/lib/auth/sessions/auth";
import { ROLE_HOMES } from "@/lib/navigation";

export interface SignInWithLinkState {
  error: string | null;
  /** Counts submissions, so the same error twice in a row is announced twice. */
  attempt: number;
}

export async function signInWithLinkAction(previous: SignInWithLinkState, formData: FormData): Promise<SignInWithLinkState> {
  const attempt = previous.attempt + 1;
  const token = signInLinkToken.safeParse(formData.get("token"));
  const unusable = async () => ({ error: (await getTranslations("signIn.link"))("unusable"), attempt });
  if (!token.success) return unusable();
  try {
    await signIn(SIGN_IN_LINK_PROVIDER, { token: token.data, redirect: false });
  } catch (error) {
    if (!(error instanceof CredentialsSignin)) throw error;
    return unusable();
  }
  // Outside the try: redirect() works by throwing. Links sign in patients only.
  redirect(ROLE_HOMES.PATIENT);
}
