"use client";

import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { focusOnMount } from "@/components/focusOnMount";
import { visitPanelClassName, visitPrimaryButtonClassName } from "@/components/visits/styles";
import type { StepErrors } from "./useStepSave";

/**
 * One check-in step: its heading (focused when the step appears, so keyboard
 * and screen-reader users start there), a form-level error, its fields and the
 * button that saves it.
 */
export function StepPanel({
  title,
  focusHeading,
  errors,
  submitLabel,
  pending,
  onSubmit,
  children,
}: {
  title: string;
  focusHeading: boolean;
  errors: StepErrors;
  submitLabel: string;
  pending: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // A refusal that names fields sends focus to the first of them, whose message is read with it.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [errors]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <section aria-labelledby={headingId} className={`${visitPanelClassName} space-y-4`}>
      <h2 id={headingId} ref={focusHeading ? focusOnMount : undefined} tabIndex={-1} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {errors.form && (
          <p role="alert" className="font-medium text-red-800">
            {errors.form}
          </p>
        )}
        {children}
        <button type="submit" disabled={pending} className={visitPrimaryButtonClassName}>
          {submitLabel}
        </button>
      </form>
    </section>
  );
}
