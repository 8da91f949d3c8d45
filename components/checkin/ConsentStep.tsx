"use client";

import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { TextField } from "@/components/TextField";
import { isLocale } from "@/lib/i18n/locales";
import type { ConsentText } from "@/lib/checkin/types";
import { StepPanel } from "./StepPanel";
import type { ReloadingStepProps } from "./useStepSave";

/**
 * The consents to sign, one at a time: the telehealth consent (signed with the
 * typed name, covering video and audio-only), then the recording consent,
 * which may be declined. Each shows the version read, whose id is sent, so a
 * version superseded meanwhile is refused and the new one shown.
 */
export function ConsentStep({ form, focusHeading, step, onReload }: ReloadingStepProps) {
  const consent = form.consentsToSign[0];
  // Keyed by version, so a newer version starts with an empty signature.
  return consent ? <ConsentForm key={consent.id} consent={consent} form={form} focusHeading={focusHeading} step={step} onReload={onReload} /> : null;
}

function ConsentForm({
  consent,
  form,
  focusHeading,
  step,
  onReload,
}: ReloadingStepProps & { consent: ConsentText }) {
  const t = useTranslations("checkin.consent");
  const locale = useLocale();
  const id = useId();
  const [typedName, setTypedName] = useState("");
  const [accepted, setAccepted] = useState<boolean | null>(null);
  const telehealth = consent.kind === "TELEHEALTH";
  const renewing = telehealth && (form.consentStatus === "expired" || form.consentStatus === "superseded");

  async function sign() {
    const code = await step.save("consent", "POST", { consentVersionId: consent.id, typedName, accepted: telehealth ? true : accepted });
    if (code === "CONSENT_SUPERSEDED" || code === "UNKNOWN_CONSENT") await onReload();
  }

  return (
    <StepPanel
      title={telehealth ? (renewing ? t("updatedHeading") : t("heading")) : t("recordingHeading")}
      focusHeading={focusHeading}
      errors={step.errors}
      submitLabel={telehealth ? t("sign") : t("saveAnswer")}
      pending={step.pending}
      onSubmit={() => void sign()}
    >
      {renewing && <p className="font-medium text-slate-900">{t(form.consentStatus === "expired" ? "expired" : "superseded")}</p>}
      {!telehealth && <p className="text-slate-700">{t("recordingIntro")}</p>}
      <article aria-label={`${consent.title}, ${t("version", { version: consent.version })}`} className="max-h-72 space-y-2 overflow-y-auto rounded-md border border-slate-300 p-4" tabIndex={0}>
        <h3 className="font-semibold text-slate-900">{consent.title}</h3>
        <p className="text-sm text-slate-600">{t("version", { version: consent.version })}</p>
        <p className="whitespace-pre-line text-slate-800">{consent.body[isLocale(locale) ? locale : "en"]}</p>
      </article>
      {!telehealth && (
        <fieldset className="space-y-2" aria-describedby={step.errors.fields.accepted ? `${id}-accepted-error` : undefined}>
          <legend className="font-medium text-slate-900">{t("recordingChoice")}</legend>
          {step.errors.fields.accepted && (
            <p id={`${id}-accepted-error`} className="text-sm font-medium text-red-700">
              {step.errors.fields.accepted}
            </p>
          )}
          {([true, false] as const).map((value) => (
            <label key={String(value)} className="flex min-h-11 items-center gap-2 text-slate-900">
              <input type="radio" name={`${id}-accepted`} checked={accepted === value} onChange={() => setAccepted(value)} className="size-5" />
              {value ? t("recordingAgree") : t("recordingDecline")}
            </label>
          ))}
        </fieldset>
      )}
      <TextField
        id={`${id}-name`}
        label={t("typedName")}
        hint={t("typedNameHint")}
        value={typedName}
        onChange={(event) => setTypedName(event.target.value)}
        error={step.errors.fields.typedName}
        autoComplete="name"
        maxLength={200}
      />
    </StepPanel>
  );
}
