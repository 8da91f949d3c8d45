"use client";

import { useActionState, useState } from "react";
import { changePasswordAction, type ChangePasswordState } from "@/app/account/security/actions";
import { primaryActionClassName } from "./actionStyles";
import { useConfirmationWhen } from "./ConfirmItsYou";
import { TextField } from "./TextField";

const START: ChangePasswordState = { status: "idle", error: null, attempt: 0 };

/** A new password, once the person has confirmed it's them with the current one. */
export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, START);
  const [showPassword, setShowPassword] = useState(false);
  useConfirmationWhen(state);
  const error = state.status === "error" ? state.error : null;

  return (
    // Keyed by attempt so the field receives focus after each refused try.
    <form key={"attempt" in state ? state.attempt : "confirm"} action={formAction} className="max-w-md space-y-5">
      <TextField
        id="new-password"
        label="New password"
        hint="At least 12 characters. Avoid common passwords and anything containing your name or email address."
        name="newPassword"
        type={showPassword ? "text" : "password"}
        autoComplete="new-password"
        required
        error={error}
        autoFocus={Boolean(error)}
      />
      <label className="flex items-center gap-2 text-slate-800">
        <input
          type="checkbox"
          checked={showPassword}
          onChange={(event) => setShowPassword(event.target.checked)}
          className="size-4 accent-primary-700"
        />
        Show password
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
