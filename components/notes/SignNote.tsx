"use client";

import { useState, type MouseEvent } from "react";
import { FormAlert } from "@/components/FormAlert";
import { Dialog } from "@/components/scheduling/Dialog";
import { visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";

// Signing locks the note for good, so it asks first. The dialog saves any
// pending change before signing (NoteSession.sign) and says plainly why it
// could not sign, if it could not.

export function SignNote({ onSign }: { onSign: () => Promise<string | null> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; attempt: number } | null>(null);

  async function sign() {
    setBusy(true);
    setProblem(null);
    const message = await onSign();
    setBusy(false);
    // On success the editor turns read-only and this component goes away.
    if (message !== null) setProblem((previous) => ({ message, attempt: (previous?.attempt ?? 0) + 1 }));
  }

  // Closing the native dialog returns focus to "Sign note".
  function cancel(event: MouseEvent<HTMLButtonElement>) {
    event.currentTarget.closest("dialog")?.close();
  }

  return (
    <div>
      <button
        type="button"
        className={visitPrimaryButtonClassName}
        onClick={() => {
          setProblem(null);
          setOpen(true);
        }}
      >
        Sign note
      </button>
      {open && (
        <Dialog title="Sign and lock this note?" onClose={() => setOpen(false)}>
          <p>
            Once signed, the note can no longer be changed. Corrections and later findings are added as addenda, with your name and the time.
          </p>
          {problem && (
            <FormAlert key={problem.attempt} tone="error">
              {problem.message}
            </FormAlert>
          )}
          <div className="flex flex-wrap gap-3">
            <button type="button" className={visitPrimaryButtonClassName} onClick={() => void sign()} disabled={busy}>
              {busy ? "Signing…" : "Sign"}
            </button>
            <button type="button" className={visitSecondaryButtonClassName} onClick={cancel}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
