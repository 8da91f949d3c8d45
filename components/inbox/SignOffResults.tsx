"use client";

import { useId, useState } from "react";
import { primaryButtonClassName } from "@/components/chart/styles";
import { callApi } from "@/lib/client/api";

/** Sign off one order's results, telling the patient or not; once done, says so in the form's place (the next visit to the inbox no longer lists them). */
export function SignOffResults({ orderId, label }: { orderId: string; label: string }) {
  const id = useId();
  const [notify, setNotify] = useState(true);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function signOff() {
    setSending(true);
    const result = await callApi(`/api/lab-orders/${encodeURIComponent(orderId)}/sign-off`, { method: "POST", body: { notifyPatient: notify } });
    setSending(false);
    if (!result.ok) {
      setOutcome({ ok: false, message: result.error });
      return;
    }
    setOutcome({ ok: true, message: notify ? `Signed off ${label}; the patient is notified.` : `Signed off ${label}.` });
  }

  if (outcome?.ok) {
    return (
      <p role="status" className="text-sm font-medium text-emerald-900">
        {outcome.message}
      </p>
    );
  }
  return (
    <form
      aria-label={`Sign off ${label}`}
      className="flex flex-wrap items-center gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        void signOff();
      }}
    >
      <label htmlFor={`${id}-notify`} className="flex items-center gap-2 text-sm text-slate-900">
        <input id={`${id}-notify`} type="checkbox" checked={notify} onChange={(event) => setNotify(event.target.checked)} className="h-4 w-4" />
        Notify the patient
      </label>
      <button type="submit" className={primaryButtonClassName} disabled={sending}>
        Sign off
      </button>
      {outcome && (
        <p role="alert" className="w-full text-sm font-medium text-red-700">
          {outcome.message}
        </p>
      )}
    </form>
  );
}
