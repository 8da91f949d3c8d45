"use client";

import { useId } from "react";
import { patientApiPath } from "./chartApi";
import { EditRefusal } from "./EditRefusal";
import { SEVERITY_TEXT } from "./format";
import { fieldClassName, labelClassName, primaryButtonClassName, secondaryButtonClassName } from "./styles";
import { useChartEdit } from "./useChartEdit";

const SEVERITIES = ["MILD", "MODERATE", "SEVERE", "LIFE_THREATENING"] as const;

/**
 * "Add an allergy" (substance, reaction, severity) under the allergy list,
 * and, while the chart lists none, "Attest no known allergies". The server
 * refuses a second active allergy to the same substance; its message shows
 * here and the fields keep what was typed.
 */
export function AddAllergyForm({ patientId, canAttest, onChanged }: { patientId: string; canAttest: boolean; onChanged: () => void }) {
  const id = useId();
  const edit = useChartEdit();

  async function add(form: HTMLFormElement) {
    const fields = new FormData(form);
    const added = await edit.send(patientApiPath(patientId, "chart/allergies"), "POST", {
      substance: String(fields.get("substance") ?? ""),
      reaction: String(fields.get("reaction") ?? ""),
      severity: String(fields.get("severity") ?? ""),
    });
    if (added) {
      form.reset();
      onChanged();
    }
  }

  async function attest() {
    if (await edit.send(patientApiPath(patientId, "chart/no-known-allergies"), "PUT", {})) onChanged();
  }

  const described = edit.error ? `${id}-error` : undefined;
  return (
    <form
      aria-label="Add an allergy"
      onSubmit={(event) => {
        event.preventDefault();
        void add(event.currentTarget);
      }}
      className="space-y-2 rounded-md border border-slate-200 p-2"
    >
      <EditRefusal id={`${id}-error`} error={edit.error} />
      <div className="grid gap-2 sm:grid-cols-3">
        <div>
          <label htmlFor={`${id}-substance`} className={labelClassName}>
            Substance
          </label>
          <input id={`${id}-substance`} name="substance" required maxLength={100} autoComplete="off" aria-describedby={described} className={fieldClassName} />
        </div>
        <div>
          <label htmlFor={`${id}-reaction`} className={labelClassName}>
            Reaction
          </label>
          <input id={`${id}-reaction`} name="reaction" required maxLength={200} autoComplete="off" className={fieldClassName} />
        </div>
        <div>
          <label htmlFor={`${id}-severity`} className={labelClassName}>
            Severity
          </label>
          <select id={`${id}-severity`} name="severity" required defaultValue="MODERATE" className={fieldClassName}>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {SEVERITY_TEXT[severity]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={edit.pending} className={primaryButtonClassName}>
          {edit.pending ? "Saving…" : "Add allergy"}
        </button>
        {canAttest && (
          <button type="button" disabled={edit.pending} onClick={() => void attest()} className={secondaryButtonClassName}>
            Attest no known allergies
          </button>
        )}
      </div>
    </form>
  );
}
