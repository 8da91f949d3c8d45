"use client";

import { LoadFailed } from "./ChartStates";
import { useChartResource } from "./chartApi";
import { formatChartDateTime } from "./format";
import type { ReconciliationJson, VisitReconciliationJson } from "./types";

/** GET (and POST) of a visit's medication reconciliation. */
export function reconciliationPath(appointmentId: string): string {
  return `/api/appointments/${encodeURIComponent(appointmentId)}/medication-reconciliation`;
}

export const RECONCILIATION_STATUS_TEXT: Record<ReconciliationJson["items"][number]["status"], string> = {
  TAKING: "Taking",
  NOT_TAKING: "Not taking",
  TAKING_DIFFERENTLY: "Taking differently",
  STOPPED: "Stopped",
};

export const CHECK_IN_RESPONSE_TEXT: Record<string, string> = {
  taking: "taking",
  notTaking: "not taking",
  takingDifferently: "taking differently",
};

/** "Medications reconciled at <time> by <physician>" and each medication's status, reason and note, as recorded. */
export function ReconciledMedications({ reconciliation, timeZone }: { reconciliation: ReconciliationJson; timeZone: string }) {
  return (
    <section aria-label="Medication reconciliation" className="space-y-1 text-sm text-slate-900">
      <p className="font-medium">
        Medications reconciled at {formatChartDateTime(reconciliation.recordedAt, timeZone)} by {reconciliation.physicianName}
      </p>
      <ul className="list-disc space-y-0.5 pl-5">
        {reconciliation.items.map((item) => (
          <li key={item.medicationId}>
            {item.name} {item.dose}: <span className="font-semibold">{RECONCILIATION_STATUS_TEXT[item.status]}</span>
            {item.reason ? ` (reason: ${item.reason})` : ""}
            {item.note ? `; ${item.note}` : ""}
            {item.outside ? " [outside record]" : ""}
            {item.checkInResponse ? ` [at check-in: ${CHECK_IN_RESPONSE_TEXT[item.checkInResponse] ?? item.checkInResponse}]` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Under the note during the visit: this visit's latest reconciliation, as the signed note will carry it. */
export function VisitReconciliationInNote({ appointmentId, timeZone, refreshKey }: { appointmentId: string; timeZone: string; refreshKey: number }) {
  const resource = useChartResource<VisitReconciliationJson>(reconciliationPath(appointmentId), refreshKey);
  if (resource.error) return <LoadFailed what="the medication reconciliation" error={resource.error} onRetry={resource.reload} />;
  const latest = resource.data?.latest;
  if (!latest) return <p className="text-sm text-slate-700">Medications not reconciled at this visit yet (Prescriptions tab).</p>;
  return <ReconciledMedications reconciliation={latest} timeZone={timeZone} />;
}
