import { fieldClassName } from "./styles";

/** A labelled, required text box for why a visit is booked or cancelled; the server allows 500 characters. */
export function ReasonField({ id, label, hint }: { id: string; label: string; hint?: string }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block font-medium text-slate-900">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        name="reason"
        required
        maxLength={500}
        rows={2}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={fieldClassName}
      />
    </div>
  );
}
