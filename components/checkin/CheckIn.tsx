"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { IntakeStep } from "@/components/intake/IntakeStep";
import { callVisitApi, type VisitCredentials } from "@/components/visits/visitApi";
import { visitPanelClassName, visitPrimaryButtonClassName } from "@/components/visits/styles";
import type { CheckInForm, CheckInStep } from "@/lib/checkin/types";
import { ConsentStep } from "./ConsentStep";
import { IdentityStep } from "./IdentityStep";
import { LanguageStep } from "./LanguageStep";
import { LocationStep } from "./LocationStep";
import { useStepSave } from "./useStepSave";

/**
 * The patient's check-in between the device check and the waiting room, one
 * step at a time, each saved as it is done: reloading resumes at the first step
 * not done, and a check-in already complete goes straight on (`onComplete`).
 * The server says which steps the visit asks (the intake only when its visit
 * type has questions) and which is next; each names its screen below.
 */
export function CheckIn({
  appointmentId,
  credentials,
  focusHeading,
  onComplete,
}: {
  appointmentId: string;
  credentials: VisitCredentials;
  focusHeading: boolean;
  onComplete: () => void;
}) {
  const t = useTranslations("checkin");
  const [form, setForm] = useState<CheckInForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The first screen takes focus only if the person's action brought it; each later step always does.
  const [stepsShown, setStepsShown] = useState(0);

  // The latest onComplete, called once: the page moves on to the waiting room however often the check-in is fetched again.
  const onCompleteRef = useRef(onComplete);
  const completed = useRef(false);
  useEffect(() => {
    onCompleteRef.current = onComplete;
  });

  const show = useCallback((next: CheckInForm) => {
    setForm(next);
    setStepsShown((count) => count + 1);
    if (next.nextStep === null && !completed.current) {
      completed.current = true;
      onCompleteRef.current();
    }
  }, []);

  const fetchForm = useCallback(
    () => callVisitApi<CheckInForm>(`/api/visits/${encodeURIComponent(appointmentId)}/check-in`, { credentials }),
    [appointmentId, credentials],
  );
  const apply = useCallback(
    (result: Awaited<ReturnType<typeof fetchForm>>) => {
      if (result.ok) show(result.data);
      else setLoadError(result.status === 0 ? t("errors.unreachable") : result.error);
    },
    [show, t],
  );
  const load = useCallback(async () => {
    setLoadError(null);
    apply(await fetchForm());
  }, [apply, fetchForm]);

  useEffect(() => {
    let current = true;
    void fetchForm().then((result) => {
      if (current) apply(result);
    });
    return () => {
      current = false;
    };
  }, [apply, fetchForm]);

  // A language chosen here is the pages' language from their next load on (the server set the locale cookie).
  const step = useStepSave(appointmentId, credentials, show, form?.nextStep ?? null);

  if (loadError) {
    return (
      <section className={`${visitPanelClassName} space-y-4`}>
        <p role="alert" className="font-medium text-red-800">
          {loadError}
        </p>
        <button type="button" onClick={() => void load()} className={visitPrimaryButtonClassName}>
          {t("errors.retry")}
        </button>
      </section>
    );
  }
  if (!form) {
    return (
      <p role="status" className="font-medium text-slate-900">
        {t("loading")}
      </p>
    );
  }
  if (form.nextStep === null) {
    return (
      <p role="status" className="font-medium text-slate-900">
        {t("complete")}
      </p>
    );
  }

  const current: CheckInStep = form.nextStep;
  const focus = focusHeading || stepsShown > 1;
  const screens: Record<CheckInStep, React.ReactNode> = {
    location: <LocationStep form={form} focusHeading={focus} step={step} />,
    consent: <ConsentStep form={form} focusHeading={focus} step={step} onReload={load} />,
    identity: <IdentityStep form={form} focusHeading={focus} step={step} onReload={load} />,
    // Saved through the intake's own API, which the portal's intake page shares; submitted, the check-in is asked again for the next step.
    intake: <IntakeStep appointmentId={appointmentId} credentials={credentials} headingLevel={2} focusHeading={focus} onDone={() => void load()} />,
    language: <LanguageStep form={form} focusHeading={focus} step={step} />,
  };

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <p className="text-lg font-semibold text-slate-900">{t("title")}</p>
        <p className="text-slate-700">{t("intro")}</p>
        <p className="text-sm font-medium text-slate-700">
          {t("progress", { current: form.steps.indexOf(current) + 1, total: form.steps.length, name: t(`steps.${current}`) })}
        </p>
      </header>
      {/* Here from the first step on, so the notice is announced when the last wrong date of birth moves the patient on. */}
      <div aria-live="polite">
        {form.dateOfBirthTriesLeft === 0 && (
          <p className="rounded-md border border-amber-500 bg-amber-50 px-4 py-3 font-medium text-slate-900">{t("identity.notConfirmed")}</p>
        )}
      </div>
      {/* Keyed by step, so each step starts with its own fields and its heading takes focus. */}
      <div key={current}>{screens[current]}</div>
    </div>
  );
}
