import type { ReactNode } from "react";

export const FIELD_CONTROL_CLASS = "block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-slate-900 shadow-sm aria-invalid:border-red-700";

/**
 * A field's label, hint and error above its control, laid out once for every
 * kind of control. The control gets the ids of the hint and error (and any
 * other describing elements) to put in its aria-describedby, so screen
 * readers read them with it.
 */
export function LabelledField({
  id,
  label,
  hint,
  error,
  alsoDescribedBy,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  alsoDescribedBy?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId, alsoDescribedBy].filter(Boolean).join(" ");
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
      {children(describedBy || undefined)}
    </div>
  );
}
