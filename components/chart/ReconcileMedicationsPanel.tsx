"use client";

import { useId, useState } from "react";
import { callApi } from "@/lib/client/api";
import { useChartResource } from "./chartApi";
import { LoadFailed, Loading } from "./ChartStates";
import { CHECK_IN_RESPONSE_TEXT, RECONCILIATION_STATUS_TEXT, ReconciledMedications, reconciliationPath } from "./ReconciledMedications";
import { fieldClassName, labelClassName, primaryButtonClassName, sectionHeadingClassName } from "./styles";
import type { ReconciliationJson, VisitReconciliationJson } from "./types";

type Status = ReconciliationJson["items"][number]["status"];
type Choice = { status: Status | ""; reason: string; note: string };

const STATUSES = Object.keys(RECONCILIATION_STATUS_TEXT) as Status[];
const NEEDS_REASON: ReadonlySet<Status> = new Set(["STOPPED", "TAKING_DIFFERENTLY"]);
const EMPTY: Choice = { status: "", reason: "", note: "" };

/**
 * "Reconcile medications" for the visit the chart is open beside: each active
 * medication (with what the patient answered at check-in, and whether it came
 * from an outside record) gets a status, and a reason when stopped or taken
 * differently; "Record reconciliation" sends them all. The latest one recorded
 * shows above with its time. Stopping a medication changes the chart's lists,
 * so the parent is told.
 */
export function ReconcileMedicationsPanel({
  appointmentId,
  timeZone,
  refreshKey,
  onReconciled,
}: {
  appointmentId: string;
  timeZone: string;
  refreshKey: number;
  onReconciled: () => void;
}) {
  const id = useId();
  const resource = useChartResource<VisitReconciliationJson>(reconciliationPath(appointmentId), refreshKey);
  const [choices, setChoices] = useState<ReadonlyMap<string, Choice>>(new Map());
  const [problem, setProblem] = useState<{ message: string; attempt: number } | null>(null);
  const [pending, setPending] = useState(false);
  const [recorded, setRecorded] = useState<ReconciliationJson | null>(null);

  const medications = resource.data?.medications ?? [];
  const latest = recorded ?? resource.data?.latest ?? null;
  const choiceOf = (medicationId: string) => choices.get(medicationId) ?? EMPTY;

  function choose(medicationId: string, change: Partial<Choice>) {
    setChoices((current) => new Map(current).set(medicationId, { ...(current.get(medicationId) ?? EMPTY), ...change }));
  }

  async function submit() {
    const unchosen = medications.filter((medication) => choiceOf(medication.id).status === "");
    const withoutReason = medications.filter((medication) => {
      const choice = choiceOf(medication.id);
      return choice.status !== "" && NEEDS_REASON.has(choice.status) && choice.reason.trim() === "";
    });
    const attempt = (problem?.attempt ?? 0) + 1;
    if (unchosen.length > 0) return setProblem({ message: `Choose a status for ${unchosen.map((m) => m.name).join(", ")}.`, attempt });
    if (withoutReason.length > 0) return setProblem({ message: `Give the reason for ${withoutReason.map((m) => m.name).join(", ")}.`, attempt });
    setProblem(null);
    setPending(true);
    const result = await callApi<{ reconciliation: ReconciliationJson }>(reconciliationPath(appointmentId), {
      method: "POST",
      body: {
        appointmentId,
        items: medications.map((medication) => {
          const choice = choiceOf(medication.id);
          return { medicationId: medication.id, status: choice.status, reason: choice.reason.trim(), note: choice.note.trim() };
        }),
      },
    });
    setPending(false);
    if (!result.ok) return setProblem({ message: result.error, attempt });
    setRecorded(result.data.reconciliation);
    setChoices(new Map());
    onReconciled();
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-3">
      <h3 id={`${id}-heading`} className={sectionHeadingClassName}>
        Reconcile medications
      </h3>
      <div role="status">{latest && <ReconciledMedications reconciliation={latest} timeZone={timeZone} />}</div>
      {resource.error && <LoadFailed what="the medication list" error={resource.error} onRetry={resource.reload} />}
      {resource.data === null ? (
        !resource.error && <Loading>Loading the medication list…</Loading>
      ) : medications.length === 0 ? (
        <p className="text-sm text-slate-700">No active medications to reconcile.</p>
      ) : (
        <form
          aria-label="Reconcile medications"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
          className="space-y-3"
        >
          {problem && (
            <p key={problem.attempt} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
              {problem.message}
            </p>
          )}
          {medications.map((medication) => {
            const choice = choiceOf(medication.id);
            const field = `${id}-${medication.id}`;
            return (
              <fieldset key={medication.id} className="space-y-2 rounded-md border border-slate-200 p-2">
                <legend className="px-1 text-sm font-semibold text-slate-900">
                  {medication.name} {medication.dose}
                </legend>
                <p className="text-xs text-slate-700">
                  {medication.frequency}
                  {medication.outside ? " · From an outside record" : ""}
                  {medication.checkIn
                    ? ` · At check-in the patient said: ${CHECK_IN_RESPONSE_TEXT[medication.checkIn.response]}${medication.checkIn.note ? ` (${medication.checkIn.note})` : ""}`
                    : ""}
                </p>
                <div className="flex flex-wrap gap-x-4 gap-y-1">
                  {STATUSES.map((status) => (
                    <label key={status} className="flex items-center gap-1.5 text-sm">
                      <input
                        type="radio"
                        name={`${field}-status`}
                        value={status}
                        checked={choice.status === status}
                        onChange={() => choose(medication.id, { status })}
                      />
                      {RECONCILIATION_STATUS_TEXT[status]}
                    </label>
                  ))}
                </div>
                {choice.status !== "" && NEEDS_REASON.has(choice.status) && (
                  <div className="space-y-1">
                    <label htmlFor={`${field}-reason`} className={labelClassName}>
                      Reason for {medication.name}
                    </label>
                    <input
                      id={`${field}-reason`}
                      value={choice.reason}
                      onChange={(event) => choose(medication.id, { reason: event.target.value })}
                      maxLength={500}
                      autoComplete="off"
                      className={fieldClassName}
                    />
                  </div>
                )}
                <div className="space-y-1">
                  <label htmlFor={`${field}-note`} className={labelClassName}>
                    Note for {medication.name} (optional)
                  </label>
                  <input
                    id={`${field}-note`}
                    value={choice.note}
                    onChange={(event) => choose(medication.id, { note: event.target.value })}
                    maxLength={500}
                    autoComplete="off"
                    className={fieldClassName}
                  />
                </div>
              </fieldset>
            );
          })}
          <button type="submit" disabled={pending} className={primaryButtonClassName}>
            {pending ? "Recording…" : "Record reconciliation"}
          </button>
        </form>
      )}
    </section>
  );
}
