"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { SelectField } from "@/components/SelectField";
import { LANGUAGE_CODES, LANGUAGES } from "@/lib/checkin/languages";
import type { CheckInForm } from "@/lib/checkin/types";
import { StepPanel } from "./StepPanel";
import type { useStepSave } from "./useStepSave";

/** The language the patient prefers, and whether (and in which language) they need an interpreter. */
export function LanguageStep({ form, focusHeading, step }: { form: CheckInForm; focusHeading: boolean; step: ReturnType<typeof useStepSave> }) {
  const t = useTranslations("checkin.language");
  const id = useId();
  const [preferredLanguage, setPreferredLanguage] = useState(form.language.preferredLanguage ?? "");
  const [interpreterNeeded, setInterpreterNeeded] = useState(form.language.interpreterNeeded);
  const [interpreterLanguage, setInterpreterLanguage] = useState(form.language.interpreterLanguage ?? "");
  const options = LANGUAGE_CODES.map((code) => (
    <option key={code} value={code} lang={code}>
      {LANGUAGES[code]}
    </option>
  ));
  return (
    <StepPanel
      title={t("heading")}
      focusHeading={focusHeading}
      errors={step.errors}
      submitLabel={t("submit")}
      pending={step.pending}
      onSubmit={() => void step.save("language", "PUT", { preferredLanguage, interpreterNeeded, interpreterLanguage: interpreterNeeded ? interpreterLanguage : null })}
    >
      <p className="text-slate-700">{t("intro")}</p>
      <SelectField id={`${id}-preferred`} label={t("preferred")} value={preferredLanguage} onChange={(event) => setPreferredLanguage(event.target.value)} error={step.errors.fields.preferredLanguage}>
        <option value="">{t("chooseLanguage")}</option>
        {options}
      </SelectField>
      <label className="flex min-h-11 items-center gap-2 font-medium text-slate-900">
        <input type="checkbox" checked={interpreterNeeded} onChange={(event) => setInterpreterNeeded(event.target.checked)} className="size-5" />
        {t("interpreter")}
      </label>
      {interpreterNeeded && (
        <SelectField
          id={`${id}-interpreter`}
          label={t("interpreterLanguage")}
          value={interpreterLanguage}
          onChange={(event) => setInterpreterLanguage(event.target.value)}
          error={step.errors.fields.interpreterLanguage}
        >
          <option value="">{t("chooseLanguage")}</option>
          {options}
        </SelectField>
      )}
    </StepPanel>
  );
}
