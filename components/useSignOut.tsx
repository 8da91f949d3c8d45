"use client";

import { useRef, useState } from "react";
import type { UnsentNote } from "./notes/sendDrafts";
import { signOutOfThisBrowser, type SignOutReason, type SignOutRequest } from "./signOut";
import { UnsentNotesDialog } from "./UnsentNotesDialog";

export interface SignOutFlow {
  state: SignOutState;
  signOut: (options: { reason: SignOutReason; everywhere?: boolean }) => void;
  stay: () => void;
  signOutDeletingUnsent: () => void;
}

export type SignOutState =
  | { kind: "idle" }
  | { kind: "working" }
  | { kind: "unsent"; notes: UnsentNote[] }
  | { kind: "failed"; message: string };

/**
 * Signing out by choice (the header's button, "Sign out everywhere", "Sign out
 * now" in the idle warning), for `userKey`, whose note text goes first. When
 * some cannot be sent, the state says which, and the person chooses: stay, or
 * sign out and delete it.
 */
export function useSignOut(userKey: string): SignOutFlow {
  const [state, setState] = useState<SignOutState>({ kind: "idle" });
  const asked = useRef<SignOutRequest | null>(null);

  async function run(request: SignOutRequest) {
    setState({ kind: "working" });
    const outcome = await signOutOfThisBrowser(request);
    if (outcome.kind === "unsent") {
      asked.current = request;
      setState({ kind: "unsent", notes: outcome.notes });
    } else if (outcome.kind === "failed") {
      setState({ kind: "failed", message: outcome.message });
    }
    // Signed out: the page is being replaced by the sign-in page.
  }

  return {
    state,
    signOut: (options: { reason: SignOutReason; everywhere?: boolean }) => void run({ ...options, userKey, by: "person" }),
    stay: () => setState({ kind: "idle" }),
    signOutDeletingUnsent: () => {
      if (asked.current) void run({ ...asked.current, deleteUnsent: true });
    },
  };
}

/** What a sign-out by choice has to say: why it failed, or the unsent notes to decide about. */
export function SignOutNotices({ flow, className }: { flow: SignOutFlow; className: string }) {
  const { state } = flow;
  if (state.kind === "failed") {
    return (
      <p role="alert" className={className}>
        {state.message}
      </p>
    );
  }
  if (state.kind === "unsent") return <UnsentNotesDialog notes={state.notes} onStay={flow.stay} onSignOut={flow.signOutDeletingUnsent} />;
  return null;
}
