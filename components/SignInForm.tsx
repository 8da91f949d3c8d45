"use client";

import { useActionState, useState, useSyncExternalStore } from "react";
import { signInAction, type SignInFormState } from "@/app/sign-in/actions";
import { primaryActionClassName } from "./actionStyles";
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
 * with the code, so the server holds no half-signed-in state.
 */
export function SignInForm({ returnTo }: { returnTo: string | null }) {
  const [state, formAction, pending] = useActionState(signInAction, START);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // The code step resends the email and password from this component's state,
  // which exists only once React runs; a native submission before then would lose them.
  const hydrated = useHydrated();

  return (
    <form action={formAction} className="space-y-5">
      {state.error && (
        <FormAlert key={state.attempt} tone="error">
          {state.error}
        </FormAlert>
      )}
      {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
      {state.step === "password" ? (
        <>
          <TextField
            id="sign-in-email"
            label="Email address"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <TextField
            id="sign-in-password"
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </>
      ) : (
        <>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="password" value={password} />
          <SecondFactorField />
        </>
      )}
      <button type="submit" disabled={pending || !hydrated} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Signing in…" : state.step === "password" ? "Sign in" : "Verify and sign in"}
      </button>
    </form>
  );
}

function SecondFactorField() {
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
          required
          autoFocus
        />
      ) : (
        <TextField
          key="authenticator"
          id="sign-in-code"
          label="Authentication code"
          hint="Enter the 6-digit code from your authenticator app."
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          autoFocus
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
