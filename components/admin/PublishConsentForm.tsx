"use client";

import { useActionState } from "react";
import { publishConsentAction, type ConsentActionState } from "@/app/admin/consents/actions";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { TextAreaField } from "@/components/TextAreaField";
import { TextField } from "@/components/TextField";

const START: ConsentActionState = { outcome: null, message: "", attempt: 0 };

/** Publishes a new version of a consent in English and Spanish; it supersedes every earlier version. */
export function PublishConsentForm() {
  const [state, formAction, pending] = useActionState(publishConsentAction, START);
  const errors = state.fieldErrors ?? {};
  const typed = state.outcome === "error" ? (state.values ?? {}) : {};
  return (
    <form key={state.attempt} action={formAction} className="space-y-5">
      {state.outcome && <FormAlert tone={state.outcome}>{state.message}</FormAlert>}
      <SelectField id="consent-kind" name="kind" label="Consent" defaultValue={typed.kind ?? "TELEHEALTH"} error={errors.kind}>
        <option value="TELEHEALTH">Telehealth (video and audio-only visits)</option>
        <option value="RECORDING">Recording</option>
      </SelectField>
      <TextField id="consent-title" name="title" label="Title" required maxLength={200} defaultValue={typed.title} error={errors.title} />
      <TextAreaField id="consent-body-en" name="bodyEn" label="English text" rows={10} required defaultValue={typed.bodyEn} error={errors.bodyEn} />
      <TextAreaField id="consent-body-es" name="bodyEs" label="Spanish text" lang="es" rows={10} required defaultValue={typed.bodyEs} error={errors.bodyEs} />
      <button type="submit" disabled={pending} className={primaryActionClassName}>
        {pending ? "Publishing…" : "Publish this version"}
      </button>
    </form>
  );
}
