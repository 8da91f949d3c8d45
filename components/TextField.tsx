import type { ComponentProps } from "react";

/** A labelled input with an optional hint and error, both tied to it for screen readers. */
export function TextField({
  id,
  label,
  hint,
  error,
  className,
  ...inputProps
}: { id: string; label: string; hint?: string; error?: string | null } & Omit<ComponentProps<"input">, "id">) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block font-medium text-slate-900">
        {label}
      </label>
      {hint && (
        <p id={hintId!} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId!} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      <input
        id={id}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        className={`block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-slate-900 shadow-sm aria-invalid:border-red-700 ${className ?? ""}`}
        {...inputProps}
      />
    </div>
  );
}
