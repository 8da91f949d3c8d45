"use client";

import { createContext, useActionState, useCallback, useContext, useEffect, useId, useState, type ReactNode } from "react";
import { confirmIdentityAction, type ConfirmIdentityState } from "@/app/account/security/actions";
import { primaryActionClassName } from "./actionStyles";
import { focusOnMount } from "./focusOnMount";
import { FormAlert } from "./FormAlert";
import { TextField } from "./TextField";

/** Asks for "confirm it's you" again, with why. */
type RequestConfirmation = (reason: string) => void;

const ConfirmationRequest = createContext<RequestConfirmation>(() => {});

/**
 * For a form inside <ConfirmItsYou>: when its action answers that the person
 * must confirm it's them first, show the confirmation again. The form stays
 * mounted meanwhile (hidden), so a half-done setup is still there afterwards.
 */
export function useConfirmationWhen(needed: { status: string; message?: string | null }) {
  const requestConfirmation = useContext(ConfirmationRequest);
  useEffect(() => {
    if (needed.status === "confirm-identity" && needed.message) requestConfirmation(needed.message);
  }, [needed, requestConfirmation]);
}

/**
 * Sensitive account settings, shown once the person has confirmed it's them
 * (password, and a code with two-step verification) within the last 5
 * minutes; `confirmed` says whether they had when the page was made.
 */
export function ConfirmItsYou({
  confirmed,
  asksForCode,
  children,
}: {
  confirmed: boolean;
  asksForCode: boolean;
  children: ReactNode;
}) {
  const [confirmedHere, setConfirmedHere] = useState(confirmed);
  const [reason, setReason] = useState<string | null>(null);
  const requestConfirmation = useCallback<RequestConfirmation>((why) => {
    setReason(why);
    setConfirmedHere(false);
  }, []);

  return (
    <ConfirmationRequest value={requestConfirmation}>
      {!confirmedHere && (
        <ConfirmIdentityForm
          purpose="To change your password or two-step verification"
          asksForCode={asksForCode}
          reason={reason}
          onConfirmed={() => setConfirmedHere(true)}
        />
      )}
      <div hidden={!confirmedHere} className="space-y-12">
        {children}
      </div>
    </ConfirmationRequest>
  );
}

const NOT_CONFIRMED: ConfirmIdentityState = { status: "idle", errors: {}, attempt: 0 };

/** The password (and a code, with two-step verification) again, before a sensitive change. */
export function ConfirmIdentityForm({
  purpose,
  asksForCode,
  reason,
  onConfirmed,
}: {
  /** "To …": what confirming lets the person do. */
  purpose: string;
  asksForCode: boolean;
  /** Why it is asked again, when a change was just refused for want of it. */
  reason: string | null;
  onConfirmed: () => void;
}) {
  const [state, formAction, pending] = useActionState(confirmIdentityAction, NOT_CONFIRMED);
  // An administrator's user list may show it in more than one row.
  const id = useId();
  useEffect(() => {
    if (state.status === "confirmed") onConfirmed();
  }, [state, onConfirmed]);
  const errors = state.status === "confirmed" ? {} : state.errors;

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      {/* Focused when asked again after a refusal, not when the page first opens. */}
      <h2 id={`${id}-heading`} ref={reason ? focusOnMount : undefined} tabIndex={-1} className="text-xl font-semibold text-slate-900">
        Confirm it&apos;s you
      </h2>
      <p className="max-w-2xl text-slate-700">
        {purpose}, enter your password{asksForCode ? " and a code from your authenticator app" : ""}. You then have 5
        minutes to make changes.
      </p>
      {reason && <FormAlert tone="error">{reason}</FormAlert>}
      {/* Keyed by attempt so the field with a problem receives focus after each try. */}
      <form key={state.attempt} action={formAction} className="max-w-md space-y-5">
        <TextField
          id={`${id}-password`}
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
          autoFocus={Boolean(errors.password)}
        />
        {asksForCode && (
          <TextField
            id={`${id}-code`}
            label="Authentication code"
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            required
            error={errors.code}
            autoFocus={!errors.password && Boolean(errors.code)}
          />
        )}
        <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
          {pending ? "Checking…" : "Confirm"}
        </button>
      </form>
    </section>
  );
}
