import type { ComponentProps } from "react";
import { FIELD_CONTROL_CLASS, LabelledField } from "./LabelledField";

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
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} alsoDescribedBy={describedBy}>
      {(described) => (
        <textarea id={id} aria-describedby={described} aria-invalid={error ? true : undefined} className={FIELD_CONTROL_CLASS} {...textAreaProps} />
      )}
    </LabelledField>
  );
}
