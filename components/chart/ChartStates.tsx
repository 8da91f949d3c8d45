"use client";

import type { ReactNode } from "react";
import type { ApiFailure } from "@/lib/client/api";
import { secondaryButtonClassName } from "./styles";

// The few states every chart section shares: loading, a refusal or network
// failure with a way to try again, and nothing recorded.

export function Loading({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="text-sm text-slate-700">
      {children}
    </p>
  );
}

export function LoadFailed({
  what,
  error,
  onRetry,
}: {
  /** "the allergies", "older visits": completes "Could not load …". */
  what: string;
  error: ApiFailure;
  onRetry: () => void;
}) {
  return (
    <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      <p>
        <span className="font-medium">Could not load {what}.</span> {error.error}
      </p>
      <button type="button" onClick={onRetry} className={secondaryButtonClassName}>
        Try again
      </button>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-700">{children}</p>;
}
