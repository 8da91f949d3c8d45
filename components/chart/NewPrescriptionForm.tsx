"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { focusOnMount } from "@/components/focusOnMount";
import { callApi } from "@/lib/client/api";
import { patientApiPath } from "./chartApi";
import { DrugSearch } from "./DrugSearch";
import { WarningIcon } from "./icons";
import { acknowledgementsOf, allAcknowledged, checkPrescriptionForm, refusalByField, warningsOf, type FieldErrors } from "./prescriptionForm";
import { dangerButtonClassName, fieldClassName, hintClassName, labelClassName, primaryButtonClassName, secondaryButtonClassName } from "./styles";
import type { CreatedPrescriptionJson, DrugOption, PrescriptionWarningJson } from "./types";

const MAX_REFILLS = 11;
const MAX_QUANTITY = 1000;

const EMPTY = { dose: "", route: "", frequency: "", quantity: "", refills: "0", instructions: "" };

/**
 * The "New prescription" form. The server checks the prescription against the
 * chart; when it raises warnings (an allergy, duplicate therapy) it refuses with
 * 409 and the list: the form then shows each with a checkbox "I have reviewed: …"
 * (an interaction also with a field for the prescriber's reason), and "Prescribe
 * anyway" (enabled once all are ticked and every interaction has its reason)
 * sends it again with the acknowledgements. Success is announced as "Prescribed <drug>".
 */
