"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { refusalCode } from "@/lib/client/api";
import type { CheckInForm } from "@/lib/checkin/types";
import { callVisitApi, type VisitCredentials } from "@/components/visits/visitApi";

/** A key of the check-in's error messages. */
type MessageKey = Parameters<ReturnType<typeof useTranslations<"checkin.errors">>>[0];

/** A refusal as the step shows it: a message for the form, and one beside each field the server named. */
export interface StepErrors {
  form: string | null;
  fields: Partial<Record<string, string>>;
}

const NO_ERRORS: StepErrors = { form: null, fields: {} };

/**
 * Saving one check-in step: sends its fields, and on success hands the
 * check-in as it now stands to `onSaved` (which shows the next step). Refusals
 * are shown in the page's language, by their code or the fields they name,
 * rather than as the server's English.
 */
export function useStepSave(appointmentId: string, credentials: VisitCredentials, onSaved: (form: CheckInForm) => void) {
  const t = useTranslations("checkin.errors");
  const [errors, setErrors] = useState<StepErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);

  async function save(step: string, method: "PUT" | "POST", body: unknown): Promise<string | null> {
    setPending(true);
    const result = await callVisitApi<CheckInForm>(`/api/visits/${encodeURIComponent(appointmentId)}/check-in/${step}`, {
      method,
      body,
      credentials,
    });
    setPending(false);
    if (result.ok) {
      setErrors(NO_ERRORS);
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
      setErrors({ form: null, fields });
    } else if (result.status === 0) {
      setErrors({ form: t("unreachable"), fields: {} });
    } else {
      setErrors({ form: code && t.has(code as MessageKey) ? t(code as MessageKey) : result.error, fields: {} });
    }
    return code;
  }

  return { save, errors, pending };
}
