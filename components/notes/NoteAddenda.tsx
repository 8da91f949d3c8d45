"use client";

import { useId, useState, type FormEvent } from "react";
import { FormAlert } from "@/components/FormAlert";
import { visitFieldClassName, visitPrimaryButtonClassName } from "@/components/visits/styles";
import type { NoteJson } from "./noteApi";
import { dateTimeText } from "./noteStatus";

// A signed note never changes; corrections and later findings are appended as
// addenda, each with its author and time, oldest first (as the server lists them).

export function NoteAddenda({ addenda, onAdd }: { addenda: NoteJson["addenda"]; onAdd: (body: string) => Promise<string | null> }) {
  const headingId = useId();
  const fieldId = useId();
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: "error" | "success"; message: string; attempt: number } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (body.trim() === "") {
      setOutcome((previous) => ({ tone: "error", message: "Write the addendum first.", attempt: (previous?.attempt ?? 0) + 1 }));
      return;
    }
    setBusy(true);
    const problem = await onAdd(body);
    setBusy(false);
    // The typed text stays in the field until the server has it.
    if (problem === null) setBody("");
    setOutcome((previous) => ({
      tone: problem === null ? "success" : "error",
      message: problem ?? "Addendum added.",
      attempt: (previous?.attempt ?? 0) + 1,
    }));
  }

  return (
    <section aria-labelledby={headingId} className="space-y-3 border-t border-slate-200 pt-4">
      <h4 id={headingId} className="font-semibold text-slate-900">
        Addenda
      </h4>
      {addenda.length === 0 ? (
        <p className="text-slate-700">No addenda yet.</p>
      ) : (
        <ol className="space-y-3">
          {addenda.map((addendum) => (
            <li key={addendum.id} className="rounded-md border border-slate-200 bg-slate-50 p-3">
              <p className="break-words whitespace-pre-wrap text-slate-900">{addendum.body}</p>
              <p className="mt-1 text-sm text-slate-700">
                Added by {addendum.authorName} at {dateTimeText(addendum.createdAt)}
              </p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={(event) => void submit(event)} className="space-y-3" noValidate>
        <div className="space-y-1">
          <label htmlFor={fieldId} className="block font-medium text-slate-900">
            Addendum
          </label>
          <textarea
            id={fieldId}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            rows={3}
            spellCheck
            className={`${visitFieldClassName} resize-y leading-6`}
          />
        </div>
        {outcome && (
          <FormAlert key={outcome.attempt} tone={outcome.tone}>
            {outcome.message}
          </FormAlert>
        )}
        <button type="submit" className={visitPrimaryButtonClassName} disabled={busy}>
          Add addendum
        </button>
      </form>
    </section>
  );
}
