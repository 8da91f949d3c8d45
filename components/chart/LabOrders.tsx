"use client";

import { useId, useState } from "react";
import { LabOrderResults } from "@/components/clinical/LabOrderResults";
import { StatusBadge } from "@/components/clinical/StatusBadge";
import { SelectField } from "@/components/SelectField";
import { callApi } from "@/lib/client/api";
import { patientApiPath, useChartResource } from "./chartApi";
import { LoadFailed, Loading } from "./ChartStates";
import { formatChartDate } from "./format";
import { primaryButtonClassName, sectionHeadingClassName } from "./styles";
import type { LabOrderJson, LabOrdersJson } from "./types";

/**
 * The patient's lab orders (pending ones say so; results show under their
 * order once in) and the form to order a bundled panel with its indication,
 * at this visit when the chart is open beside one.
 */
export function LabOrders({ patientId, appointmentId, timeZone }: { patientId: string; appointmentId?: string; timeZone: string }) {
  const id = useId();
  const path = patientApiPath(patientId, "lab-orders");
  const list = useChartResource<LabOrdersJson>(path);
  const [panel, setPanel] = useState("");
  const [indication, setIndication] = useState("");
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function order() {
    if (!panel || !indication) {
      setOutcome({ ok: false, message: "Choose a panel and an indication." });
      return;
    }
    setSending(true);
    const result = await callApi<{ order: LabOrderJson }>(path, { method: "POST", body: { appointmentId, panelLoinc: panel, indicationCode: indication } });
    setSending(false);
    if (!result.ok) {
      setOutcome({ ok: false, message: result.error });
      return;
    }
    setOutcome({ ok: true, message: `Ordered ${result.data.order.panelName}; it is pending.` });
    setPanel("");
    setIndication("");
    list.reload();
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h3 id={`${id}-heading`} className={sectionHeadingClassName}>
        Lab orders
      </h3>
      {list.error && <LoadFailed what="the lab orders" error={list.error} onRetry={list.reload} />}
      {list.data === null ? (
        !list.error && <Loading>Loading the lab orders…</Loading>
      ) : (
        <>
          {list.data.orders.length === 0 ? (
            <p className="text-sm text-slate-700">No lab orders.</p>
          ) : (
            <ul className="divide-y divide-slate-200 text-sm text-slate-900">
              {list.data.orders.map((entry) => (
                <li key={entry.id} className="space-y-1 py-2">
                  <p className="flex flex-wrap items-center gap-2 font-medium">
                    {entry.panelName} <StatusBadge kind="labOrder" status={entry.status} />
                  </p>
                  <p className="text-slate-700">
                    For {entry.indicationCode} {entry.indicationText}; ordered {formatChartDate(entry.orderedAt, timeZone)} by {entry.physicianName}
                  </p>
                  {entry.results.length > 0 && <LabOrderResults order={entry} />}
                </li>
              ))}
            </ul>
          )}
          <form
            aria-label="Order a lab panel"
            noValidate
            className="space-y-2"
            onSubmit={(event) => {
              event.preventDefault();
              void order();
            }}
          >
            <SelectField id={`${id}-panel`} label="Lab panel" value={panel} onChange={(event) => setPanel(event.target.value)}>
              <option value="">Choose a panel</option>
              {list.data.orderable.panels.map((option) => (
                <option key={option.loincCode} value={option.loincCode}>
                  {option.name} (LOINC {option.loincCode})
                </option>
              ))}
            </SelectField>
            <SelectField id={`${id}-indication`} label="Indication (ICD-10)" value={indication} onChange={(event) => setIndication(event.target.value)}>
              <option value="">Choose an indication</option>
              {list.data.orderable.indications.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.code} {option.title}
                </option>
              ))}
            </SelectField>
            <p role={outcome?.ok === false ? "alert" : "status"} className={outcome?.ok === false ? "text-sm font-medium text-red-700" : "text-sm text-slate-700"}>
              {outcome?.message ?? ""}
            </p>
            <button type="submit" className={primaryButtonClassName} disabled={sending}>
              Order panel
            </button>
          </form>
        </>
      )}
    </section>
  );
}
