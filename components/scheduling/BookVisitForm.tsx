"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { useIntlLocale } from "@/components/i18n/useIntlLocale";
import { SelectField } from "@/components/SelectField";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { callApi } from "@/lib/client/api";
import { nextSlotsOf, type ApiSlot } from "./api";
import { NextFreeTimes } from "./NextFreeTimes";
import { ReasonField } from "./ReasonField";
import { refusalMessage } from "./refusals";
import { SlotPicker } from "./SlotPicker";

type Refusal = { message: string; nextSlots?: ApiSlot[]; attempt: number };

const subscribeNever = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const noZoneOnServer = () => null;

/**
 * Books a new visit for the signed-in patient: a physician, one of the visit
 * types that physician offers, a free time (shown in the browser's zone,
 * named) and a reason.
 */
export function BookVisitForm({
  patientId,
  physicians,
  visitTypes,
}: {
  patientId: string;
  physicians: Array<{ id: string; name: string; specialty: string; visitTypeIds: readonly string[] }>;
  visitTypes: Array<{ id: string; name: string; durationMinutes: number }>;
}) {
  const t = useTranslations("scheduling");
  const locale = useIntlLocale();
  const id = useId();
  const router = useRouter();
  const timeZone = useSyncExternalStore(subscribeNever, browserZone, noZoneOnServer);
  const [physicianId, setPhysicianId] = useState(physicians[0]?.id ?? "");
  const [chosenVisitTypeId, setVisitTypeId] = useState("");
  const physician = physicians.find((entry) => entry.id === physicianId);
  const offered = visitTypes.filter((visitType) => physician?.visitTypeIds.includes(visitType.id));
  // A type chosen for another physician who offers it falls back to this physician's first.
  const visitTypeId = offered.some((visitType) => visitType.id === chosenVisitTypeId) ? chosenVisitTypeId : (offered[0]?.id ?? "");
  const [slot, setSlot] = useState<ApiSlot | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState("");
  const attempt = refusal?.attempt ?? 0;
  const when = (at: ApiSlot, zone: string) => formatDateTimeInZone(new Date(at.start), zone, locale);

  async function book(form: HTMLFormElement, at: ApiSlot) {
    const reason = String(new FormData(form).get("reason") ?? "").trim();
    if (!reason) {
      setRefusal({ message: t("book.reasonMissing"), attempt: attempt + 1 });
      return;
    }
    setPending(true);
    setOutcome("");
    const result = await callApi<{ appointment: { id: string } }>("/api/appointments", {
      method: "POST",
      body: { patientId, physicianId, visitTypeId, startsAt: at.start, reason },
    });
    setPending(false);
    if (result.ok) {
      const physicianName = physician?.name ?? "";
      setOutcome(t("book.booked", { physicianName, when: when(at, timeZone ?? "UTC") }));
      setSlot(null);
      setRefusal(null);
      form.reset();
      router.refresh();
    } else {
      setSlot(null);
      setRefusal({ message: refusalMessage(result, t), nextSlots: result.status === 409 ? nextSlotsOf(result) : undefined, attempt: attempt + 1 });
    }
  }

  if (physicians.length === 0 || visitTypes.length === 0) {
    return <p className="text-slate-700">{t("book.unavailable")}</p>;
  }

  return (
    <form
      aria-label={t("book.formLabel")}
      onSubmit={(event) => {
        event.preventDefault();
        if (slot) void book(event.currentTarget, slot);
      }}
      className="space-y-4"
    >
      <SelectField
        id={`${id}-physician`}
        label={t("physician")}
        value={physicianId}
        // Until the page is interactive (the browser's zone is known only then),
        // a choice would change the menu but not the free times shown below it.
        disabled={!timeZone}
        onChange={(event) => {
          setPhysicianId(event.target.value);
          setSlot(null);
        }}
      >
        {physicians.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {t("physicianOption", { name: entry.name, specialty: entry.specialty })}
          </option>
        ))}
      </SelectField>
      {offered.length === 0 ? (
        <p className="text-slate-700">{t("book.noVisitTypesOffered", { physicianName: physician?.name ?? "" })}</p>
      ) : (
        <SelectField
          id={`${id}-visit-type`}
          label={t("visitType")}
          value={visitTypeId}
          disabled={!timeZone}
          onChange={(event) => {
            setVisitTypeId(event.target.value);
            setSlot(null);
          }}
        >
          {offered.map((visitType) => (
            <option key={visitType.id} value={visitType.id}>
              {t("visitTypeOption", { name: visitType.name, minutes: visitType.durationMinutes })}
            </option>
          ))}
        </SelectField>
      )}
      {timeZone && physicianId && visitTypeId && (
        <SlotPicker
          key={`${physicianId}-${visitTypeId}-${attempt}`}
          of={{ physicianId, visitTypeId }}
          timeZone={timeZone}
          onChange={setSlot}
        />
      )}
      <ReasonField id={`${id}-reason`} label={t("book.reason")} hint={t("book.reasonHint")} />
      {refusal && (
        <div key={refusal.attempt} className="space-y-3">
          <FormAlert tone="error">{refusal.message}</FormAlert>
          {refusal.nextSlots && timeZone && (
            <NextFreeTimes
              slots={refusal.nextSlots}
              timeZone={timeZone}
              choiceLabel={(choice) => t("book.bookAt", { when: choice })}
              onChoose={(next) => {
                const form = document.getElementById(`${id}-reason`)?.closest("form");
                if (form) void book(form, next);
              }}
            />
          )}
        </div>
      )}
      <button type="submit" disabled={!slot || pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? t("book.booking") : slot && timeZone ? t("book.bookAt", { when: when(slot, timeZone) }) : t("book.chooseTimeFirst")}
      </button>
      <p role="status" aria-live="polite" className="font-medium text-emerald-900">
        {outcome}
      </p>
    </form>
  );
}
