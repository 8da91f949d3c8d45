"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { callApi } from "@/lib/client/api";
import { nextSlotsOf, type ApiSlot } from "./api";
import { NextFreeTimes } from "./NextFreeTimes";
import { ReasonField } from "./ReasonField";
import { SlotPicker } from "./SlotPicker";

type Refusal = { message: string; nextSlots?: ApiSlot[]; attempt: number };

const subscribeNever = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const noZoneOnServer = () => null;

/**
 * Books a new visit for the signed-in patient: a physician, a visit type, a
 * free time (shown in the browser's zone, named) and a reason.
 */
export function BookVisitForm({
  patientId,
  physicians,
  visitTypes,
}: {
  patientId: string;
  physicians: Array<{ id: string; name: string; specialty: string }>;
  visitTypes: Array<{ id: string; name: string; durationMinutes: number }>;
}) {
  const id = useId();
  const router = useRouter();
  const timeZone = useSyncExternalStore(subscribeNever, browserZone, noZoneOnServer);
  const [physicianId, setPhysicianId] = useState(physicians[0]?.id ?? "");
  const [visitTypeId, setVisitTypeId] = useState(visitTypes[0]?.id ?? "");
  const [slot, setSlot] = useState<ApiSlot | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState("");
  const attempt = refusal?.attempt ?? 0;

  async function book(form: HTMLFormElement, at: ApiSlot) {
    const reason = String(new FormData(form).get("reason") ?? "").trim();
    if (!reason) {
      setRefusal({ message: "Say briefly why you would like the visit.", attempt: attempt + 1 });
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
      const physician = physicians.find((entry) => entry.id === physicianId)?.name ?? "your physician";
      setOutcome(`Booked: visit with ${physician} on ${formatDateTimeInZone(new Date(at.start), timeZone ?? "UTC")}.`);
      setSlot(null);
      setRefusal(null);
      form.reset();
      router.refresh();
    } else {
      setSlot(null);
      setRefusal({ message: result.error, nextSlots: result.status === 409 ? nextSlotsOf(result) : undefined, attempt: attempt + 1 });
    }
  }

  if (physicians.length === 0 || visitTypes.length === 0) {
    return <p className="text-slate-700">Booking is not available right now.</p>;
  }

  return (
    <form
      aria-label="Book a visit"
      onSubmit={(event) => {
        event.preventDefault();
        if (slot) void book(event.currentTarget, slot);
      }}
      className="space-y-4"
    >
      <SelectField
        id={`${id}-physician`}
        label="Physician"
        value={physicianId}
        // Until the page is interactive (the browser's zone is known only then),
        // a choice would change the menu but not the free times shown below it.
        disabled={!timeZone}
        onChange={(event) => {
          setPhysicianId(event.target.value);
          setSlot(null);
        }}
      >
        {physicians.map((physician) => (
          <option key={physician.id} value={physician.id}>
            {physician.name} ({physician.specialty})
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${id}-visit-type`}
        label="Visit type"
        value={visitTypeId}
        disabled={!timeZone}
        onChange={(event) => {
          setVisitTypeId(event.target.value);
          setSlot(null);
        }}
      >
        {visitTypes.map((visitType) => (
          <option key={visitType.id} value={visitType.id}>
            {visitType.name} ({visitType.durationMinutes} minutes)
          </option>
        ))}
      </SelectField>
      {timeZone && physicianId && visitTypeId && (
        <SlotPicker
          key={`${physicianId}-${visitTypeId}-${attempt}`}
          physicianId={physicianId}
          visitTypeId={visitTypeId}
          timeZone={timeZone}
          onChange={setSlot}
        />
      )}
      <ReasonField id={`${id}-reason`} label="Reason for the visit" hint="Up to 500 characters." />
      {refusal && (
        <div key={refusal.attempt} className="space-y-3">
          <FormAlert tone="error">{refusal.message}</FormAlert>
          {refusal.nextSlots && timeZone && (
            <NextFreeTimes
              slots={refusal.nextSlots}
              timeZone={timeZone}
              actionLabel="Book"
              onChoose={(next) => {
                const form = document.getElementById(`${id}-reason`)?.closest("form");
                if (form) void book(form, next);
              }}
            />
          )}
        </div>
      )}
      <button type="submit" disabled={!slot || pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Booking…" : slot && timeZone ? `Book ${formatDateTimeInZone(new Date(slot.start), timeZone)}` : "Choose a time first"}
      </button>
      <p role="status" aria-live="polite" className="font-medium text-emerald-900">
        {outcome}
      </p>
    </form>
  );
}
