"use client";

import { useId, useState } from "react";
import { callApi } from "@/lib/client/api";
import { useChartResource } from "./chartApi";
import { LoadFailed } from "./ChartStates";
import { fieldClassName, hintClassName, labelClassName, primaryButtonClassName, secondaryButtonClassName, sectionHeadingClassName } from "./styles";
import type { CareGapDecisionJson, ChartSummaryJson, VisitCareGapDecisionsJson } from "./types";

type CareGap = ChartSummaryJson["careGaps"][number];

/** The visit's decisions on care gaps (accepted into the plan, dismissed): the Summary's buttons and the Note's list read them. */
export function careGapDecisionsPath(appointmentId: string): string {
  return `/api/appointments/${encodeURIComponent(appointmentId)}/care-gaps`;
}

/**
 * The open care-gap recommendations, each with why it is open and the
 * guideline (source and version) it comes from. Beside a visit, its physician
 * accepts one into the visit's plan or dismisses it with a reason.
 */
export function CareGapRecommendations({
  careGaps,
  appointmentId,
  refreshKey,
  onDecided,
}: {
  careGaps: CareGap[];
  /** The visit the chart is open beside; without one the recommendations are shown only. */
  appointmentId?: string;
  refreshKey: number;
  onDecided: () => void;
}) {
  const headingId = useId();
  const decisions = useChartResource<VisitCareGapDecisionsJson>(appointmentId ? careGapDecisionsPath(appointmentId) : null, refreshKey);
  const decided = new Map((decisions.data?.decisions ?? []).map((decision) => [decision.ruleId, decision]));
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Recommendations
      </h3>
      {decisions.error && <LoadFailed what="this visit's decisions on the recommendations" error={decisions.error} onRetry={decisions.reload} />}
      {careGaps.length === 0 ? (
        <p className="text-sm text-slate-700">No open care gaps.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm text-slate-900">
          {careGaps.map((gap) => (
            <li key={gap.ruleId} className="space-y-1 py-2">
              <p className="font-medium">{gap.title}</p>
              <p>{gap.reason}</p>
              <p className={hintClassName}>
                Source: {gap.source} (version {gap.version})
              </p>
              {appointmentId &&
                decisions.data &&
                (decided.has(gap.ruleId) ? (
                  <DecisionText decision={decided.get(gap.ruleId)!} />
                ) : (
                  <DecideCareGap
                    gap={gap}
                    appointmentId={appointmentId}
                    onDecided={() => {
                      decisions.reload();
                      onDecided();
                    }}
                  />
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DecisionText({ decision }: { decision: CareGapDecisionJson }) {
  return decision.outcome === "ACCEPTED" ? (
    <p className="font-medium text-emerald-800">Accepted into this visit&apos;s plan.</p>
  ) : (
    <p className="font-medium text-slate-800">Dismissed at this visit: {decision.reason}</p>
  );
}

function DecideCareGap({ gap, appointmentId, onDecided }: { gap: CareGap; appointmentId: string; onDecided: () => void }) {
  const id = useId();
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function decide(outcome: "ACCEPTED" | "DISMISSED") {
    setBusy(true);
    setProblem(null);
    const result = await callApi<CareGapDecisionJson>(careGapDecisionsPath(appointmentId), {
      method: "POST",
      body: outcome === "ACCEPTED" ? { ruleId: gap.ruleId, outcome } : { ruleId: gap.ruleId, outcome, reason },
    });
    setBusy(false);
    if (result.ok) onDecided();
    else setProblem(result.error);
  }

  return (
    <div className="space-y-2">
      {dismissing ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            void decide("DISMISSED");
          }}
        >
          <label htmlFor={`${id}-reason`} className={labelClassName}>
            Why dismiss “{gap.title}”?
          </label>
          <textarea
            id={`${id}-reason`}
            value={reason}
            rows={2}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            className={fieldClassName}
          />
          <div className="flex flex-wrap gap-2">
            <button type="submit" disabled={busy} className={primaryButtonClassName}>
              Dismiss with this reason
            </button>
            <button type="button" disabled={busy} className={secondaryButtonClassName} onClick={() => setDismissing(false)}>
              Keep it
            </button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <button type="button" disabled={busy} className={primaryButtonClassName} aria-label={`Accept into the plan: ${gap.title}`} onClick={() => void decide("ACCEPTED")}>
            Accept into the plan
          </button>
          <button type="button" disabled={busy} className={secondaryButtonClassName} aria-label={`Dismiss: ${gap.title}`} onClick={() => setDismissing(true)}>
            Dismiss…
          </button>
        </div>
      )}
      {problem && (
        <p id={`${id}-problem`} role="alert" className="font-medium text-red-800">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The recommendations accepted at this visit, as the note's plan lists them. */
export function AcceptedRecommendations({ appointmentId, refreshKey }: { appointmentId: string; refreshKey: number }) {
  const headingId = useId();
  const decisions = useChartResource<VisitCareGapDecisionsJson>(careGapDecisionsPath(appointmentId), refreshKey);
  const accepted = (decisions.data?.decisions ?? []).filter((decision) => decision.outcome === "ACCEPTED");
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h4 id={headingId} className="font-medium text-slate-900">
        Plan: accepted recommendations
      </h4>
      {decisions.error && <LoadFailed what="the accepted recommendations" error={decisions.error} onRetry={decisions.reload} />}
      {accepted.length === 0 ? (
        <p className="text-sm text-slate-700">None accepted at this visit.</p>
      ) : (
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-900">
          {accepted.map((decision) => (
            <li key={decision.ruleId}>
              {decision.title} <span className="text-slate-700">({decision.source}, version {decision.version})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