export function NewPrescriptionForm({
  patientId,
  appointmentId,
  frequencies,
  onPrescribed,
}: {
  patientId: string;
  /** The visit it is written at, so it shows in that visit's after-visit summary; none outside a visit. */
  appointmentId?: string;
  frequencies: readonly string[];
  onPrescribed: (created: CreatedPrescriptionJson) => void;
}) {
  const id = useId();
  const drugInputRef = useRef<HTMLInputElement>(null);
  const [drug, setDrug] = useState<DrugOption | null>(null);
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<{ message: string; attempt: number } | null>(null);
  const [warnings, setWarnings] = useState<PrescriptionWarningJson[] | null>(null);
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const [reasons, setReasons] = useState<ReadonlyMap<string, string>>(new Map());
  /** When the prescriber ticked "I checked the PDMP" for the controlled drug chosen; null while unticked. */
  const [pdmpCheckedAt, setPdmpCheckedAt] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [prescribed, setPrescribed] = useState<{ name: string; count: number } | null>(null);

  function set(field: keyof typeof EMPTY, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  }

  function chooseDrug(next: DrugOption | null) {
    setDrug(next);
    // The route must be one this dose form is given by: the drug's first (its default).
    setValues((current) => ({ ...current, route: next?.routes[0] ?? "" }));
    setPdmpCheckedAt(null);
    setErrors((current) => ({ ...current, drug: undefined, route: undefined }));
    // Warnings were for the drug the server saw; another drug gets its own.
    setWarnings(null);
    setAcknowledged(new Set());
    setReasons(new Map());
  }

  async function submit(acknowledgedWarnings: ReturnType<typeof acknowledgementsOf>) {
    const problems = checkPrescriptionForm({ drugChosen: drug !== null, ...values });
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !drug) {
      setFormError({ message: "Check the highlighted fields.", attempt: (formError?.attempt ?? 0) + 1 });
      return;
    }
    setFormError(null);
    setPending(true);
    const result = await callApi<CreatedPrescriptionJson>(patientApiPath(patientId, "prescriptions"), {
      method: "POST",
      body: {
        patientId,
        appointmentId,
        rxnormCode: drug.rxcui,
        dose: values.dose.trim(),
        route: values.route,
        frequency: values.frequency,
        quantity: Number(values.quantity),
        refills: Number(values.refills),
        ...(values.instructions.trim() ? { instructions: values.instructions.trim() } : {}),
        ...(drug.schedule && pdmpCheckedAt ? { pdmpCheckedAt } : {}),
        acknowledgedWarnings,
      },
    });
    setPending(false);
    if (result.ok) {
      const name = result.data.prescription.drugName;
      setPrescribed((current) => ({ name, count: (current?.count ?? 0) + 1 }));
      setDrug(null);
      setValues(EMPTY);
      setPdmpCheckedAt(null);
      setWarnings(null);
      setAcknowledged(new Set());
      setReasons(new Map());
      onPrescribed(result.data);
      // Ready for the next one; the status line says what was prescribed.
      drugInputRef.current?.focus();
      return;
    }
    const raised = warningsOf(result.status, result.body);
    if (raised) {
      // Keep the ticks of warnings that are still raised (the chart may have changed meanwhile).
      setAcknowledged((current) => new Set(raised.map((warning) => warning.code).filter((code) => current.has(code))));
      setWarnings(raised);
      return;
    }
    const refusal = refusalByField(result.body, result.error);
    setErrors(refusal.fields);
    setFormError({
      message: refusal.form ?? "Check the highlighted fields.",
      attempt: (formError?.attempt ?? 0) + 1,
    });
  }

  const drugRoutes = drug?.routes ?? [];
  const ready = warnings !== null && allAcknowledged(warnings, acknowledged, reasons);

  return (
    <form
      aria-label="New prescription"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (warnings === null) void submit([]);
      }}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <h3 className="text-base font-semibold text-slate-900">New prescription</h3>
      {/* Present from the start so each success is announced. */}
      <p role="status" className={prescribed ? "rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900" : "sr-only"}>
        {prescribed ? `Prescribed ${prescribed.name}` : ""}
      </p>
      {formError && (
        <p key={formError.attempt} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {formError.message}
        </p>
      )}

      <DrugSearch patientId={patientId} value={drug} onChange={chooseDrug} error={errors.drug} inputRef={drugInputRef} />

      <Field id={`${id}-dose`} label="Dose" hint="With its amount, such as 500 mg or 2 puffs." error={errors.dose}>
        {(describedBy) => (
          <input
            id={`${id}-dose`}
            value={values.dose}
            onChange={(event) => set("dose", event.target.value)}
            maxLength={80}
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={errors.dose ? true : undefined}
            className={fieldClassName}
          />
        )}
      </Field>

      <Field id={`${id}-route`} label="Route" hint={drug ? undefined : "Choose a drug first."} error={errors.route}>
        {(describedBy) => (
          <select
            id={`${id}-route`}
            value={values.route}
            onChange={(event) => set("route", event.target.value)}
            disabled={!drug}
            aria-describedby={describedBy}
            aria-invalid={errors.route ? true : undefined}
            className={fieldClassName}
          >
            <option value="">Choose a route</option>
            {drugRoutes.map((route) => (
              <option key={route} value={route}>
                {route}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Field id={`${id}-frequency`} label="Frequency" error={errors.frequency}>
        {(describedBy) => (
          <select
            id={`${id}-frequency`}
            value={values.frequency}
            onChange={(event) => set("frequency", event.target.value)}
            aria-describedby={describedBy}
            aria-invalid={errors.frequency ? true : undefined}
            className={fieldClassName}
          >
            <option value="">Choose how often</option>
            {frequencies.map((frequency) => (
              <option key={frequency} value={frequency}>
                {frequency}
              </option>
            ))}
          </select>
        )}
      </Field>

      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-quantity`} label="Quantity" error={errors.quantity}>
          {(describedBy) => (
            <input
              id={`${id}-quantity`}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_QUANTITY}
              step={1}
              value={values.quantity}
              onChange={(event) => set("quantity", event.target.value)}
              aria-describedby={describedBy}
              aria-invalid={errors.quantity ? true : undefined}
              className={fieldClassName}
            />
          )}
        </Field>
        <Field
          id={`${id}-refills`}
          label="Refills"
          hint={drug?.schedule === "II" ? "Schedule II: no refills." : drug?.schedule ? `Schedule ${drug.schedule}: at most 5.` : undefined}
          error={errors.refills}
        >
          {(describedBy) => (
            <input
              id={`${id}-refills`}
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_REFILLS}
              step={1}
              value={values.refills}
              onChange={(event) => set("refills", event.target.value)}
              aria-describedby={describedBy}
              aria-invalid={errors.refills ? true : undefined}
              className={fieldClassName}
            />
          )}
        </Field>
      </div>

      <Field id={`${id}-instructions`} label="Instructions" hint="Optional: what the patient should know." error={errors.instructions}>
        {(describedBy) => (
          <textarea
            id={`${id}-instructions`}
            value={values.instructions}
            onChange={(event) => set("instructions", event.target.value)}
            maxLength={1000}
            rows={2}
            aria-describedby={describedBy}
            aria-invalid={errors.instructions ? true : undefined}
            className={fieldClassName}
          />
        )}
      </Field>

      {drug?.schedule && (
        <div className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-slate-900">
          <p>
            Schedule {drug.schedule} controlled substance: by telemedicine only at an audio-video visit, until {drug.telehealthUntil}.
          </p>
          <div className="flex items-start gap-2">
            <input
              id={`${id}-pdmp`}
              type="checkbox"
              checked={pdmpCheckedAt !== null}
              onChange={(event) => setPdmpCheckedAt(event.target.checked ? new Date().toISOString() : null)}
              className="mt-1 h-4 w-4 shrink-0"
            />
            <label htmlFor={`${id}-pdmp`}>I checked the state prescription drug monitoring program (PDMP) for this patient just now</label>
          </div>
        </div>
      )}

      {warnings === null ? (
        <button type="submit" disabled={pending} className={primaryButtonClassName}>
          {pending ? "Prescribing…" : "Prescribe"}
        </button>
      ) : (
        <div role="alert" className="space-y-3 rounded-md border-2 border-red-700 bg-red-50 p-3 text-sm text-red-950">
          <h4 ref={focusOnMount} tabIndex={-1} className="flex items-center gap-1.5 font-semibold">
            <WarningIcon />
            {warnings.length === 1 ? "Review this warning before prescribing" : `Review these ${warnings.length} warnings before prescribing`}
          </h4>
          <ul className="space-y-2">
            {warnings.map((warning) => (
              <li key={warning.code} className="space-y-1">
                {warning.severity && <p className="font-bold">{severityText(warning.severity)}</p>}
                <div className="flex items-start gap-2">
                <input
                  id={`${id}-ack-${warning.code}`}
                  type="checkbox"
                  checked={acknowledged.has(warning.code)}
                  onChange={(event) => {
                    const checked = event.target.checked;
                    setAcknowledged((current) => {
                      const next = new Set(current);
                      if (checked) next.add(warning.code);
                      else next.delete(warning.code);
                      return next;
                    });
                  }}
                  className="mt-1 h-4 w-4 shrink-0"
                />
                <label htmlFor={`${id}-ack-${warning.code}`}>I have reviewed: {warning.message}</label>
                </div>
                {warning.source && <p className="pl-6 text-xs">Source: {warning.source}</p>}
                {warning.reasonRequired && (
                  <div className="space-y-1 pl-6">
                    <label htmlFor={`${id}-reason-${warning.code}`} className={labelClassName}>
                      Reason for prescribing despite this interaction
                    </label>
                    <input
                      id={`${id}-reason-${warning.code}`}
                      value={reasons.get(warning.code) ?? ""}
                      onChange={(event) => {
                        const reason = event.target.value;
                        setReasons((current) => new Map(current).set(warning.code, reason));
                      }}
                      maxLength={500}
                      autoComplete="off"
                      className={fieldClassName}
                    />
                  </div>
                )}
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <button type="button" disabled={!ready || pending} onClick={() => void submit(acknowledgementsOf(warnings, reasons))} className={dangerButtonClassName}>
              {pending ? "Prescribing…" : "Prescribe anyway"}
            </button>
            <button
              type="button"
              onClick={() => {
                setWarnings(null);
                setAcknowledged(new Set());
                setReasons(new Map());
                drugInputRef.current?.focus();
              }}
              className={secondaryButtonClassName}
            >
              Change the prescription
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

function severityText(severity: string): string {
  return severity === "HIGH" ? "High risk" : severity === "MODERATE" ? "Moderate risk" : severity === "LOW" ? "Low risk" : severity;
}

/** A labelled control with its hint and error tied to it (the control gets the ids to describe itself with). */
function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className={hintClassName}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      {children(describedBy)}
    </div>
  );
}
