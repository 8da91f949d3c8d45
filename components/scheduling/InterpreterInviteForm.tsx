"use client";

import { useId, useState } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { TextField } from "@/components/TextField";
import { callApi } from "@/lib/client/api";
import { INTERPRETER_LANGUAGES, languageName } from "@/lib/visits/interpreter-languages";

type Field = "language" | "displayName" | "email" | "timeZone";
type Problems = Partial<Record<Field | "form", string>>;

const FIELDS: readonly Field[] = ["language", "displayName", "email", "timeZone"];

/** The server's refusal, each issue beside the field it is about. */
function problemsOf(body: Record<string, unknown>, fallback: string): Problems {
  const issues = Array.isArray(body.issues) ? (body.issues as Array<{ path?: unknown; message?: unknown }>) : [];
  const problems: Problems = {};
  for (const issue of issues) {
    const field = FIELDS.find((name) => name === issue.path);
    if (field && typeof issue.message === "string") problems[field] ??= issue.message;
  }
  return Object.keys(problems).length > 0 ? problems : { form: fallback };
}

/**
 * The scheduler arranges an interpreter for a booked visit: the language, who,
 * their email address and their time zone. The interpreter is emailed their own
 * link with the visit's time in that zone; nobody at the desk ever sees the link.
 */
export function InterpreterInviteForm({
  appointmentId,
  defaultTimeZone,
  onInvited,
}: {
  appointmentId: string;
  /** The zone the scheduler is looking at the calendar in: the likeliest one for an interpreter the clinic works with. */
  defaultTimeZone: string;
  onInvited: (invited: { displayName: string; language: string; email: string }) => void;
}) {
  const id = useId();
  const [problems, setProblems] = useState<Problems>({});
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);

  async function invite(form: HTMLFormElement) {
    const data = new FormData(form);
    const invitation = {
      language: String(data.get("language") ?? ""),
      displayName: String(data.get("displayName") ?? "").trim(),
      email: String(data.get("email") ?? "").trim(),
      timeZone: String(data.get("timeZone") ?? ""),
    };
    setAttempt((count) => count + 1);
    const missing: Problems = {
      ...(invitation.displayName ? {} : { displayName: "Give the interpreter's name." }),
      ...(invitation.email ? {} : { email: "Give the address their link goes to." }),
    };
    if (Object.keys(missing).length > 0) {
      setProblems(missing);
      // The first field that needs attention, as a person fixes them top to bottom.
      form.querySelector<HTMLElement>(`#${CSS.escape(`${id}-${missing.displayName ? "name" : "email"}`)}`)?.focus();
      return;
    }
    setPending(true);
    const result = await callApi<{ guest: { id: string } }>(`/api/appointments/${encodeURIComponent(appointmentId)}/interpreters`, {
      method: "POST",
      body: invitation,
    });
    setPending(false);
    if (result.ok) {
      setProblems({});
      onInvited({ displayName: invitation.displayName, language: languageName(invitation.language), email: invitation.email });
    } else {
      setProblems(problemsOf(result.body, result.error));
    }
  }

  return (
    <form
      aria-label="Invite an interpreter"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void invite(event.currentTarget);
      }}
      className="space-y-4"
    >
      <p className="text-slate-700">They get their own link by email and wait in the waiting room until the physician admits them.</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id={`${id}-language`} name="language" label="Language they interpret" defaultValue={INTERPRETER_LANGUAGES[0]} error={problems.language}>
          {INTERPRETER_LANGUAGES.map((tag) => (
            <option key={tag} value={tag}>
              {languageName(tag)}
            </option>
          ))}
        </SelectField>
        <TextField id={`${id}-name`} name="displayName" label="Interpreter's name" maxLength={80} autoComplete="off" required error={problems.displayName} />
        <TextField id={`${id}-email`} name="email" type="email" label="Interpreter's email" maxLength={254} autoComplete="off" required error={problems.email} />
        <SelectField id={`${id}-zone`} name="timeZone" label="Interpreter's time zone" defaultValue={defaultTimeZone} error={problems.timeZone}>
          {Intl.supportedValuesOf("timeZone").map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </SelectField>
      </div>
      {problems.form && (
        <div key={attempt}>
          <FormAlert tone="error">{problems.form}</FormAlert>
        </div>
      )}
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Sending the invitation…" : "Email the interpreter their link"}
      </button>
    </form>
  );
}
