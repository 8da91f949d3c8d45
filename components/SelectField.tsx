import type { ComponentProps } from "react";
import { FIELD_CONTROL_CLASS, LabelledField } from "./LabelledField";

/** A labelled select laid out like TextField, with its error announced beside it. */
export function SelectField({
  id,
  label,
  error,
  ...selectProps
}: { id: string; label: string; error?: string } & Omit<ComponentProps<"select">, "id">) {
  return (
    <LabelledField id={id} label={label} error={error}>
      {(describedBy) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={FIELD_CONTROL_CLASS} {...selectProps} />
      )}
    </LabelledField>
  );
}
