"use client";

import { useActionState } from "react";
import { acceptInvitationAction, type AcceptInvitationState } from "@/app/invite/[token]/actions";
import { primaryActionClassName } from "./actionStyles";
import { FormAlert } from "./FormAlert";
import { TextField } from "./TextField";

const START: AcceptInvitationState = { error: null, attempt: 0 };

/** An invited staff member's first password, typed twice. */
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, pending] = useActionState(acceptInvitationAction, START);

  return (
    // Keyed by attempt so the alert is announced, and focus returns to the password, after each try.
    <form key={state.attempt} action={formAction} className="space-y-5">
      {state.error && <FormAlert tone="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      {/* Shown so people, and password managers, know which account the password is for. */}
      <TextField id="invite-email" label="Email address" type="email" value={email} readOnly autoComplete="username" />
      <TextField
        id="invite-password"
        label="New password"
        hint="At least 12 characters. Avoid common passwords and anything containing your name or email address."
        name="password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus={state.attempt > 0}
      />
      <TextField
        id="invite-confirmation"
        label="Confirm new password"
        name="confirmation"
        type="password"
        autoComplete="new-password"
        required
      />
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Setting password…" : "Set password"}
      </button>
    </form>
  );
}
