"use client";

import { useRef, useState } from "react";
import { patientApiPath, useChartResource } from "./chartApi";
import { LoadFailed, Loading } from "./ChartStates";
import { NewPrescriptionForm } from "./NewPrescriptionForm";
import { PrescriptionList } from "./PrescriptionList";
import { ReconcileMedicationsPanel } from "./ReconcileMedicationsPanel";
import type { PrescriptionJson } from "./types";

/**
 * At a visit, medication reconciliation first; then active and past
 * prescriptions, and the form to write a new one (at this visit, when the chart
 * is open beside one).
 */
export function PrescriptionsTab({
  patientId,
  appointmentId,
  timeZone,
  frequencies,
  refreshKey,
  onChartChanged,
}: {
  patientId: string;
  appointmentId?: string;
  timeZone: string;
  frequencies: readonly string[];
  refreshKey: number;
  /** A prescription was written or stopped: the medication list and history change too. */
  onChartChanged: () => void;
}) {
  const activeHeadingRef = useRef<HTMLHeadingElement>(null);
  const [stopped, setStopped] = useState<{ name: string; count: number } | null>(null);
  const list = useChartResource<{ prescriptions: PrescriptionJson[] }>(patientApiPath(patientId, "prescriptions"), refreshKey);
  const prescriptions = list.data?.prescriptions ?? [];
  const active = prescriptions.filter((prescription) => prescription.status === "ACTIVE");
  const past = prescriptions.filter((prescription) => prescription.status !== "ACTIVE");

  function discontinued(prescription: PrescriptionJson) {
    setStopped((current) => ({ name: prescription.drugName, count: (current?.count ?? 0) + 1 }));
    onChartChanged();
    // The item (and the button that was used) leaves the list: focus its heading.
    activeHeadingRef.current?.focus();
  }

  return (
    <div className="space-y-5">
      <p role="status" className="sr-only">
        {stopped ? `Discontinued ${stopped.name}` : ""}
      </p>
      {appointmentId && (
        <ReconcileMedicationsPanel appointmentId={appointmentId} timeZone={timeZone} refreshKey={refreshKey} onReconciled={onChartChanged} />
      )}
      {list.error && <LoadFailed what="the prescriptions" error={list.error} onRetry={list.reload} />}
      {list.data === null ? (
        !list.error && <Loading>Loading the prescriptions…</Loading>
      ) : (
        <PrescriptionList
          title="Active prescriptions"
          headingRef={activeHeadingRef}
          prescriptions={active}
          timeZone={timeZone}
          empty="No active prescriptions."
          onDiscontinued={discontinued}
        />
      )}
      <NewPrescriptionForm patientId={patientId} appointmentId={appointmentId} frequencies={frequencies} onPrescribed={onChartChanged} />
      {list.data !== null && (
        <PrescriptionList title="Past prescriptions" prescriptions={past} timeZone={timeZone} empty="No past prescriptions." />
      )}
    </div>
  );
}
