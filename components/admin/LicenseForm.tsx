"use client";

import { useActionState } from "react";
import { saveLicenseAction, type LicensureActionState } from "@/app/admin/licensure/actions";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { TextField } from "@/components/TextField";
import { US_STATE_CODES, US_STATES } from "@/lib/geography/us-states";

const START: LicensureActionState = { outcome: null, message: "", attempt: 0 };

/** Adds a licence, or renews one: saving a state the physician already has replaces its number and expiry. */
export function LicenseForm({ physicians }: { physicians: ReadonlyArray<{ physicianId: string; name: string }> }) {
  const [state, formAction, pending] = useActionState(saveLicenseAction, START);
  const errors = state.fieldErrors ?? {};
  const typed = state.values ?? {};
  return (
    <form key={state.attempt} action={formAction} className="space-y-5">
      {state.outcome && <FormAlert tone={state.outcome}>{state.message}</FormAlert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id="license-physician" name="physicianId" label="Physician" required defaultValue={typed.physicianId ?? ""} error={errors.physicianId}>
          <option value="" disabled>
            Choose a physician
          </option>
          {physicians.map((physician) => (
            <option key={physician.physicianId} value={physician.physicianId}>
              {physician.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="license-state" name="state" label="State or territory" required defaultValue={typed.state ?? ""} error={errors.state}>
          <option value="" disabled>
            Choose a state
          </option>
          {US_STATE_CODES.map((code) => (
            <option key={code} value={code}>
              {US_STATES[code]} ({code})
            </option>
          ))}
        </SelectField>
        <TextField id="license-number" name="licenseNumber" label="License number" required maxLength={40} autoComplete="off" defaultValue={typed.licenseNumber} error={errors.licenseNumber} />
        <TextField
          id="license-expires"
          name="expiresOn"
          type="date"
          label="Valid until"
          hint="The last day the licence is valid."
          required
          defaultValue={typed.expiresOn}
          error={errors.expiresOn}
        />
      </div>
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Saving…" : "Save licence"}
      </button>
    </form>
  );
}
