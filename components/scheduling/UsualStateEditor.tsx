"use client";

import { useId, useState } from "react";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { callApi } from "@/lib/client/api";
import { stateLabel, US_STATE_CODES } from "@/lib/geography/us-states";
import type { PatientSummary } from "@/lib/scheduling/patients";
import { secondaryButtonClassName } from "./styles";

/**
 * The state the patient usually is in, which the booking compares with the
 * physician's licences: shown, and changed by the desk when the patient has
 * moved or it was not known at registration.
 */
export function UsualStateEditor({ patient, onSaved }: { patient: PatientSummary; onSaved: (patient: PatientSummary) => void }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; attempt: number } | null>(null);
  const [status, setStatus] = useState("");

  async function save(usualState: string) {
    setPending(true);
    const result = await callApi<{ patient: PatientSummary }>(`/api/patients/${encodeURIComponent(patient.id)}/usual-state`, {
      method: "PUT",
      body: { usualState: usualState || null },
    });
    setPending(false);
    if (!result.ok) {
      const issues = Array.isArray(result.body.issues) ? (result.body.issues as { message: string }[]) : [];
      setError({ message: issues[0]?.message ?? result.error, attempt: (error?.attempt ?? 0) + 1 });
      return;
    }
    setError(null);
    setEditing(false);
    const saved = result.data.patient;
    setStatus(saved.usualState ? `Saved: ${saved.givenName} usually is in ${stateLabel(saved.usualState)}.` : `Saved: ${saved.givenName}'s usual state is not known.`);
    onSaved(saved);
  }

  return (
    <div className="space-y-2">
      <p className="text-slate-900">
        {patient.usualState ? `Usually in ${stateLabel(patient.usualState)}` : "Usual state not known"}
      </p>
      <p role="status" className="text-sm font-medium text-emerald-900">
        {status}
      </p>
      {editing ? (
        <form
          aria-label="Usual state"
          onSubmit={(event) => {
            event.preventDefault();
            void save(String(new FormData(event.currentTarget).get("usualState") ?? ""));
          }}
          className="flex flex-wrap items-end gap-3"
        >
          <div className="min-w-0 flex-1">
            <SelectField id={`${id}-state`} name="usualState" label="Usual state" defaultValue={patient.usualState ?? ""}>
              <option value="">Not known</option>
              {US_STATE_CODES.map((code) => (
                <option key={code} value={code}>
                  {stateLabel(code)}
                </option>
              ))}
            </SelectField>
          </div>
          <button type="submit" disabled={pending} className={`${secondaryButtonClassName} py-2`}>
            {pending ? "Saving…" : "Save usual state"}
          </button>
          <button type="button" onClick={() => setEditing(false)} className={`${secondaryButtonClassName} py-2`}>
            Keep as it was
          </button>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => {
            setStatus("");
            setEditing(true);
          }}
          className={secondaryButtonClassName}
        >
          Change usual state<span className="sr-only"> of {patient.givenName} {patient.familyName}</span>
        </button>
      )}
      {error && (
        <div key={error.attempt}>
          <FormAlert tone="error">{error.message}</FormAlert>
        </div>
      )}
    </div>
  );
}
