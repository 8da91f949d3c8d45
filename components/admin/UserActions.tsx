"use client";

import { useActionState, useRef, useState } from "react";
import {
  disableUserAction,
  enableUserAction,
  resendInvitationAction,
  resetMfaAction,
  type UserActionState,
} from "@/app/admin/users/actions";
import { ConfirmIdentityForm } from "@/components/ConfirmItsYou";
import { FormAlert } from "@/components/FormAlert";
import { focusOnMount } from "@/components/focusOnMount";
import type { AccountStatus } from "@/lib/auth/accounts/users";

type Intent = "disable" | "enable" | "reset-mfa" | "resend-invitation";

const ACTIONS: Record<Intent, (previous: UserActionState, formData: FormData) => Promise<UserActionState>> = {
  disable: disableUserAction,
  enable: enableUserAction,
  "reset-mfa": resetMfaAction,
  "resend-invitation": resendInvitationAction,
};

// Every row has the same buttons, so screen readers also hear whose account each is for.
const LABELS: Record<Intent, { text: string; before: string }> = {
  disable: { text: "Disable", before: "" },
  enable: { text: "Enable", before: "" },
  "reset-mfa": { text: "Reset two-step verification", before: " for" },
  "resend-invitation": { text: "Resend invitation", before: " to" },
};

/** Destructive actions ask first, saying what will happen. */
const CONFIRMATIONS: Partial<Record<Intent, { question: (name: string) => string; confirm: string }>> = {
  disable: {
    question: (name) => `Disable ${name}? They are signed out everywhere now and cannot sign in until enabled again.`,
    confirm: "Yes, disable",
  },
  "reset-mfa": {
    question: (name) =>
      `Reset two-step verification for ${name}? Their authenticator and recovery codes stop working, they are signed out, and they set it up again at their next sign-in.`,
    confirm: "Yes, reset",
  },
};

const START: UserActionState = { outcome: null, message: "", attempt: 0 };

const buttonClassName =
  "rounded-md border border-slate-500 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-70";
const dangerButtonClassName =
  "rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-70";

export interface UserActionsTarget {
  id: string;
  name: string;
  status: AccountStatus;
  mfaEnabled: boolean;
}

function availableIntents({ status, mfaEnabled }: UserActionsTarget): Intent[] {
  if (status === "disabled") return ["enable"];
  const intents: Intent[] = [];
  if (status !== "active") intents.push("resend-invitation");
  if (mfaEnabled) intents.push("reset-mfa");
  intents.push("disable");
  return intents;
}

/** What an administrator can do to one account, from its row in the user list. */
export function UserActions({ user }: { user: UserActionsTarget }) {
  const [confirming, setConfirming] = useState<Intent | null>(null);
  const [identityConfirmed, setIdentityConfirmed] = useState(false);
  const [state, formAction, pending] = useActionState(async (previous: UserActionState, formData: FormData) => {
    const next = await ACTIONS[formData.get("intent") as Intent](previous, formData);
    setConfirming(null);
    setIdentityConfirmed(false);
    return next;
  }, START);
  // After "Cancel", focus goes back to the button that asked.
  const returnFocusTo = useRef<Intent | null>(null);
  const confirmation = confirming && CONFIRMATIONS[confirming];

  const cancel = () => {
    returnFocusTo.current = confirming;
    setConfirming(null);
  };

  return (
    <div className="space-y-2">
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="userId" value={user.id} />
      {confirming && confirmation ? (
        <div
          role="group"
          aria-labelledby={`confirm-${user.id}`}
          onKeyDown={(event) => {
            if (event.key === "Escape") cancel();
          }}
          className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3"
        >
          <p id={`confirm-${user.id}`} className="text-sm text-slate-900">
            {confirmation.question(user.name)}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="intent" value={confirming} disabled={pending} className={dangerButtonClassName}>
              {pending ? "Working…" : confirmation.confirm}
            </button>
            {/* The safe choice takes focus, so an accidental Enter does no harm. */}
            <button type="button" ref={focusOnMount} onClick={cancel} className={buttonClassName}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          {availableIntents(user).map((intent) => {
            const asks = intent in CONFIRMATIONS;
            return (
              <button
                key={intent}
                ref={(element) => {
                  if (element && returnFocusTo.current === intent) {
                    element.focus();
                    returnFocusTo.current = null;
                  }
                }}
                type={asks ? "button" : "submit"}
                name={asks ? undefined : "intent"}
                value={asks ? undefined : intent}
                onClick={asks ? () => setConfirming(intent) : undefined}
                disabled={pending}
                className={buttonClassName}
              >
                {LABELS[intent].text}
                <span className="sr-only">{`${LABELS[intent].before} ${user.name}`}</span>
              </button>
            );
          })}
        </div>
      )}
      {state.outcome && (
        // The pressed button may be gone (Disable becomes Enable), so focus moves to the outcome.
        <div key={state.attempt} ref={focusOnMount} tabIndex={-1} className="text-sm">
          <FormAlert tone={state.outcome}>{identityConfirmed ? "Confirmed. Now try again." : state.message}</FormAlert>
        </div>
      )}
    </form>
    {/* Outside the form above: forms do not nest. Administrators always have two-step verification. */}
    {state.confirmIdentity && !identityConfirmed && (
      <ConfirmIdentityForm
        purpose={`To reset two-step verification for ${user.name}`}
        asksForCode
        reason={null}
        onConfirmed={() => setIdentityConfirmed(true)}
      />
    )}
    </div>
  );
}
