"use client";

import { useId, useRef, useState } from "react";
import { focusOnMount } from "@/components/focusOnMount";
import { callApi } from "@/lib/client/api";
import { dangerButtonClassName, fieldClassName, labelClassName, secondaryButtonClassName } from "./styles";
import type { PrescriptionJson } from "./types";

/**
 * "Discontinue <drug>" on an active prescription: asks for the reason, then
 * stops it (POST /api/prescriptions/[id]/discontinue). The list moves it to the
 * past prescriptions once the parent has reloaded.
 */
export function DiscontinuePrescription({
  prescription,
  onDiscontinued,
}: {
  prescription: PrescriptionJson;
  onDiscontinued: (stopped: PrescriptionJson) => void;
}) {
  const id = useId();
  const openerRef = useRef<HTMLButtonElement>(null);
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; attempt: number } | null>(null);

  function close() {
    setAsking(false);
    setError(null);
    // The opener is back once React has re-rendered; focus it there.
    window.requestAnimationFrame(() => openerRef.current?.focus());
  }

  async function submit(reason: string) {
    setPending(true);
    const result = await callApi<PrescriptionJson>(`/api/prescriptions/${encodeURIComponent(prescription.id)}/discontinue`, {
      method: "POST",
      body: { reason },
    });
    setPending(false);
    if (result.ok) {
      onDiscontinued(result.data);
      return;
    }
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as Array<{ message: string }>) : [];
    setError({ message: issues[0]?.message ?? result.error, attempt: (error?.attempt ?? 0) + 1 });
  }

  if (!asking) {
    return (
      <button ref={openerRef} type="button" onClick={() => setAsking(true)} className={secondaryButtonClassName}>
        Discontinue<span className="sr-only"> {prescription.drugName}</span>
      </button>
    );
  }

  return (
    <form
      aria-label={`Discontinue ${prescription.drugName}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(String(new FormData(event.currentTarget).get("reason") ?? "").trim());
      }}
      className="space-y-2 rounded-md border border-slate-300 bg-slate-50 p-2"
    >
      <label htmlFor={`${id}-reason`} className={labelClassName}>
        Reason for discontinuing
      </label>
      {error && (
        <p key={error.attempt} id={`${id}-error`} role="alert" className="text-sm font-medium text-red-700">
          {error.message}
        </p>
      )}
      <input
        ref={focusOnMount}
        id={`${id}-reason`}
        name="reason"
        required
        maxLength={500}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={fieldClassName}
      />
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={pending} className={dangerButtonClassName}>
          {pending ? "Discontinuing…" : "Discontinue"}
        </button>
        <button type="button" onClick={close} className={secondaryButtonClassName}>
          Cancel
        </button>
      </div>
    </form>
  );
}
