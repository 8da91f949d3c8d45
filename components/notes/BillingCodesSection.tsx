"use client";

import { useId, useState } from "react";
import { visitFieldClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";
import { CPT_CODES, icd10Label, MAX_DIAGNOSIS_CODES, searchIcd10 } from "@/lib/billing/codes";
import { HANDOUT_KEYS, handoutText } from "@/lib/notes/handouts";
import { REQUIREMENT_LABELS, type NoteRequirement } from "@/lib/notes/telehealth-fields";
import type { NoteDetails } from "@/lib/notes/types";

// The claim's codes and the patient's handouts, under the note's text: the
// visit's E/M code from the short list, the assessment's ICD-10-CM codes found
// by code or words, and the handouts the after-visit summary will include.

export interface BillingCodesSectionProps {
  details: NoteDetails;
  readOnly: boolean;
  missing: readonly NoteRequirement[];
  onChange: (changes: Partial<NoteDetails>) => void;
}

export function BillingCodesSection({ details, readOnly, missing, onChange }: BillingCodesSectionProps) {
  const id = useId();
  const [query, setQuery] = useState("");
  const matches = searchIcd10(query).filter((entry) => !details.diagnosisCodes.includes(entry.code));
  const full = details.diagnosisCodes.length >= MAX_DIAGNOSIS_CODES;
  const problem = (field: NoteRequirement) =>
    missing.includes(field) ? (
      <p id={`${id}-${field}-missing`} className="text-sm font-medium text-red-800">
        {REQUIREMENT_LABELS[field]}: required to sign.
      </p>
    ) : null;
  const described = (field: NoteRequirement) =>
    missing.includes(field) ? { "aria-invalid": true, "aria-describedby": `${id}-${field}-missing` } : {};

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4 rounded-md border border-slate-300 p-4">
      <h4 id={`${id}-heading`} className="font-semibold text-slate-900">
        Billing and handouts
      </h4>
      <div className="space-y-1">
        <label htmlFor={`${id}-cpt`} className="block font-medium text-slate-900">
          Visit code (CPT)
        </label>
        <select
          id={`${id}-cpt`}
          className={visitFieldClassName}
          disabled={readOnly}
          value={details.cptCode ?? ""}
          onChange={(event) => onChange({ cptCode: event.target.value === "" ? null : event.target.value })}
          {...described("cptCode")}
        >
          <option value="">Choose the visit&apos;s code</option>
          {CPT_CODES.map((entry) => (
            <option key={entry.code} value={entry.code}>
              {entry.code} — {entry.label}
            </option>
          ))}
        </select>
        {problem("cptCode")}
      </div>

      <div className="space-y-2">
        <h5 className="font-medium text-slate-900">Diagnosis codes (ICD-10)</h5>
        {details.diagnosisCodes.length === 0 ? (
          <p className="text-slate-700">None chosen yet.</p>
        ) : (
          <ol className="space-y-1">
            {details.diagnosisCodes.map((code) => (
              <li key={code} className="flex flex-wrap items-center gap-3 text-slate-900">
                <span>
                  {code} — {icd10Label(code) ?? code}
                </span>
                {!readOnly && (
                  <button
                    type="button"
                    className={visitSecondaryButtonClassName}
                    aria-label={`Remove ${code}`}
                    onClick={() => onChange({ diagnosisCodes: details.diagnosisCodes.filter((chosen) => chosen !== code) })}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ol>
        )}
        {problem("diagnosisCodes")}
        {!readOnly && !full && (
          <div className="space-y-1">
            <label htmlFor={`${id}-icd-search`} className="block text-sm font-medium text-slate-900">
              Find a diagnosis code
            </label>
            <input
              id={`${id}-icd-search`}
              type="search"
              className={visitFieldClassName}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="Code or words, e.g. hypertension"
              {...described("diagnosisCodes")}
            />
            {query.trim() !== "" && (
              <ul aria-label="Matching diagnosis codes" className="space-y-1">
                {matches.length === 0 && <li className="text-slate-700">No code matches.</li>}
                {matches.map((entry) => (
                  <li key={entry.code}>
                    <button
                      type="button"
                      className={`${visitSecondaryButtonClassName} w-full justify-start text-left`}
                      onClick={() => {
                        onChange({ diagnosisCodes: [...details.diagnosisCodes, entry.code] });
                        setQuery("");
                      }}
                    >
                      Add {entry.code} — {entry.label}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>

      <fieldset className="space-y-1" disabled={readOnly}>
        <legend className="font-medium text-slate-900">Handouts for the patient</legend>
        {HANDOUT_KEYS.map((key) => (
          <label key={key} className="flex min-h-11 items-center gap-2 text-slate-900">
            <input
              type="checkbox"
              checked={details.handouts.includes(key)}
              onChange={(event) =>
                onChange({ handouts: event.target.checked ? [...details.handouts, key] : details.handouts.filter((chosen) => chosen !== key) })
              }
            />
            {handoutText(key, "en").title}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
