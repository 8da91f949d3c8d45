"use client";

import { useActionState } from "react";
import { setStateExpiryAction, type ConsentActionState } from "@/app/admin/consents/actions";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { TextField } from "@/components/TextField";
import { US_STATE_CODES, US_STATES } from "@/lib/geography/us-states";

const START: ConsentActionState = { outcome: null, message: "", attempt: 0 };

/** Sets how many months a telehealth consent signed in one state lasts. */
export function StateConsentExpiryForm({ defaultMonths }: { defaultMonths: number }) {
  const [state, formAction, pending] = useActionState(setStateExpiryAction, START);
  const errors = state.fieldErrors ?? {};
  const typed = state.outcome === "error" ? (state.values ?? {}) : {};
  return (
    <form key={state.attempt} action={formAction} className="space-y-5">
      {state.outcome && <FormAlert tone={state.outcome}>{state.message}</FormAlert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id="policy-state" name="state" label="State or territory" defaultValue={typed.state ?? ""} error={errors.state}>
          <option value="">Choose…</option>
          {US_STATE_CODES.map((code) => (
            <option key={code} value={code}>
              {US_STATES[code]}
            </option>
          ))}
        </SelectField>
        <TextField
          id="policy-months"
          name="consentExpiryMonths"
          label="Consent lasts (months)"
          hint={`${defaultMonths} where no state is set.`}
          type="number"
          min={1}
          max={60}
          required
          defaultValue={typed.consentExpiryMonths}
          error={errors.consentExpiryMonths}
        />
      </div>
      <button type="submit" disabled={pending} className={primaryActionClassName}>
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
