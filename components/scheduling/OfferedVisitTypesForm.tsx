"use client";

import { useId, useState } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { callApi } from "@/lib/client/api";

type Outcome = { tone: "success" | "error"; message: string; attempt: number } | null;

/**
 * The visit types a physician offers, as checkboxes saved all at once: only
 * these find the physician's free times and can be booked (or moved) onto
 * their calendar. Visits already booked keep their type; saving says how many
 * booked visits ahead are of a type no longer offered.
 */
export function OfferedVisitTypesForm({
  physicianId,
  visitTypes,
  offeredIds,
}: {
  physicianId: string;
  visitTypes: ReadonlyArray<{ id: string; name: string; durationMinutes: number }>;
  offeredIds: readonly string[];
}) {
  const id = useId();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(offeredIds));
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [saving, setSaving] = useState(false);

  async function save() {
    const attempt = (outcome?.attempt ?? 0) + 1;
    if (chosen.size === 0) {
      setOutcome({ tone: "error", message: "Choose at least one visit type.", attempt });
      return;
    }
    setSaving(true);
    const result = await callApi<{ visitTypeIds: string[]; keptBookedVisits: number }>(`/api/physicians/${physicianId}/visit-types`, {
      method: "PUT",
      // In the list's order, so what is sent reads like what is shown.
      body: { visitTypeIds: visitTypes.filter((visitType) => chosen.has(visitType.id)).map((visitType) => visitType.id) },
    });
    setSaving(false);
    setOutcome(result.ok ? { tone: "success", message: savedMessage(result.data.keptBookedVisits), attempt } : { tone: "error", message: result.error, attempt });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      className="space-y-4"
    >
      <fieldset>
        <legend className="sr-only">Visit types offered</legend>
        <ul className="space-y-2">
          {visitTypes.map((visitType) => (
            <li key={visitType.id} className="flex items-center gap-3">
              <input
                id={`${id}-${visitType.id}`}
                type="checkbox"
                checked={chosen.has(visitType.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(visitType.id);
                  else next.delete(visitType.id);
                  setChosen(next);
                }}
                className="size-5 rounded border-slate-400 text-primary-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-700"
              />
              <label htmlFor={`${id}-${visitType.id}`} className="text-slate-900">
                {visitType.name} ({visitType.durationMinutes} minutes)
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {outcome && (
        <div key={outcome.attempt}>
          <FormAlert tone={outcome.tone}>{outcome.message}</FormAlert>
        </div>
      )}
      <button type="submit" disabled={saving} className={`${primaryActionClassName} disabled:opacity-70`}>
        {saving ? "Saving…" : "Save visit types"}
      </button>
    </form>
  );
}

function savedMessage(keptBookedVisits: number): string {
  if (keptBookedVisits === 0) return "Saved the visit types offered.";
  const visits = keptBookedVisits === 1 ? "1 booked visit" : `${keptBookedVisits} booked visits`;
  return `Saved the visit types offered. ${visits} of a type no longer offered ${keptBookedVisits === 1 ? "stays" : "stay"} on the calendar; move or cancel ${keptBookedVisits === 1 ? "it" : "them"} if needed.`;
}
