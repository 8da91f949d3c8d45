"use client";

import { useEffect, useState } from "react";
import { callVisitApi } from "@/components/visits/visitApi";
import type { CheckInSummaryView } from "@/lib/checkin/types";
import { CheckInSummary } from "./CheckInSummary";

/**
 * The waiting patient's check-in, fetched when they appear in the physician's
 * waiting list, under a disclosure the physician can fold; `open` sets how it
 * starts (and folds or unfolds it when it changes), the physician's own toggle
 * holds otherwise. An interpreter need and an unfinished check-in stay in view.
 */
export function WaitingPatientCheckIn({ appointmentId, timeZone, open }: { appointmentId: string; timeZone: string; open: boolean }) {
  const [summary, setSummary] = useState<CheckInSummaryView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    void callVisitApi<CheckInSummaryView>(`/api/visits/${encodeURIComponent(appointmentId)}/check-in/summary`, { signal: controller.signal })
      .then((result) => {
        if (result.ok) setSummary(result.data);
        else setError(result.error);
      })
      .catch(() => null);
    return () => controller.abort();
  }, [appointmentId]);

  if (error) return <p className="text-sm font-medium text-red-700">The check-in could not be loaded: {error}</p>;
  if (!summary) return <p className="text-sm text-slate-700">Loading the check-in…</p>;
  return (
    <details open={open} className="text-sm text-slate-900">
      <summary className="cursor-pointer font-medium">
        Check-in{summary.interpreterNeeded ? ": interpreter needed" : ""}
        {summary.completedAt ? "" : " (not finished)"}
      </summary>
      <CheckInSummary summary={summary} timeZone={timeZone} />
    </details>
  );
}
