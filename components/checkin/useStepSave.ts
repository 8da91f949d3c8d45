"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { refusalCode } from "@/lib/client/api";
import type { CheckInForm, CheckInStep } from "@/lib/checkin/types";
import { callVisitApi, type VisitCredentials } from "@/components/visits/visitApi";

/** A key of the check-in's error messages. */
type MessageKey = Parameters<ReturnType<typeof useTranslations<"checkin.errors">>>[0];

/** A refusal as the step shows it: a message for the form, and one beside each field the server named. */
export interface StepErrors {
  form: string | null;
  fields: Partial<Record<string, string>>;
}

const NO_ERRORS: StepErrors = { form: null, fields: {} };

/** What CheckIn gives a step whose refusals may need the check-in fetched again. */
export interface ReloadingStepProps {
  form: CheckInForm;
  focusHeading: boolean;
  step: ReturnType<typeof useStepSave>;
  /** Fetches the check-in again, after a refusal that changed it (a newer consent; a date-of-birth try used). */
  onReload: () => Promise<void>;
}

/** The steps saved through the check-in's own routes (the intake has its own, components/intake). */
type SavedStep = Exclude<CheckInStep, "intake">;

/**
 * Saving one check-in step: sends its fields, and on success hands the
 * check-in as it now stands to `onSaved` (which shows the next step). Refusals
 * are shown in the page's language, by their code or the fields they name,
 * rather than as the server's English, and only while the step they refused is
 * `current`: a refusal that moves the patient on (no date-of-birth tries left)
 * does not follow them to the next step.
 */
export function useStepSave(appointmentId: string, credentials: VisitCredentials, onSaved: (form: CheckInForm) => void, current: CheckInStep | null) {
  const t = useTranslations("checkin.errors");
  const [refused, setRefused] = useState<{ step: SavedStep; errors: StepErrors } | null>(null);
  const [pending, setPending] = useState(false);
  const setErrors = (step: SavedStep, errors: StepErrors) => setRefused({ step, errors });

  async function save(step: SavedStep, method: "PUT" | "POST", body: unknown): Promise<string | null> {
    setPending(true);
    const result = await callVisitApi<CheckInForm>(`/api/visits/${encodeURIComponent(appointmentId)}/check-in/${step}`, {
      method,
      body,
      credentials,
    });
    setPending(false);
    if (result.ok) {
      setRefused(null);
      onSaved(result.data);
      return null;
    }
    const code = refusalCode(result);
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as Array<{ path: string }>) : [];
    if (code === "INVALID_REQUEST" && issues.length > 0) {
      const fields = Object.fromEntries(
        issues.map((issue) => {
          // The server names the field and its code; has() checks the key before it is used.
          const key = `fields.${issue.path}` as MessageKey;
          return [issue.path, t.has(key) ? t(key) : t("generic")];
        }),
      );
      setErrors(step, { form: null, fields });
    } else if (result.status === 0) {
      setErrors(step, { form: t("unreachable"), fields: {} });
    } else {
      setErrors(step, { form: code && t.has(code as MessageKey) ? t(code as MessageKey) : result.error, fields: {} });
    }
    return code;
  }

  return { save, errors: refused?.step === current ? refused.errors : NO_ERRORS, pending };
}
