"use client";

import { useActionState } from "react";
import { setLicensureModeAction, type LicensureActionState } from "@/app/admin/licensure/actions";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import type { LicensureMode } from "@/lib/db/generated/enums";

const START: LicensureActionState = { outcome: null, message: "", attempt: 0 };

const CHOICES: Array<{ mode: LicensureMode; label: string; description: string }> = [
  {
    mode: "WARN",
    label: "Warn, and ask for a reason",
    description: "The physician sees a warning before admitting and must record why they continue. The reason is kept with the visit.",
  },
  {
    mode: "BLOCK",
    label: "Block",
    description: "The physician cannot admit the patient. They ask the patient to join from a state where they are licensed, or the visit is rebooked.",
  },
];

/** The clinic's rule for a patient who says they are where their physician holds no current licence. */
export function LicensureModeForm({ mode }: { mode: LicensureMode }) {
  const [state, formAction, pending] = useActionState(setLicensureModeAction, START);
  return (
    <form action={formAction} className="space-y-4">
      {state.outcome && (
        <FormAlert key={state.attempt} tone={state.outcome}>
          {state.message}
        </FormAlert>
      )}
      <fieldset className="space-y-3">
        <legend className="font-medium text-slate-900">When the patient is in a state where the physician is not licensed</legend>
        {CHOICES.map((choice) => (
          <label key={choice.mode} className="flex items-start gap-3 text-slate-800">
            <input type="radio" name="mode" value={choice.mode} defaultChecked={choice.mode === mode} className="mt-1 h-4 w-4" />
            <span>
              <span className="font-medium text-slate-900">{choice.label}</span>
              <span className="block text-sm text-slate-700">{choice.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Saving…" : "Save rule"}
      </button>
    </form>
  );
}
