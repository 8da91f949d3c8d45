"use client";

import { useActionState } from "react";
import { deletePayerRuleAction, savePayerRuleAction, type PayerRuleActionState } from "@/app/admin/billing/actions";
import { primaryActionClassName, secondaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { TextField } from "@/components/TextField";
import type { PayerRuleView } from "@/lib/billing/billing";

const START: PayerRuleActionState = { outcome: null, message: "", attempt: 0 };
const MODALITY_TEXT = { VIDEO: "Video", AUDIO_ONLY: "Audio-only" } as const;

/** The payer rules that decide a claim's modifier, and the form that sets one. */
export function PayerRules({ rules }: { rules: readonly PayerRuleView[] }) {
  const [saved, save, saving] = useActionState(savePayerRuleAction, START);
  const [removed, remove] = useActionState(deletePayerRuleAction, START);
  return (
    <div className="space-y-6">
      {removed.outcome && (
        <FormAlert key={`removed-${removed.attempt}`} tone={removed.outcome}>
          {removed.message}
        </FormAlert>
      )}
      <table className="w-full text-left text-slate-900">
        <caption className="sr-only">Payer rules</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2 pr-4">Payer</th>
            <th scope="col" className="py-2 pr-4">Modality</th>
            <th scope="col" className="py-2 pr-4">Modifier</th>
            <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} className="border-b border-slate-200">
              <td className="py-2 pr-4">{rule.payer === "*" ? "* (default)" : rule.payer}</td>
              <td className="py-2 pr-4">{MODALITY_TEXT[rule.modality]}</td>
              <td className="py-2 pr-4">{rule.modifier ?? "none"}</td>
              <td className="py-2">
                {rule.payer !== "*" && (
                  <form action={remove}>
                    <input type="hidden" name="id" value={rule.id} />
                    <button type="submit" className={secondaryActionClassName} aria-label={`Remove the rule for ${rule.payer}, ${MODALITY_TEXT[rule.modality]}`}>
                      Remove
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form key={saved.attempt} action={save} className="grid gap-4 sm:grid-cols-4 sm:items-end">
        <div className="sm:col-span-4">{saved.outcome && <FormAlert tone={saved.outcome}>{saved.message}</FormAlert>}</div>
        <TextField id="payer-rule-payer" name="payer" label="Payer" hint='As on patients’ records; "*" is the default.' required maxLength={100} />
        <SelectField id="payer-rule-modality" name="modality" label="Modality" defaultValue="VIDEO">
          <option value="VIDEO">Video</option>
          <option value="AUDIO_ONLY">Audio-only</option>
        </SelectField>
        <TextField id="payer-rule-modifier" name="modifier" label="Modifier" hint="Empty for none." maxLength={2} />
        <button type="submit" className={primaryActionClassName} disabled={saving}>
          Save rule
        </button>
      </form>
    </div>
  );
}
