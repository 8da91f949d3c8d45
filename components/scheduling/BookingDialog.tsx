"use client";

import { useId, useState } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import type { VisitTypeEntry } from "@/lib/scheduling/availability";
import type { PatientSummary } from "@/lib/scheduling/patients";
import { formatDateTimeInZone, formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { callApi } from "@/lib/client/api";
import { nextSlotsOf, type ApiSlot } from "./api";
import { Dialog } from "./Dialog";
import { NewPatientForm } from "./NewPatientForm";
import { NextFreeTimes } from "./NextFreeTimes";
import { describePatient, PatientSearch } from "./PatientSearch";
import { ReasonField } from "./ReasonField";
import { secondaryButtonClassName } from "./styles";
import { UsualStateEditor } from "./UsualStateEditor";

export interface BookablePhysician {
  id: string;
  name: string;
  timeZone: string;
  /** USPS codes of the states where their licence is current. */
  licensedStates?: readonly string[];
}

type Refusal = { message: string; nextSlots?: ApiSlot[]; attempt: number };

/**
 * Books a free slot: find or register the patient, give the reason, book.
 * If someone else took the time meanwhile, the next free ones are offered.
 */
export function BookingDialog({
  slot: initialSlot,
  physician,
  visitType,
  timeZone,
  onBooked,
  onClose,
}: {
  slot: ApiSlot;
  physician: BookablePhysician;
  visitType: VisitTypeEntry;
  /** The scheduler's chosen zone. */
  timeZone: string;
  onBooked: (booked: { appointmentId: string; patientName: string; startsAt: string }) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [slot, setSlot] = useState(initialSlot);
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [registering, setRegistering] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(false);
  const start = new Date(slot.start);
  const physicianZoneDiffers = zoneName(start, physician.timeZone) !== zoneName(start, timeZone);

  async function book(reason: string) {
    const attempt = (refusal?.attempt ?? 0) + 1;
    if (!patient) return setRefusal({ message: "Choose or register the patient first.", attempt });
    setPending(true);
    const result = await callApi<{ appointment: { id: string } }>("/api/appointments", {
      method: "POST",
      body: { patientId: patient.id, physicianId: physician.id, visitTypeId: visitType.id, startsAt: slot.start, reason },
    });
    setPending(false);
    if (result.ok) {
      onBooked({ appointmentId: result.data.appointment.id, patientName: `${patient.givenName} ${patient.familyName}`, startsAt: slot.start });
      return;
    }
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as { message: string }[]) : [];
    setRefusal({ message: issues[0]?.message ?? result.error, nextSlots: nextSlotsOf(result), attempt });
  }

  return (
    <Dialog title="Book a visit" onClose={onClose}>
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">When</dt>
        <dd>
          {formatDateTimeInZone(start, timeZone)}
          {physicianZoneDiffers && (
            <span className="block text-sm text-slate-700">
              {formatTimeInZone(start, physician.timeZone)} {zoneName(start, physician.timeZone)} for {physician.name}
            </span>
          )}
        </dd>
        <dt className="font-medium text-slate-700">Physician</dt>
        <dd>{physician.name}</dd>
        {physician.licensedStates && (
          <>
            <dt className="font-medium text-slate-700">Licensed in</dt>
            <dd>{physician.licensedStates.length > 0 ? physician.licensedStates.join(", ") : "No current licences recorded"}</dd>
          </>
        )}
        <dt className="font-medium text-slate-700">Visit type</dt>
        <dd>
          {visitType.name}, {visitType.durationMinutes} minutes
        </dd>
      </dl>

      <section aria-labelledby={`${id}-patient`} className="space-y-3">
        <h3 id={`${id}-patient`} className="font-semibold text-slate-900">
          Patient
        </h3>
        {patient ? (
          <div className="space-y-3 rounded-lg bg-primary-50 px-4 py-3">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="font-medium text-slate-900">{describePatient(patient)}</p>
              <button type="button" onClick={() => setPatient(null)} className={secondaryButtonClassName}>
                Change patient
              </button>
            </div>
            <UsualStateEditor patient={patient} onSaved={setPatient} />
          </div>
        ) : registering ? (
          <>
            <NewPatientForm defaultTimeZone={timeZone} onRegistered={setPatient} />
            <button type="button" onClick={() => setRegistering(false)} className={secondaryButtonClassName}>
              Back to finding a patient
            </button>
          </>
        ) : (
          <>
            <PatientSearch onSelect={setPatient} />
            <button type="button" onClick={() => setRegistering(true)} className={secondaryButtonClassName}>
              Register a new patient
            </button>
          </>
        )}
      </section>

      {patient?.usualState && physician.licensedStates && !physician.licensedStates.includes(patient.usualState) && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-slate-900">
          <span className="font-semibold">Not licensed in {patient.usualState}</span>, where {patient.givenName} usually is. You can still book: the visit takes
          place where the patient is when they join, and {physician.name} is warned then if they are not licensed there.
        </p>
      )}

      <form
        onSubmit={(event) => {
          event.preventDefault();
          void book(String(new FormData(event.currentTarget).get("reason") ?? ""));
        }}
        className="space-y-4 border-t border-slate-200 pt-5"
      >
        <ReasonField id={`${id}-reason`} label="Reason for the visit" hint="The physician sees it in their day list." />
        {refusal && (
          <div key={refusal.attempt} className="space-y-3">
            <FormAlert tone="error">{refusal.message}</FormAlert>
            {refusal.nextSlots && (
              <NextFreeTimes
                slots={refusal.nextSlots}
                timeZone={timeZone}
                choiceLabel={(when) => `Use ${when}`}
                onChoose={(next) => {
                  setSlot(next);
                  setRefusal(null);
                }}
              />
            )}
          </div>
        )}
        <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
          {pending ? "Booking…" : "Book"}
        </button>
      </form>
    </Dialog>
  );
}
