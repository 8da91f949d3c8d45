import type { ComponentProps } from "react";
import { FIELD_CONTROL_CLASS, LabelledField } from "./LabelledField";

/** A labelled input with an optional hint and error, both tied to it for screen readers. */
export function TextField({
  id,
  label,
  hint,
  error,
  className,
  ...inputProps
}: { id: string; label: string; hint?: string; error?: string | null } & Omit<ComponentProps<"input">, "id">) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          className={`${FIELD_CONTROL_CLASS} ${className ?? ""}`}
          {...inputProps}
        />
      )}
    </LabelledField>
  );
}
