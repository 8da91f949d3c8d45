"use client";

import { useEffect, useId, useState } from "react";
import { formatLabValue } from "@/components/chart/format";
import { sectionHeadingClassName } from "@/components/chart/styles";
import { appendToSubjective } from "@/components/notes/openNotes";
import { visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";
import { callApi } from "@/lib/client/api";
import type { Answer, IntakeMedication, MedicationResponse } from "@/lib/intake/question-kinds";
import type { Question } from "@/lib/intake/questionnaire";
import type { IntakeJson, IntakeUploadJson } from "@/lib/intake/types";
import { intakePath, uploadPath } from "./intakeApi";

// The chart's Check-in tab, for the visit's physician: what the patient
// answered and the photos they sent, the attestation that their identity was
// verified in the call, and the answers added to the note's Subjective when
// the physician chooses (never by itself). Everything the patient wrote is
// rendered as text.

const MEDICATION_RESPONSE_TEXT: Record<MedicationResponse, string> = {
  taking: "Taking",
  notTaking: "Not taking",
  takingDifferently: "Taking differently",
};

function dateTimeText(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function CheckInTab({ appointmentId, timeZone }: { appointmentId: string; timeZone: string }) {
  const [loaded, setLoaded] = useState<{ intake: IntakeJson } | { error: string } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    void callApi<IntakeJson>(intakePath(appointmentId), { signal: controller.signal }).then((result) =>
      setLoaded(result.ok ? { intake: result.data } : { error: result.error }),
    );
    return () => controller.abort();
  }, [appointmentId, attempt]);

  if (loaded === null) return <p className="text-slate-700">Loading the check-in…</p>;
  if ("error" in loaded) {
    return (
      <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900">
        <p className="font-medium">The check-in could not be loaded. {loaded.error}</p>
        <button type="button" className={visitSecondaryButtonClassName} onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }
  const { intake } = loaded;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700">
          {intake.completedAt ? `Check-in completed ${dateTimeText(intake.completedAt, timeZone)}` : "The patient has not finished the check-in questions."}
        </p>
        <button type="button" className={visitSecondaryButtonClassName} onClick={() => setAttempt((n) => n + 1)}>
          Refresh
        </button>
      </div>
      <IntakeAnswers intake={intake} appointmentId={appointmentId} />
      <Photos appointmentId={appointmentId} uploads={intake.uploads} />
      <IdentityAttestation appointmentId={appointmentId} initial={intake.identityVerified} timeZone={timeZone} />
    </div>
  );
}

function IntakeAnswers({ intake, appointmentId }: { intake: IntakeJson; appointmentId: string }) {
  const headingId = useId();
  const [inserted, setInserted] = useState<{ ok: boolean; key: number } | null>(null);
  const questions = intake.questionnaire?.questions ?? [];
  const answered = questions.filter((question) => intake.answers[question.id] !== undefined);
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Patient&apos;s answers
      </h3>
      {answered.length === 0 ? (
        <p className="text-sm text-slate-700">No answers yet.</p>
      ) : (
        <>
          <dl className="divide-y divide-slate-200 text-sm text-slate-900">
            {answered.map((question) => (
              <div key={question.id} className="space-y-0.5 py-1.5">
                <dt className="font-medium">{question.label.en}</dt>
                <dd className="whitespace-pre-wrap">
                  <AnswerValue question={question} answer={intake.answers[question.id]!} medications={intake.medications} />
                </dd>
              </div>
            ))}
          </dl>
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              className={visitPrimaryButtonClassName}
              onClick={() => {
                const ok = appendToSubjective(appointmentId, intake.answersText);
                setInserted((previous) => ({ ok, key: (previous?.key ?? 0) + 1 }));
              }}
            >
              Insert into Subjective
            </button>
            <p key={inserted?.key} role="status" className={`text-sm font-medium ${inserted?.ok === false ? "text-red-800" : "text-slate-700"}`}>
              {inserted && (inserted.ok ? "Added to the end of the note's Subjective." : "The note is not open for editing, so nothing was added.")}
            </p>
          </div>
        </>
      )}
    </section>
  );
}

