"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, useSyncExternalStore } from "react";
import {
  requestSignInLinkAction,
  signInAction,
  type SignInFormState,
  type SignInLinkRequestState,
} from "@/app/sign-in/actions";
import { primaryActionClassName, secondaryActionClassName } from "./actionStyles";
import { FormAlert } from "./FormAlert";
import { TextField } from "./TextField";

const START: SignInFormState = { step: "password", error: null, attempt: 0 };

const subscribeToNothing = () => () => {};

/** False in the server's HTML, true once React runs the page in the browser. */
function useHydrated(): boolean {
  return useSyncExternalStore(subscribeToNothing, () => true, () => false);
}

/**
 * Email and password, then, for accounts with two-step verification, a code.
 * The email and password are kept here between the two steps and sent again
 * with the code, so the server holds no half-signed-in state. While sign-in is
 * slowed after failed attempts, the code goes with the password, and patients
 * are offered a one-time link by email instead.
 */
export function SignInForm({ returnTo }: { returnTo: string | null }) {
  const t = useTranslations("signIn");
  const [state, formAction, pending] = useActionState(signInAction, START);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // The code step resends the email and password from this component's state,
  // which exists only once React runs; a native submission before then would lose them.
  const hydrated = useHydrated();

  return (
    <div className="space-y-8">
    <form action={formAction} className="space-y-5">
      {state.error && (
        <FormAlert key={state.attempt} tone="error">
          {state.error}
        </FormAlert>
      )}
      {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
      {state.step !== "code" ? (
        <>
          <TextField
            id="sign-in-email"
            label={t("email")}
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <TextField
            id="sign-in-password"
            label={t("password")}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {state.step === "slowed" && <SecondFactorField optional />}
        </>
      ) : (
        <>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="password" value={password} />
          <SecondFactorField />
        </>
      )}
      <button type="submit" disabled={pending || !hydrated} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? t("signingIn") : state.step === "code" ? t("verifyAndSignIn") : t("signIn")}
      </button>
    </form>
    {state.step === "slowed" && <SignInLinkOffer email={email} />}
    </div>
  );
}

const NO_LINK_REQUESTED: SignInLinkRequestState = { status: "idle", message: null, attempt: 0 };

/** For patients without an authenticator app: a one-time link to the email address in the form. */
function SignInLinkOffer({ email }: { email: string }) {
  const t = useTranslations("signIn.linkOffer");
  const [state, formAction, pending] = useActionState(requestSignInLinkAction, NO_LINK_REQUESTED);
  return (
    <section aria-labelledby="sign-in-link-heading" className="space-y-3 border-t border-slate-200 pt-6">
      <h2 id="sign-in-link-heading" className="text-lg font-semibold text-slate-900">
        {t("heading")}
      </h2>
      <p className="text-slate-700">{t("description")}</p>
      {state.status === "sent" && (
        <FormAlert key={state.attempt} tone="success">
          {t("sent", { email: state.email })}
        </FormAlert>
      )}
      {state.status === "error" && state.message && (
        <FormAlert key={state.attempt} tone="error">
          {state.message}
        </FormAlert>
      )}
      <form action={formAction}>
        <input type="hidden" name="email" value={email} />
        <button type="submit" disabled={pending} className={`${secondaryActionClassName} disabled:opacity-70`}>
          {pending ? t("sending") : t("send")}
        </button>
      </form>
    </section>
  );
}

/** `optional` while sign-in is slowed: the code field is there for those who have an authenticator app. */
function SecondFactorField({ optional = false }: { optional?: boolean }) {
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  return (
    <div className="space-y-3">
      {useRecoveryCode ? (
        <TextField
          key="recovery"
          id="sign-in-recovery-code"
          label="Recovery code"
          hint="One of the codes you saved when you set up two-step verification, like 7KQ4-M2XD-9PTA. Each works once."
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required={!optional}
          autoFocus
        />
      ) : (
        <TextField
          key="authenticator"
          id="sign-in-code"
          label="Authentication code"
          hint={
            optional
              ? "If you use two-step verification, the 6-digit code from your authenticator app."
              : "Enter the 6-digit code from your authenticator app."
          }
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required={!optional}
          autoFocus={!optional}
        />
      )}
      <button
        type="button"
        onClick={() => setUseRecoveryCode(!useRecoveryCode)}
        className="rounded text-sm font-medium text-primary-700 underline underline-offset-4 hover:text-primary-900"
      >
        {useRecoveryCode ? "Use your authenticator app instead" : "Use a recovery code instead"}
      </button>
    </div>
  );
}
