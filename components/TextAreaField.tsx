import type { ComponentProps } from "react";

/** A labelled text box for a few lines, laid out like TextField, its hint and error tied to it for screen readers. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  describedBy,
  ...textAreaProps
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  /** Other elements that describe the field (what it is about), read after the hint and error. */
  describedBy?: string;
} & Omit<ComponentProps<"textarea">, "id" | "className">) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const described = [hintId, errorId, describedBy].filter(Boolean).join(" ");
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
      <textarea
        id={id}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        className="block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-slate-900 shadow-sm aria-invalid:border-red-700"
        {...textAreaProps}
      />
    </div>
  );
}
