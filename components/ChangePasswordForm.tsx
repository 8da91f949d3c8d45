"use client";

import { useActionState, useState } from "react";
import { changePasswordAction, type ChangePasswordState } from "@/app/account/security/actions";
import { primaryActionClassName } from "./actionStyles";
import { TextField } from "./TextField";

const START: ChangePasswordState = { errors: {}, attempt: 0 };

export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, START);
  const [showPasswords, setShowPasswords] = useState(false);
  const type = showPasswords ? "text" : "password";

  return (
    // Keyed by attempt so the first field with a problem receives focus after each try.
    <form key={state.attempt} action={formAction} className="max-w-md space-y-5">
      <TextField
        id="current-password"
        label="Current password"
        name="currentPassword"
        type={type}
        autoComplete="current-password"
        required
        error={state.errors.currentPassword}
        autoFocus={Boolean(state.errors.currentPassword)}
      />
      <TextField
        id="new-password"
        label="New password"
        hint="At least 12 characters. Avoid common passwords and anything containing your name or email address."
        name="newPassword"
        type={type}
        autoComplete="new-password"
        required
        error={state.errors.newPassword}
        autoFocus={!state.errors.currentPassword && Boolean(state.errors.newPassword)}
      />
      <label className="flex items-center gap-2 text-slate-800">
        <input
          type="checkbox"
          checked={showPasswords}
          onChange={(event) => setShowPasswords(event.target.checked)}
          className="size-4 accent-primary-700"
        />
        Show passwords
      </label>
      <p className="text-sm text-slate-600">
        Changing your password signs you out everywhere, including here. Then sign in with the new password.
      </p>
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Changing password…" : "Change password"}
      </button>
    </form>
  );
}
