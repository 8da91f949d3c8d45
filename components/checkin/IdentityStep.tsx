"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { TextField } from "@/components/TextField";
import { StepPanel } from "./StepPanel";
import type { useStepSave } from "./useStepSave";

/** The patient's date of birth, which the server compares with the record. */
export function IdentityStep({ focusHeading, step }: { focusHeading: boolean; step: ReturnType<typeof useStepSave> }) {
  const t = useTranslations("checkin.identity");
  const id = useId();
  const [dateOfBirth, setDateOfBirth] = useState("");
  return (
    <StepPanel
      title={t("heading")}
      focusHeading={focusHeading}
      errors={step.errors}
      submitLabel={t("submit")}
      pending={step.pending}
      onSubmit={() => void step.save("identity", "POST", { dateOfBirth })}
    >
      <p className="text-slate-700">{t("intro")}</p>
      <TextField
        id={`${id}-dob`}
        label={t("dateOfBirth")}
        type="date"
        value={dateOfBirth}
        onChange={(event) => setDateOfBirth(event.target.value)}
        error={step.errors.fields.dateOfBirth}
        autoComplete="bday"
      />
    </StepPanel>
  );
}
