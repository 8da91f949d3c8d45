"use client";

import { useId, useState, type ReactNode } from "react";
import { visitFieldClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";
import { dateTimeText } from "./noteStatus";
import {
  EMPTY_TELEHEALTH_BLOCK,
  participantText,
  REQUIREMENT_LABELS,
  type NoteRequirement,
  type PhysicianLocationType,
  type TelehealthBlock,
} from "@/lib/notes/telehealth-fields";
import { US_STATE_CODES } from "@/lib/geography/us-states";

// The note's telehealth block: what payers require a telehealth note to state,
// drafted from the visit (modality, the patient's check-in, who took part and
// when, consent, identity) and editable until the note is signed. The
// physician states their own location. A field signing still needs is marked
// beside it, in words.

export interface TelehealthSectionProps {
  block: TelehealthBlock | null;
  readOnly: boolean;
  /** Fields the last signing attempt said are missing (and still are). */
  missing: readonly NoteRequirement[];
  onChange: (block: TelehealthBlock) => void;
  /** Takes the visit's recorded data again; resolves to why it could not, or null. */
  onRefresh: () => Promise<string | null>;
}

const PHYSICIAN_LOCATION_LABELS: Record<PhysicianLocationType, string> = { CLINIC: "Clinic", HOME: "Home", OTHER: "Other location" };

export function TelehealthSection({ block, readOnly, missing, onChange, onRefresh }: TelehealthSectionProps) {
  const id = useId();
  const headingId = `${id}-heading`;
  const value = block ?? EMPTY_TELEHEALTH_BLOCK;
  const [refreshing, setRefreshing] = useState(false);
  const [refreshProblem, setRefreshProblem] = useState<string | null>(null);
  const change = (patch: Partial<TelehealthBlock>) => onChange({ ...value, ...patch });
  const orNull = (text: string) => (text === "" ? null : text);
  const problemId = (field: NoteRequirement) => `${id}-${field.replace(".", "-")}-missing`;
  const marked = (field: NoteRequirement) => missing.includes(field);
  const described = (field: NoteRequirement) => (marked(field) ? { "aria-invalid": true, "aria-describedby": problemId(field) } : {});
  const problem = (field: NoteRequirement) =>
    marked(field) ? (
      <p id={problemId(field)} className="text-sm font-medium text-red-800">
        {REQUIREMENT_LABELS[field]}: required to sign.
      </p>
    ) : null;

  async function refresh() {
    setRefreshing(true);
    setRefreshProblem(null);
    setRefreshProblem(await onRefresh());
    setRefreshing(false);
  }

  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-md border border-slate-300 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h4 id={headingId} className="font-semibold text-slate-900">
          Telehealth
        </h4>
        {!readOnly && (
          <button type="button" className={visitSecondaryButtonClassName} onClick={() => void refresh()} disabled={refreshing}>
            {refreshing ? "Refreshing…" : "Refresh from visit"}
          </button>
        )}
      </div>
      {refreshProblem && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {refreshProblem}
        </p>
      )}

      <fieldset className="space-y-2" disabled={readOnly}>
        <legend className="font-medium text-slate-900">Modality</legend>
        <div className="flex flex-wrap gap-4" {...described("modality")}>
          {(["VIDEO", "AUDIO_ONLY"] as const).map((modality) => (
            <label key={modality} className="flex min-h-11 items-center gap-2">
              <input
                type="radio"
                name={`${id}-modality`}
                checked={value.modality === modality}
                onChange={() => change({ modality, audioOnlyReason: modality === "VIDEO" ? null : value.audioOnlyReason })}
              />
              {modality === "VIDEO" ? "Video" : "Audio-only"}
            </label>
          ))}
        </div>
        {problem("modality")}
        {value.modality === "AUDIO_ONLY" && (
          <Field label="Reason video was not used" id={`${id}-audio-reason`}>
            <input
              id={`${id}-audio-reason`}
              className={visitFieldClassName}
              value={value.audioOnlyReason ?? ""}
              onChange={(event) => change({ audioOnlyReason: orNull(event.target.value) })}
              {...described("audioOnlyReason")}
            />
            {problem("audioOnlyReason")}
          </Field>
        )}
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-2" disabled={readOnly}>
        <legend className="font-medium text-slate-900">Patient location</legend>
        <Field label="Patient's state" id={`${id}-patient-state`}>
          <StateSelect
            id={`${id}-patient-state`}
            value={value.patientLocation.state}
            onChange={(state) => change({ patientLocation: { ...value.patientLocation, state } })}
            {...described("patientLocation.state")}
          />
          {problem("patientLocation.state")}
        </Field>
        <Field label="Patient's country" id={`${id}-patient-country`}>
          <input
            id={`${id}-patient-country`}
            className={visitFieldClassName}
            value={value.patientLocation.country ?? ""}
            maxLength={2}
            onChange={(event) => change({ patientLocation: { ...value.patientLocation, country: orNull(event.target.value.toUpperCase()) } })}
            {...described("patientLocation.country")}
          />
          {problem("patientLocation.country")}
        </Field>
        <Field label="Patient's address" id={`${id}-patient-address`}>
          <input
            id={`${id}-patient-address`}
            className={visitFieldClassName}
            value={value.patientLocation.address ?? ""}
            onChange={(event) => change({ patientLocation: { ...value.patientLocation, address: orNull(event.target.value) } })}
            {...described("patientLocation.address")}
          />
          {problem("patientLocation.address")}
        </Field>
        <Field label="Patient at home or elsewhere" id={`${id}-patient-kind`}>
          <select
            id={`${id}-patient-kind`}
            className={visitFieldClassName}
            value={value.patientLocation.kind ?? ""}
            onChange={(event) => change({ patientLocation: { ...value.patientLocation, kind: event.target.value === "" ? null : (event.target.value as "HOME" | "OTHER") } })}
            {...described("patientLocation.kind")}
          >
            <option value="">Not stated</option>
            <option value="HOME">At home</option>
            <option value="OTHER">Elsewhere</option>
          </select>
          {problem("patientLocation.kind")}
        </Field>
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-2" disabled={readOnly}>
        <legend className="font-medium text-slate-900">Your location</legend>
        <Field label="Physician's location" id={`${id}-physician-type`}>
          <select
            id={`${id}-physician-type`}
            className={visitFieldClassName}
            value={value.physicianLocation.type ?? ""}
            onChange={(event) =>
              change({ physicianLocation: { ...value.physicianLocation, type: event.target.value === "" ? null : (event.target.value as PhysicianLocationType) } })
            }
            {...described("physicianLocation.type")}
          >
            <option value="">Not stated</option>
            {(Object.keys(PHYSICIAN_LOCATION_LABELS) as PhysicianLocationType[]).map((type) => (
              <option key={type} value={type}>
                {PHYSICIAN_LOCATION_LABELS[type]}
              </option>
            ))}
          </select>
          {problem("physicianLocation.type")}
        </Field>
        <Field label="Physician's state" id={`${id}-physician-state`}>
          <StateSelect
            id={`${id}-physician-state`}
            value={value.physicianLocation.state}
            onChange={(state) => change({ physicianLocation: { ...value.physicianLocation, state } })}
            {...described("physicianLocation.state")}
          />
          {problem("physicianLocation.state")}
        </Field>
      </fieldset>

      <dl className="grid gap-x-4 gap-y-2 text-slate-900 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Participants</dt>
        <dd>
          {value.participants.length === 0 ? "None recorded yet" : value.participants.map(participantText).join("; ")}
          {problem("participants.patient")}
          {problem("participants.physician")}
        </dd>
        <dt className="font-medium">Time</dt>
        <dd>
          {value.startedAt && value.endedAt
            ? `${dateTimeText(value.startedAt)} to ${dateTimeText(value.endedAt)}, ${value.totalMinutes ?? "?"} minutes`
            : "Not recorded yet (the call has not ended)"}
          {problem("time")}
        </dd>
        <dt className="font-medium">Consent</dt>
        <dd>
          {value.consent.version !== null && value.consent.signedAt
            ? `Telehealth consent version ${value.consent.version}, signed ${dateTimeText(value.consent.signedAt)}`
            : "No telehealth consent recorded for this visit"}
          {problem("consent")}
        </dd>
        <dt className="font-medium">Identity</dt>
        <dd>
          {value.identity.dateOfBirthConfirmedAt
            ? `Date of birth confirmed at check-in, ${dateTimeText(value.identity.dateOfBirthConfirmedAt)}`
            : "Date of birth not confirmed at check-in"}
        </dd>
      </dl>
      <label className="flex min-h-11 items-center gap-2 text-slate-900">
        <input
          type="checkbox"
          disabled={readOnly}
          checked={value.identity.physicianAttested}
          onChange={(event) =>
            change({
              identity: {
                ...value.identity,
                physicianAttested: event.target.checked,
                attestedAt: event.target.checked ? new Date().toISOString() : null,
              },
            })
          }
          {...described("identity")}
        />
        I verified the patient&apos;s identity in the call
      </label>
      {problem("identity")}
    </section>
  );
}

function Field({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      {children}
    </div>
  );
}

function StateSelect({ id, value, onChange, ...aria }: { id: string; value: string | null; onChange: (state: string | null) => void }) {
  return (
    <select id={id} className={visitFieldClassName} value={value ?? ""} onChange={(event) => onChange(event.target.value === "" ? null : event.target.value)} {...aria}>
      <option value="">Not stated</option>
      {US_STATE_CODES.map((state) => (
        <option key={state} value={state}>
          {state}
        </option>
      ))}
    </select>
  );
}
