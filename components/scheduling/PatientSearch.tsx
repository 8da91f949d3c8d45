"use client";

import { useId, useState } from "react";
import { FormAlert } from "@/components/FormAlert";
import { TextField } from "@/components/TextField";
import type { PatientSummary } from "@/lib/scheduling/patients";
import { callApi } from "@/lib/client/api";
import { formatBirthDate } from "./calendar-format";
import { secondaryButtonClassName } from "./styles";

/** One line that tells patients with similar names apart. */
export function describePatient(patient: PatientSummary): string {
  return `${patient.givenName} ${patient.familyName}, born ${formatBirthDate(patient.dateOfBirth)}, ${patient.mrn}`;
}

/** Finds a registered patient by name, date of birth or MRN, and picks one of the matches. */
export function PatientSearch({ onSelect }: { onSelect: (patient: PatientSummary) => void }) {
  const id = useId();
  const [results, setResults] = useState<{ query: string; patients: PatientSummary[] } | null>(null);
  const [error, setError] = useState<{ message: string; attempt: number } | null>(null);
  const [pending, setPending] = useState(false);

  async function search(query: string) {
    setPending(true);
    const result = await callApi<{ patients: PatientSummary[] }>(`/api/patients?${new URLSearchParams({ query })}`);
    setPending(false);
    if (result.ok) {
      setError(null);
      setResults({ query, patients: result.data.patients });
    } else {
      const issues = Array.isArray(result.body.issues) ? (result.body.issues as { message: string }[]) : [];
      setError({ message: issues[0]?.message ?? result.error, attempt: (error?.attempt ?? 0) + 1 });
    }
  }

  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Patients"
        onSubmit={(event) => {
          event.preventDefault();
          void search(String(new FormData(event.currentTarget).get("query") ?? "").trim());
        }}
        className="flex flex-wrap items-end gap-3"
      >
        <div className="min-w-0 flex-1">
          <TextField
            id={`${id}-query`}
            name="query"
            label="Find a patient"
            hint="Name, date of birth (YYYY-MM-DD) or MRN"
            required
            minLength={2}
            maxLength={100}
            autoComplete="off"
          />
        </div>
        <button type="submit" disabled={pending} className={`${secondaryButtonClassName} py-2`}>
          {pending ? "Searching…" : "Search"}
        </button>
      </form>
      {error && (
        <div key={error.attempt}>
          <FormAlert tone="error">{error.message}</FormAlert>
        </div>
      )}
      {/* Present from the start, so screen readers announce each new count. */}
      <p role="status" className={results?.patients.length === 0 ? "text-slate-700" : "sr-only"}>
        {results && (results.patients.length === 0 ? `No patient matches “${results.query}”.` : `${results.patients.length} ${results.patients.length === 1 ? "patient" : "patients"} found.`)}
      </p>
      {results && results.patients.length > 0 && (
        <ul aria-label="Patients found" className="divide-y divide-slate-200 rounded-lg border border-slate-200">
          {results.patients.map((patient) => (
            <li key={patient.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-2">
              <span className="text-slate-900">{describePatient(patient)}</span>
              <button type="button" onClick={() => onSelect(patient)} className={secondaryButtonClassName}>
                Choose<span className="sr-only"> {patient.givenName} {patient.familyName}, {patient.mrn}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
