"use client";

import { useId, useState } from "react";
import { callApi } from "@/lib/client/api";
import type { Icd10Code } from "@/lib/chart/chart-edit-rules";
import { patientApiPath } from "./chartApi";
import { EditRefusal } from "./EditRefusal";
import { fieldClassName, labelClassName, secondaryButtonClassName } from "./styles";
import { useChartEdit } from "./useChartEdit";

/**
 * "Add a problem": search the bundled ICD-10-CM subset by words or code
 * (GET …/chart/icd10), then "Add" one of the diagnoses found. Each result is a
 * button, so the keyboard path is Tab and Enter.
 */
export function AddProblemForm({ patientId, onChanged }: { patientId: string; onChanged: () => void }) {
  const id = useId();
  const edit = useChartEdit();
  const [found, setFound] = useState<{ query: string; codes: Icd10Code[] } | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);

  async function search(query: string) {
    const result = await callApi<{ codes: Icd10Code[] }>(patientApiPath(patientId, "chart/icd10", { q: query, limit: "10" }));
    if (result.ok) {
      setFound({ query, codes: result.data.codes });
      setSearchError(null);
    } else setSearchError(result.error);
  }

  async function add(code: Icd10Code) {
    if (await edit.send(patientApiPath(patientId, "chart/problems"), "POST", { icd10Code: code.code })) {
      setFound(null);
      onChanged();
    }
  }

  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-2">
      <form
        role="search"
        aria-label="Find a diagnosis"
        onSubmit={(event) => {
          event.preventDefault();
          const query = String(new FormData(event.currentTarget).get("query") ?? "").trim();
          if (query) void search(query);
        }}
        className="flex flex-wrap items-end gap-2"
      >
        <div className="grow">
          <label htmlFor={`${id}-query`} className={labelClassName}>
            Diagnosis or ICD-10-CM code
          </label>
          <input id={`${id}-query`} name="query" required maxLength={100} autoComplete="off" className={fieldClassName} />
        </div>
        <button type="submit" className={secondaryButtonClassName}>
          Find diagnosis
        </button>
      </form>
      {searchError && <p role="alert" className="text-sm font-medium text-red-700">{searchError}</p>}
      <EditRefusal id={`${id}-error`} error={edit.error} />
      {found && (
        <>
          <p role="status" className="text-sm text-slate-700">
            {found.codes.length === 0 ? `No diagnosis matches “${found.query}”.` : `${found.codes.length} found.`}
          </p>
          <ul className="space-y-1">
            {found.codes.map((code) => (
              <li key={code.code} className="flex items-center justify-between gap-2 text-sm text-slate-900">
                <span>
                  {code.description} <span className="font-mono text-slate-700">{code.code}</span>
                </span>
                <button type="button" disabled={edit.pending} onClick={() => void add(code)} className={secondaryButtonClassName}>
                  Add<span className="sr-only"> {code.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
