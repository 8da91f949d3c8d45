"use client";

import { useId } from "react";
import { VITAL_SIGNS } from "@/lib/chart/vitals";
import { patientApiPath } from "./chartApi";
import { EditRefusal } from "./EditRefusal";
import { fieldClassName, labelClassName, primaryButtonClassName } from "./styles";
import { useChartEdit } from "./useChartEdit";

const RECORDABLE = VITAL_SIGNS.filter((vital) => vital.recordable);

/**
 * "Record a vital sign": which one, its value in the unit shown, and whether
 * it was measured at this visit or is the patient's home reading (as they
 * gave it at check-in). The server refuses values no body could have.
 */
export function RecordVitalForm({ patientId, onChanged }: { patientId: string; onChanged: () => void }) {
  const id = useId();
  const edit = useChartEdit();

  async function record(form: HTMLFormElement) {
    const fields = new FormData(form);
    const value = String(fields.get("value") ?? "").trim();
    const recorded = await edit.send(patientApiPath(patientId, "chart/vitals"), "POST", {
      loincCode: String(fields.get("loincCode") ?? ""),
      value: value === "" ? null : Number(value),
      source: String(fields.get("source") ?? ""),
    });
    if (recorded) {
      form.reset();
      onChanged();
    }
  }

  return (
    <form
      aria-label="Record a vital sign"
      onSubmit={(event) => {
        event.preventDefault();
        void record(event.currentTarget);
      }}
      className="space-y-2 rounded-md border border-slate-200 p-2"
    >
      <EditRefusal id={`${id}-error`} error={edit.error} />
      <div className="grid gap-2 sm:grid-cols-3">
        <div>
          <label htmlFor={`${id}-vital`} className={labelClassName}>
            Vital sign
          </label>
          <select id={`${id}-vital`} name="loincCode" className={fieldClassName}>
            {RECORDABLE.map((vital) => (
              <option key={vital.loincCode} value={vital.loincCode}>
                {vital.label} ({vital.unit})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-value`} className={labelClassName}>
            Value
          </label>
          <input
            id={`${id}-value`}
            name="value"
            type="number"
            step="any"
            required
            aria-describedby={edit.error ? `${id}-error` : undefined}
            className={fieldClassName}
          />
        </div>
        <div>
          <label htmlFor={`${id}-source`} className={labelClassName}>
            Measured
          </label>
          <select id={`${id}-source`} name="source" className={fieldClassName}>
            <option value="CLINIC">At this visit</option>
            <option value="HOME_READING">Home reading</option>
          </select>
        </div>
      </div>
      <button type="submit" disabled={edit.pending} className={primaryButtonClassName}>
        {edit.pending ? "Saving…" : "Record vital sign"}
      </button>
    </form>
  );
}