function AnswerValue({ question, answer, medications }: { question: Question; answer: Answer; medications: IntakeMedication[] }) {
  switch (question.kind) {
    case "text":
    case "longText":
      return <>{answer as string}</>;
    case "choice":
      return <>{question.options.find((option) => option.id === answer)?.label.en ?? String(answer)}</>;
    case "multiChoice":
      return <>{(answer as string[]).map((id) => question.options.find((option) => option.id === id)?.label.en ?? id).join(", ")}</>;
    case "yesNo":
      return <>{answer ? "Yes" : "No"}</>;
    case "number":
      return (
        <>
          {formatLabValue(answer as number, null)} {question.unit}
        </>
      );
    case "bloodPressure": {
      const { systolic, diastolic } = answer as { systolic: number; diastolic: number };
      return <>{`${systolic}/${diastolic} mmHg`}</>;
    }
    case "medicationList":
      return (
        <ul className="list-disc pl-5">
          {(answer as Array<{ medicationId: string; response: MedicationResponse; note: string }>).map((row) => {
            const medication = medications.find((each) => each.id === row.medicationId);
            return (
              <li key={row.medicationId}>
                {medication ? `${medication.name} ${medication.dose}` : "A medication no longer listed"}: {MEDICATION_RESPONSE_TEXT[row.response]}
                {row.note && ` (${row.note})`}
              </li>
            );
          })}
        </ul>
      );
    case "allergyChanges": {
      const { changed, details } = answer as { changed: boolean; details: string };
      return <>{changed ? `Changed${details ? `: ${details}` : ""}` : "No changes"}</>;
    }
  }
}

function Photos({ appointmentId, uploads }: { appointmentId: string; uploads: IntakeUploadJson[] }) {
  const headingId = useId();
  const groups = [
    { kind: "CONDITION_PHOTO", title: "Photos of the condition", none: "No photos sent.", name: (n: number) => `Photo ${n} of the condition` },
    { kind: "ID_PHOTO", title: "ID photo", none: "No ID photo sent.", name: () => "Photo of the patient's ID" },
  ] as const;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Photos
      </h3>
      {groups.map((group) => {
        const photos = uploads.filter((upload) => upload.kind === group.kind);
        return (
          <div key={group.kind} className="space-y-1">
            <h4 className="text-sm font-medium text-slate-900">{group.title}</h4>
            {photos.length === 0 ? (
              <p className="text-sm text-slate-700">{group.none}</p>
            ) : (
              <ul className="flex flex-wrap gap-3">
                {photos.map((photo, index) => {
                  const src = uploadPath(appointmentId, photo.id);
                  return (
                    <li key={photo.id}>
                      <a href={src} target="_blank" rel="noopener noreferrer" className="block rounded-md focus-visible:outline-2 focus-visible:outline-offset-2">
                        {/* The photo is served by our own API with the patient's content type; next/image would cache it. */}
                        {/* eslint-disable-next-line @next/next/no-img-element */}
                        <img src={src} alt={group.name(index + 1)} className="h-28 w-28 rounded-md border border-slate-300 object-cover" />
                        <span className="mt-1 block text-sm text-primary-800 underline">Open {group.name(index + 1).toLowerCase()} large</span>
                      </a>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}

function IdentityAttestation({ appointmentId, initial, timeZone }: { appointmentId: string; initial: IntakeJson["identityVerified"]; timeZone: string }) {
  const headingId = useId();
  const [verified, setVerified] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function verify() {
    setBusy(true);
    const result = await callApi<{ identityVerified: NonNullable<IntakeJson["identityVerified"]> }>(`${intakePath(appointmentId)}/identity`, { method: "POST" });
    setBusy(false);
    if (result.ok) {
      setVerified(result.data.identityVerified);
      setError(null);
    } else setError(result.error);
  }

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Identity
      </h3>
      <div role="status">
        {verified && (
          <p className="text-sm font-medium text-emerald-900">
            Identity verified{verified.byName ? ` by ${verified.byName}` : ""} at {dateTimeText(verified.at, timeZone)}
          </p>
        )}
      </div>
      {!verified && (
        <>
          <p className="text-sm text-slate-700">Compare the patient on camera with their ID and date of birth, then record it.</p>
          <button type="button" className={visitSecondaryButtonClassName} disabled={busy} onClick={() => void verify()}>
            Identity verified
          </button>
        </>
      )}
      {error && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </section>
  );
}
