"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FormAlert } from "@/components/FormAlert";
import { callApi } from "@/lib/client/api";
import { ReasonField } from "./ReasonField";
import { dangerButtonClassName } from "./styles";

/** Cancels a visit with a reason; the patient gets a cancellation that removes it from their calendar. */
export function CancelVisitForm({ appointmentId, onCancelled }: { appointmentId: string; onCancelled: () => void }) {
  const t = useTranslations("scheduling.changes");
  const id = useId();
  const [error, setError] = useState<{ message: string; attempt: number } | null>(null);
  const [pending, setPending] = useState(false);

  async function cancel(form: HTMLFormElement) {
    setPending(true);
    const result = await callApi(`/api/appointments/${appointmentId}/cancel`, {
      method: "POST",
      body: { reason: String(new FormData(form).get("reason") ?? "") },
    });
    setPending(false);
    if (result.ok) onCancelled();
    else setError({ message: result.error, attempt: (error?.attempt ?? 0) + 1 });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void cancel(event.currentTarget);
      }}
      className="space-y-4"
    >
      <ReasonField id={`${id}-reason`} label={t("cancelReason")} />
      {error && (
        <div key={error.attempt}>
          <FormAlert tone="error">{error.message}</FormAlert>
        </div>
      )}
      <button type="submit" disabled={pending} className={dangerButtonClassName}>
        {pending ? t("cancelling") : t("cancelVisit")}
      </button>
    </form>
  );
}
