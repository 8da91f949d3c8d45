"use client";

import { useId, useState } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { TextField } from "@/components/TextField";
import type { PatientSummary } from "@/lib/scheduling/patients";
import { callApi } from "@/lib/client/api";
import { describePatient } from "./PatientSearch";
import { SelectField } from "@/components/SelectField";
import { US_STATE_CODES, US_STATES } from "@/lib/geography/us-states";
import { secondaryButtonClassName } from "./styles";

const FIELD_LABELS: Record<string, string> = {
  givenName: "Given name",
  familyName: "Family name",
  dateOfBirth: "Date of birth",
  sex: "Sex",
  email: "Email",
  phone: "Phone",
  timeZone: "Time zone",
  usualState: "Usual state",
};

const SEXES = [
  ["FEMALE", "Female"],
  ["MALE", "Male"],
  ["OTHER", "Other"],
  ["UNKNOWN", "Unknown"],
] as const;

type Problem = { message: string; duplicates?: PatientSummary[]; attempt: number };

/**
 * Registers a new patient. When someone similar is already registered the
 * server says who; the scheduler then picks that patient, or confirms this is
 * someone else and registers anyway.
 */
export function NewPatientForm({ defaultTimeZone, onRegistered }: { defaultTimeZone: string; onRegistered: (patient: PatientSummary) => void }) {
  const id = useId();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [submitted, setSubmitted] = useState<Record<string, unknown> | null>(null);

  async function register(patient: Record<string, unknown>, confirmDuplicate: boolean) {
    setPending(true);
    const result = await callApi<{ patient: PatientSummary }>("/api/patients", { method: "POST", body: { ...patient, confirmDuplicate } });
    setPending(false);
    const attempt = (problem?.attempt ?? 0) + 1;
    if (result.ok) return onRegistered(result.data.patient);
    if (result.status === 409 && Array.isArray(result.body.duplicates)) {
      setSubmitted(patient);
      return setProblem({ message: result.error, duplicates: result.body.duplicates as PatientSummary[], attempt });
    }
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as { path: string; message: string }[]) : [];
    const message = issues.length
      ? issues.map((issue) => `${FIELD_LABELS[issue.path.split(".")[0]!] ?? "Form"}: ${issue.message}`).join(" ")
      : result.error;
    setProblem({ message, attempt });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
        void register(
          {
            givenName: data.givenName,
            familyName: data.familyName,
            dateOfBirth: data.dateOfBirth,
            sex: data.sex,
            email: data.email?.trim() || null,
            phone: data.phone?.trim() || null,
            timeZone: data.timeZone,
            usualState: data.usualState || null,
          },
          false,
        );
      }}
      className="space-y-4"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id={`${id}-given`} name="givenName" label="Given name" required maxLength={100} autoComplete="off" />
        <TextField id={`${id}-family`} name="familyName" label="Family name" required maxLength={100} autoComplete="off" />
        <TextField id={`${id}-dob`} name="dateOfBirth" label="Date of birth" type="date" required />
        <SelectField id={`${id}-sex`} name="sex" label="Sex" required defaultValue="">
          <option value="" disabled>
            Choose
          </option>
          {SEXES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <TextField id={`${id}-email`} name="email" label="Email (for visit invitations)" type="email" maxLength={254} autoComplete="off" />
        <TextField id={`${id}-phone`} name="phone" label="Phone (optional)" type="tel" maxLength={20} autoComplete="off" />
        <SelectField id={`${id}-zone`} name="timeZone" label="Time zone" required defaultValue={defaultTimeZone}>
          {Intl.supportedValuesOf("timeZone").map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </SelectField>
        <SelectField id={`${id}-state`} name="usualState" label="Usual state (optional)" defaultValue="">
          <option value="">Not known</option>
          {US_STATE_CODES.map((code) => (
            <option key={code} value={code}>
              {US_STATES[code]} ({code})
            </option>
          ))}
        </SelectField>
      </div>
      {problem && (
        <div key={problem.attempt} className="space-y-3">
          <FormAlert tone="error">{problem.message}</FormAlert>
          {problem.duplicates && (
            <>
              <ul aria-label="Patients this may be" className="divide-y divide-slate-200 rounded-lg border border-slate-200">
                {problem.duplicates.map((patient) => (
                  <li key={patient.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-2">
                    <span>{describePatient(patient)}</span>
                    <button type="button" onClick={() => onRegistered(patient)} className={secondaryButtonClassName}>
                      This is the patient<span className="sr-only">: {patient.givenName} {patient.familyName}, {patient.mrn}</span>
                    </button>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                disabled={pending}
                onClick={() => submitted && void register(submitted, true)}
                className={secondaryButtonClassName}
              >
                Someone else: register as a new patient
              </button>
            </>
          )}
        </div>
      )}
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Registering…" : "Register patient"}
      </button>
    </form>
  );
}
