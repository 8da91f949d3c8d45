"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signInWithLinkAction, type SignInWithLinkState } from "@/app/sign-in/link/[token]/actions";
import { primaryActionClassName } from "./actionStyles";
import { FormAlert } from "./FormAlert";

const START: SignInWithLinkState = { error: null, attempt: 0 };

/** The one button that spends an emailed sign-in link. */
export function SignInWithLinkForm({ token }: { token: string }) {
  const t = useTranslations("signIn");
  const [state, formAction, pending] = useActionState(signInWithLinkAction, START);
  return (
    <form action={formAction} className="space-y-5">
      {state.error && (
        <FormAlert key={state.attempt} tone="error">
          {state.error}
        </FormAlert>
      )}
      <input type="hidden" name="token" value={token} />
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? t("signingIn") : t("signIn")}
      </button>
    </form>
  );
}
