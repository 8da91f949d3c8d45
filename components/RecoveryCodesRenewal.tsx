"use client";

import { useActionState } from "react";
import { regenerateRecoveryCodesAction, type RecoveryCodesRenewalState } from "@/app/account/security/actions";
import { secondaryActionClassName } from "./actionStyles";
import { useConfirmationWhen } from "./ConfirmItsYou";
import { FormAlert } from "./FormAlert";
import { RecoveryCodes } from "./RecoveryCodes";

const NOT_RENEWED: RecoveryCodesRenewalState = { status: "idle" };

/** New recovery codes for someone who has used or lost theirs; the old ones stop working. */
export function RecoveryCodesRenewal({ continueHref }: { continueHref: string }) {
  const [state, formAction, pending] = useActionState(regenerateRecoveryCodesAction, NOT_RENEWED);
  useConfirmationWhen(state);

  if (state.status === "renewed") {
    return (
      <RecoveryCodes
        heading="Your new recovery codes. The old ones no longer work"
        codes={state.recoveryCodes}
        continueHref={continueHref}
      />
    );
  }
  return (
    <form action={formAction} className="space-y-3">
      {state.status === "error" && <FormAlert tone="error">{state.message}</FormAlert>}
      <p className="max-w-2xl text-slate-700">
        Used some of your recovery codes, or lost them? Get ten new ones. Your current codes stop working.
      </p>
      <button type="submit" disabled={pending} className={`${secondaryActionClassName} disabled:opacity-70`}>
        {pending ? "Making new codes…" : "Get new recovery codes"}
      </button>
    </form>
  );
}
