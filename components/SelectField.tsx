import type { ComponentProps } from "react";

/** A labelled select laid out like TextField, with its error announced beside it. */
export function SelectField({
  id,
  label,
  error,
  ...selectProps
}: { id: string; label: string; error?: string } & Omit<ComponentProps<"select">, "id">) {
  const errorId = `${id}-error`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block font-medium text-slate-900">
        {label}
      </label>
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      <select
        id={id}
        aria-describedby={error ? errorId : undefined}
        aria-invalid={error ? true : undefined}
        className="block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-slate-900 shadow-sm aria-invalid:border-red-700"
        {...selectProps}
      />
    </div>
  );
}
