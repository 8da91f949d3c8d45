"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { TextField } from "@/components/TextField";
import { DATE_OF_BIRTH_TRIES } from "@/lib/checkin/step-rules";
import { StepPanel } from "./StepPanel";
import type { ReloadingStepProps } from "./useStepSave";

/**
 * The patient's date of birth, which the server compares with the record. A
 * wrong date uses up one of the visit's tries: the check-in is fetched again
 * for the tries left, or, once none are, for the next step (which says why
 * the date is not asked again).
 */
export function IdentityStep({ form, focusHeading, step, onReload }: ReloadingStepProps) {
  const t = useTranslations("checkin.identity");
  const id = useId();
  const [dateOfBirth, setDateOfBirth] = useState("");

  async function confirm() {
    const code = await step.save("identity", "POST", { dateOfBirth });
    if (code === "DATE_OF_BIRTH_MISMATCH" || code === "DATE_OF_BIRTH_TRIES_USED_UP") await onReload();
  }

  return (
    <StepPanel
      title={t("heading")}
      focusHeading={focusHeading}
      errors={step.errors}
      submitLabel={t("submit")}
      pending={step.pending}
      onSubmit={() => void confirm()}
    >
      <p className="text-slate-700">{t("intro")}</p>
      <TextField
        id={`${id}-dob`}
        label={t("dateOfBirth")}
        hint={form.dateOfBirthTriesLeft < DATE_OF_BIRTH_TRIES ? t("triesLeft", { count: form.dateOfBirthTriesLeft }) : undefined}
        type="date"
        value={dateOfBirth}
        onChange={(event) => setDateOfBirth(event.target.value)}
        error={step.errors.fields.dateOfBirth}
        autoComplete="bday"
      />
    </StepPanel>
  );
}
