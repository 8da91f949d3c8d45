import type { ReactNode } from "react";

/**
 * A form's outcome, announced when it appears. Give it a new `key` for each
 * submission, so the same message twice in a row is announced twice.
 */
export function FormAlert({ tone, children }: { tone: "error" | "success"; children: ReactNode }) {
  const colours = tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-900";
  return (
    <p role="alert" className={`rounded-md border px-4 py-3 font-medium ${colours}`}>
      {children}
    </p>
  );
}
