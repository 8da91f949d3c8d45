"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { TextAreaField } from "@/components/TextAreaField";
import { TextField } from "@/components/TextField";
import { BREAK_GLASS_DETAILS_MAX, BREAK_GLASS_DETAILS_MIN, BREAK_GLASS_REASONS } from "@/lib/auth/break-glass/reasons";
import { callApi } from "@/lib/client/api";
import { patientApiPath } from "./chartApi";

type Field = "reasonCode" | "reasonText" | "code";

/**
 * Opens a chart outside the care relationship: why (a category and the
 * physician's own words) and a fresh code from their authenticator app. On
 * success the page reloads with the chart; a refusal is announced and the
 * code field is emptied, since a code works once.
 */
export function BreakGlassForm({ patientId, minutes }: { patientId: string; minutes: number }) {
  const router = useRouter();
  const id = useId();
  const codeRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<{ message: string; fields: Partial<Record<Field, string>>; attempt: number } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await callApi(patientApiPath(patientId, "break-glass"), {
      method: "POST",
      body: { reasonCode: form.get("reasonCode"), reasonText: form.get("reasonText"), code: form.get("code") },
    });
    if (result.ok) {
      router.refresh();
      return;
    }
    setPending(false);
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as Array<{ path: string; message: string }>) : [];
    const fields = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    setFailure((previous) => ({ message: result.error, fields, attempt: (previous?.attempt ?? 0) + 1 }));
    if (codeRef.current) codeRef.current.value = "";
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="max-w-2xl space-y-4 rounded-xl border border-amber-300 bg-amber-50 p-6 shadow-sm">
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        Open this chart with break-glass access
      </h2>
      <p className="text-slate-800">
        Only if you need it to care for this patient now. The chart opens for {minutes} minutes. Your reason, the time and every record
        you open are kept, reviewed by the clinic&apos;s administrators and reported to its privacy officer.
      </p>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {failure && (
          <FormAlert key={failure.attempt} tone="error">
            {failure.message}
          </FormAlert>
        )}
        <SelectField id={`${id}-reason`} name="reasonCode" label="Why do you need this chart?" required defaultValue="" error={failure?.fields.reasonCode}>
          <option value="" disabled>
            Choose a reason
          </option>
          {Object.entries(BREAK_GLASS_REASONS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          id={`${id}-details`}
          name="reasonText"
          label="In your own words"
          hint={`${BREAK_GLASS_DETAILS_MIN} to ${BREAK_GLASS_DETAILS_MAX} characters, for the review.`}
          error={failure?.fields.reasonText}
          required
          minLength={BREAK_GLASS_DETAILS_MIN}
          maxLength={BREAK_GLASS_DETAILS_MAX}
          rows={3}
        />
        <TextField
          ref={codeRef}
          id={`${id}-code`}
          name="code"
          label="Code from your authenticator app"
          hint="A new code: one you have not used to sign in."
          error={failure?.fields.code}
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          className="max-w-40"
        />
        <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
          {pending ? "Opening…" : `Open the chart for ${minutes} minutes`}
        </button>
      </form>
    </section>
  );
}
