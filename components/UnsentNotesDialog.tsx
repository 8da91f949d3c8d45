"use client";

import { useEffect, useId, useRef } from "react";
import { primaryActionClassName } from "./actionStyles";
import type { UnsentNote } from "./notes/sendDrafts";

/**
 * Shown when signing out finds note text the clinic does not have yet: which
 * note, why, and the choice. Staying is the default (focused, and what Escape
 * does); signing out deletes the text from this computer.
 */
export function UnsentNotesDialog({ notes, onStay, onSignOut }: { notes: UnsentNote[]; onStay: () => void; onSignOut: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const stayRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    stayRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const one = notes.length === 1;
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
      className="m-auto w-[min(32rem,calc(100%-2rem))] rounded-xl bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/60"
    >
      <div className="space-y-4">
        <h2 id={titleId} className="text-xl font-semibold">
          {one ? "A note is not saved yet" : "Some notes are not saved yet"}
        </h2>
        <p id={descriptionId} className="text-slate-700">
          {one ? "This note has text" : "These notes have text"} the clinic does not have yet. Stay signed in to keep it; if you
          sign out now, it is deleted from this computer.
        </p>
        <ul className="space-y-2">
          {notes.map((note) => (
            <li key={note.appointmentId} className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3">
              <UnsentNoteItem note={note} />
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap gap-3">
          <button ref={stayRef} type="button" onClick={onStay} className={primaryActionClassName}>
            Stay signed in
          </button>
          <button
            type="button"
            onClick={onSignOut}
            className="inline-flex items-center rounded-md border border-red-700 bg-white px-4 py-2 font-medium text-red-800 transition-colors hover:bg-red-50"
          >
            Sign out and delete the unsaved text
          </button>
        </div>
      </div>
    </dialog>
  );
}

function UnsentNoteItem({ note }: { note: UnsentNote }) {
  const href = `/physician/visits/${encodeURIComponent(note.appointmentId)}`;
  // On that visit's page already, the note is right there.
  const here = typeof window !== "undefined" && window.location.pathname === href;
  return (
    <p>
      <span className="font-medium">{here ? "The note of this visit." : "The note of another visit."}</span> {note.problem}{" "}
      {!here && (
        <a href={href} className="font-medium text-primary-800 underline">
          Open that visit
        </a>
      )}
    </p>
  );
}
