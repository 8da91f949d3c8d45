"use client";

import { useId, useState } from "react";
import { focusOnMount } from "@/components/focusOnMount";
import { useShortcut } from "@/components/shortcuts/useShortcut";
import { visitFieldClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";
import { missingForSigning, refreshFromVisit } from "@/lib/notes/telehealth-fields";
import type { NoteSections } from "@/lib/notes/types";
import { BillingCodesSection } from "./BillingCodesSection";
import { NoteAddenda } from "./NoteAddenda";
import { NoteConflictAlert, UnsavedAfterSigningAlert } from "./NoteConflict";
import { dateTimeText, statusText } from "./noteStatus";
import { overLimitMessage, SECTION_LABELS, sectionsOverLimit, SOAP_SECTIONS, type SoapSection } from "./noteText";
import { noteApi } from "./noteApi";
import { SignNote } from "./SignNote";
import { TelehealthSection } from "./TelehealthSection";
import { useNoteSession } from "./useNoteSession";

// The consultation note beside the visit: four SOAP fields that save
// themselves, keep a copy on this device, and show both texts when another
// tab or device saved first. Every piece of note text is rendered as text
// (React escapes it); nothing is ever interpreted as HTML.

export interface NoteEditorProps {
  appointmentId: string;
  /** The signed-in physician (the appointment's own: only they write its note). */
  physicianName: string;
}

export function NoteEditor({ appointmentId, physicianName }: NoteEditorProps) {
  // A new appointment is a new session: nothing of the previous note carries over.
  return <NoteEditorForAppointment key={appointmentId} appointmentId={appointmentId} physicianName={physicianName} />;
}

function NoteEditorForAppointment({ appointmentId, physicianName }: NoteEditorProps) {
  const { session, state } = useNoteSession(appointmentId, physicianName);
  const headingId = useId();
  const [justSigned, setJustSigned] = useState(false);
  const { phase, note } = state;
  // Marked by the fields: what the last signing attempt lacked and still lacks.
  const stillMissing = missingForSigning(state.details);
  const missing = state.missingToSign.filter((field) => stillMissing.includes(field));

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 id={headingId} className="text-lg font-semibold text-slate-900">
          Consultation note
        </h3>
        {/* Always in the page, so screen readers announce each change of it. */}
        <p role="status" className="text-sm font-medium text-slate-700">
          {statusText(state.status)}
        </p>
      </div>

      {phase === "loading" && <p className="text-slate-700">Loading the note…</p>}
      {phase === "unavailable" && (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-slate-900">
          You are offline, and this device has no copy of the note yet. It will appear as soon as the connection is back.
        </p>
      )}
      {phase === "failed" && (
        <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900">
          <p className="font-medium">The note could not be opened. {state.loadError}</p>
          <button type="button" className={visitSecondaryButtonClassName} onClick={() => session.retryLoad()}>
            Try again
          </button>
        </div>
      )}

      {phase === "signed" && note?.signedAt && (
        <p ref={justSigned ? focusOnMount : undefined} tabIndex={-1} className="rounded-md bg-slate-100 px-4 py-3 font-medium text-slate-900">
          Signed by {note.signedByName ?? physicianName} at {dateTimeText(note.signedAt)}
        </p>
      )}

      {state.conflict && (
        <NoteConflictAlert
          mine={state.sections}
          theirs={state.conflict.theirs}
          savedAt={state.conflict.updatedAt}
          onKeepMine={() => session.keepMine()}
          onUseSaved={() => session.useSaved()}
        />
      )}
      {state.unsavedAfterSigning && (
        <UnsavedAfterSigningAlert unsaved={state.unsavedAfterSigning} signed={state.sections} onDiscard={() => session.discardUnsaved()} />
      )}


      {(phase === "editing" || phase === "signed") && (
        <NoteFields sections={state.sections} readOnly={phase === "signed"} onEdit={(section, text) => session.edit(section, text)} />
      )}

      {/* After the text, which the physician writes while talking; the telehealth facts are checked before signing. */}
      {(phase === "editing" || phase === "signed") && (
        <TelehealthSection
          block={state.details.telehealth}
          readOnly={phase === "signed"}
          missing={missing}
          onChange={(telehealth) => session.editDetails({ telehealth })}
          onRefresh={async () => {
            const result = await noteApi(appointmentId).telehealthDraft();
            if (!result.ok) return result.error;
            session.editDetails({ telehealth: refreshFromVisit(session.getSnapshot().details.telehealth, result.data.telehealth) });
            return null;
          }}
        />
      )}

      {(phase === "editing" || phase === "signed") && (
        <BillingCodesSection
          details={state.details}
          readOnly={phase === "signed"}
          missing={missing}
          onChange={(changes) => session.editDetails(changes)}
        />
      )}

      {phase === "editing" && !state.conflict && (
        <SignNote
          onSign={async () => {
            const problem = await session.sign();
            if (problem === null) setJustSigned(true);
            return problem;
          }}
        />
      )}

      {phase === "signed" && (
        <p>
          <a className="font-medium text-primary-700 underline underline-offset-4" href={`/physician/visits/${encodeURIComponent(appointmentId)}/superbill`}>
            Superbill
          </a>
        </p>
      )}

      {phase === "signed" && note && <NoteAddenda addenda={note.addenda} onAdd={(body) => session.addAddendum(body)} />}
    </section>
  );
}

function NoteFields({
  sections,
  readOnly,
  onEdit,
}: {
  sections: NoteSections;
  readOnly: boolean;
  onEdit: (section: SoapSection, text: string) => void;
}) {
  const id = useId();
  const tooLong = new Map(sectionsOverLimit(sections).map((over) => [over.section, over]));
  // Alt+Shift+S, O, A, P. On narrow screens the chart opens its Note tab on the same key
  // (ChartPanel); the field is focused once that tab is shown.
  useShortcut(
    SOAP_SECTIONS.map((section) => `note-${section}` as const),
    (action) => requestAnimationFrame(() => document.getElementById(`${id}-${action.slice("note-".length)}`)?.focus()),
  );
  return (
    <div className="space-y-4">
      {SOAP_SECTIONS.map((section) => {
        const fieldId = `${id}-${section}`;
        const over = tooLong.get(section);
        return (
          <div key={section} className="space-y-1">
            <label htmlFor={fieldId} className="block font-medium text-slate-900">
              {SECTION_LABELS[section]}
            </label>
            <textarea
              id={fieldId}
              value={sections[section]}
              readOnly={readOnly}
              onChange={(event) => onEdit(section, event.target.value)}
              rows={section === "subjective" || section === "plan" ? 6 : 4}
              spellCheck
              // No maxLength: the browser would silently cut a long paste. Over-long text is kept and named instead.
              aria-invalid={over ? true : undefined}
              aria-describedby={over ? `${fieldId}-limit` : undefined}
              className={`${visitFieldClassName} resize-y leading-6 ${readOnly ? "bg-slate-50 text-slate-800" : ""}`}
            />
            {over && (
              <p id={`${fieldId}-limit`} className="text-sm font-medium text-red-800">
                {overLimitMessage(over)}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
