"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { SelectField } from "@/components/SelectField";
import { TextField } from "@/components/TextField";
import { US_STATE_CODES, US_STATES } from "@/lib/geography/us-states";
import type { CheckInForm, CheckInLocation } from "@/lib/checkin/types";
import { StepPanel } from "./StepPanel";
import type { useStepSave } from "./useStepSave";

const EMPTY: CheckInLocation = { country: "US", state: "", addressLine: "", city: "", postalCode: "", locationKind: "HOME", callbackPhone: "" };

/** "Where are you right now?": prefilled from this visit or the last one, confirmed every time. */
export function LocationStep({
  form,
  focusHeading,
  step,
}: {
  form: CheckInForm;
  focusHeading: boolean;
  step: ReturnType<typeof useStepSave>;
}) {
  const t = useTranslations("checkin.location");
  const id = useId();
  const [location, setLocation] = useState<CheckInLocation>(form.location ?? EMPTY);
  const { errors } = step;
  const set = (field: keyof CheckInLocation) => (event: { target: { value: string } }) =>
    setLocation((current) => ({ ...current, [field]: event.target.value }));
  const kindErrorId = `${id}-kind-error`;

  return (
    <StepPanel
      title={t("heading")}
      focusHeading={focusHeading}
      errors={errors}
      submitLabel={t("submit")}
      pending={step.pending}
      onSubmit={() => void step.save("location", "PUT", location)}
    >
      <p className="text-slate-700">{t("intro")}</p>
      {form.location && <p className="text-slate-700">{t("prefilled")}</p>}
      <SelectField id={`${id}-state`} label={t("state")} value={location.state} onChange={set("state")} error={errors.fields.state} autoComplete="address-level1">
        <option value="">{t("chooseState")}</option>
        {US_STATE_CODES.map((code) => (
          <option key={code} value={code}>
            {US_STATES[code]}
          </option>
        ))}
      </SelectField>
      <TextField id={`${id}-address`} label={t("address")} value={location.addressLine} onChange={set("addressLine")} error={errors.fields.addressLine} autoComplete="street-address" maxLength={200} />
      <TextField id={`${id}-city`} label={t("city")} value={location.city} onChange={set("city")} error={errors.fields.city} autoComplete="address-level2" maxLength={100} />
      <TextField id={`${id}-zip`} label={t("zip")} hint={t("zipHint")} value={location.postalCode} onChange={set("postalCode")} error={errors.fields.postalCode} autoComplete="postal-code" inputMode="numeric" />
      <fieldset className="space-y-2" aria-describedby={errors.fields.locationKind ? kindErrorId : undefined}>
        <legend className="font-medium text-slate-900">{t("atHome")}</legend>
        {errors.fields.locationKind && (
          <p id={kindErrorId} className="text-sm font-medium text-red-700">
            {errors.fields.locationKind}
          </p>
        )}
        {(["HOME", "OTHER"] as const).map((kind) => (
          <label key={kind} className="flex min-h-11 items-center gap-2 text-slate-900">
            <input type="radio" name={`${id}-kind`} value={kind} checked={location.locationKind === kind} onChange={set("locationKind")} className="size-5" />
            {kind === "HOME" ? t("home") : t("other")}
          </label>
        ))}
      </fieldset>
      <TextField id={`${id}-phone`} label={t("phone")} hint={t("phoneHint")} type="tel" value={location.callbackPhone} onChange={set("callbackPhone")} error={errors.fields.callbackPhone} autoComplete="tel" />
    </StepPanel>
  );
}
