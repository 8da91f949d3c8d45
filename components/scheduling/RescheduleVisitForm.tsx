"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { callApi } from "@/lib/client/api";
import { nextSlotsOf, type ApiSlot } from "./api";
import { refusalMessage } from "./refusals";
import { NextFreeTimes } from "./NextFreeTimes";
import { SlotPicker } from "./SlotPicker";

type Refusal = { message: string; nextSlots?: ApiSlot[]; attempt: number };

/** Moves a visit to another free time of the same physician, for the same visit type. */
export function RescheduleVisitForm({
  appointmentId,
  timeZone,
  onMoved,
}: {
  appointmentId: string;
  timeZone: string;
  /** The moved visit is a new appointment: this is its id. */
  onMoved: (appointmentId: string) => void;
}) {
  const t = useTranslations("scheduling");
  const locale = useIntlLocale();
  const [slot, setSlot] = useState<ApiSlot | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(false);
  // A refusal may mean the free times shown are stale, so the picker loads them again.
  const attempt = refusal?.attempt ?? 0;

  async function move(to: ApiSlot) {
    setPending(true);
    const result = await callApi<{ appointment: { id: string } }>(`/api/appointments/${appointmentId}/reschedule`, {
      method: "POST",
      body: { startsAt: to.start },
    });
    setPending(false);
    if (result.ok) onMoved(result.data.appointment.id);
    else {
      setSlot(null);
      setRefusal({ message: refusalMessage(result, t), nextSlots: nextSlotsOf(result), attempt: attempt + 1 });
    }
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (slot) void move(slot);
      }}
      className="space-y-4"
    >
      <SlotPicker key={attempt} of={{ movingAppointmentId: appointmentId }} timeZone={timeZone} onChange={setSlot} />
      {refusal && (
        <div key={refusal.attempt} className="space-y-3">
          <FormAlert tone="error">{refusal.message}</FormAlert>
          {refusal.nextSlots && (
            <NextFreeTimes slots={refusal.nextSlots} timeZone={timeZone} choiceLabel={(when) => t("changes.moveTo", { when })} onChoose={(next) => void move(next)} />
          )}
        </div>
      )}
      <button type="submit" disabled={!slot || pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending
          ? t("changes.moving")
          : slot
            ? t("changes.moveTo", { when: formatDateTimeInZone(new Date(slot.start), timeZone, locale) })
            : t("changes.chooseNewTimeFirst")}
      </button>
    </form>
  );
}
