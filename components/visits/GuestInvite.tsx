"use client";

import { useEffect, useId, useState, type FormEvent } from "react";
import { INTERPRETER_LANGUAGES, interpreterLabel, languageName } from "@/lib/visits/interpreter-languages";
import { visitFieldClassName, visitPanelClassName, visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "./styles";
import { callVisitApi, type VisitGuestEntry } from "./visitApi";

const MAX_NAME_LENGTH = 80;

function fieldIssue(body: Record<string, unknown>, field: string): string | undefined {
  if (!Array.isArray(body.issues)) return undefined;
  const issue = (body.issues as Array<{ path?: unknown; message?: unknown }>).find((entry) => entry.path === field);
  return typeof issue?.message === "string" ? issue.message : undefined;
}

/**
 * The physician invites a relative, carer or interpreter into this visit: a
 * link of their own, shown once with a copy button (only its hash is kept),
 * and a list of the visit's guests whose links can be revoked.
 */
export function GuestInvite({ appointmentId }: { appointmentId: string }) {
  const headingId = useId();
  const nameId = useId();
  const relationshipId = useId();
  const languageId = useId();
  const linkId = useId();
  const [role, setRole] = useState<VisitGuestEntry["role"]>("GUEST");
  const [language, setLanguage] = useState<string>(INTERPRETER_LANGUAGES[0]);
  const [guests, setGuests] = useState<VisitGuestEntry[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [displayName, setDisplayName] = useState("");
  const [relationship, setRelationship] = useState("");
  const [errors, setErrors] = useState<{ form?: string; displayName?: string; relationship?: string }>({});
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<{ name: string; link: string; interpreter: boolean } | null>(null);
  const [status, setStatus] = useState("");
  const basePath = `/api/visits/${encodeURIComponent(appointmentId)}/guests`;

  useEffect(() => {
    const controller = new AbortController();
    callVisitApi<{ guests: VisitGuestEntry[] }>(basePath, { signal: controller.signal })
      .then((result) => {
        if (result.ok) setGuests(result.data.guests);
        else setListError(result.error);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [basePath]);

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = displayName.trim();
    if (name === "") {
      setErrors({ displayName: "Give the guest's name." });
      return;
    }
    setSubmitting(true);
    const result = await callVisitApi<{ guest: VisitGuestEntry; link: string }>(basePath, {
      method: "POST",
      body: role === "INTERPRETER" ? { displayName: name, role, language } : { displayName: name, relationship: relationship.trim() },
    });
    setSubmitting(false);
    if (!result.ok) {
      const nameIssue = fieldIssue(result.body, "displayName");
      const relationshipIssue = fieldIssue(result.body, "relationship");
      setErrors({
        displayName: nameIssue,
        relationship: relationshipIssue,
        form: nameIssue || relationshipIssue ? undefined : result.error,
      });
      return;
    }
    setErrors({});
    setDisplayName("");
    setRelationship("");
    setGuests((current) => [...(current ?? []), result.data.guest]);
    setCreated({ name: result.data.guest.displayName, link: result.data.link, interpreter: result.data.guest.role === "INTERPRETER" });
    setStatus(`A link for ${result.data.guest.displayName} is ready. It is shown only once: copy it now.`);
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setStatus("Link copied.");
    } catch {
      setStatus("The link could not be copied automatically. Select it and copy it yourself.");
    }
  }

  async function revoke(guest: VisitGuestEntry) {
    const result = await callVisitApi(`${basePath}/${encodeURIComponent(guest.id)}`, { method: "DELETE" });
    if (!result.ok) {
      setStatus(result.error);
      return;
    }
    setGuests((current) => current?.map((entry) => (entry.id === guest.id ? { ...entry, revokedAt: new Date().toISOString() } : entry)) ?? null);
    setStatus(`${guest.displayName}'s link no longer works.`);
  }

  return (
    <section aria-labelledby={headingId} className={`${visitPanelClassName} space-y-4`}>
      <div className="space-y-1">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          Guests
        </h2>
        <p className="text-sm text-slate-700">
          Invite a relative, carer or interpreter. They get a link of their own and wait in the waiting room until you admit them.
        </p>
      </div>

      <p role="status" className="text-sm font-medium text-slate-900">
        {status}
      </p>

      {created && (
        <div className="space-y-2 rounded-md border border-primary-200 bg-primary-50 p-3">
          <label htmlFor={linkId} className="block font-medium text-slate-900">
            {created.interpreter ? "Interpreter" : "Guest"} link for {created.name}
          </label>
          <input
            id={linkId}
            readOnly
            value={created.link}
            onFocus={(event) => event.currentTarget.select()}
            className={`${visitFieldClassName} font-mono text-sm`}
          />
          <div className="flex flex-wrap gap-2">
            <button type="button" onClick={() => copy(created.link)} className={visitPrimaryButtonClassName}>
              Copy link
            </button>
            <button type="button" onClick={() => setCreated(null)} className={visitSecondaryButtonClassName}>
              Done
            </button>
          </div>
        </div>
      )}

      <form onSubmit={invite} noValidate className="space-y-3">
        <fieldset className="space-y-1.5">
          <legend className="font-medium text-slate-900">Who are you inviting?</legend>
          <div className="flex flex-wrap gap-4">
            {(
              [
                ["GUEST", "A relative or carer"],
                ["INTERPRETER", "An interpreter"],
              ] as const
            ).map(([value, text]) => (
              <label key={value} className="flex min-h-11 items-center gap-2 text-slate-900">
                <input type="radio" name={`${headingId}-role`} value={value} checked={role === value} onChange={() => setRole(value)} className="h-4 w-4" />
                {text}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="space-y-1.5">
          <label htmlFor={nameId} className="block font-medium text-slate-900">
            Guest&apos;s name
          </label>
          {errors.displayName && (
            <p id={`${nameId}-error`} className="text-sm font-medium text-red-700">
              {errors.displayName}
            </p>
          )}
          <input
            id={nameId}
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            maxLength={MAX_NAME_LENGTH}
            required
            autoComplete="off"
            aria-invalid={errors.displayName ? true : undefined}
            aria-describedby={errors.displayName ? `${nameId}-error` : undefined}
            className={visitFieldClassName}
          />
        </div>
        {role === "INTERPRETER" ? (
          <div className="space-y-1.5">
            <label htmlFor={languageId} className="block font-medium text-slate-900">
              Language they interpret
            </label>
            <select id={languageId} value={language} onChange={(event) => setLanguage(event.target.value)} className={visitFieldClassName}>
              {INTERPRETER_LANGUAGES.map((tag) => (
                <option key={tag} value={tag}>
                  {languageName(tag)}
                </option>
              ))}
            </select>
          </div>
        ) : (
        <div className="space-y-1.5">
          <label htmlFor={relationshipId} className="block font-medium text-slate-900">
            Relationship to the patient (optional)
          </label>
          {errors.relationship && (
            <p id={`${relationshipId}-error`} className="text-sm font-medium text-red-700">
              {errors.relationship}
            </p>
          )}
          <input
            id={relationshipId}
            value={relationship}
            onChange={(event) => setRelationship(event.target.value)}
            maxLength={MAX_NAME_LENGTH}
            autoComplete="off"
            aria-invalid={errors.relationship ? true : undefined}
            aria-describedby={errors.relationship ? `${relationshipId}-error` : undefined}
            className={visitFieldClassName}
          />
        </div>
        )}
        {errors.form && (
          <p role="alert" className="text-sm font-medium text-red-700">
            {errors.form}
          </p>
        )}
        <button type="submit" disabled={submitting} className={visitPrimaryButtonClassName}>
          {role === "INTERPRETER" ? "Create interpreter link" : "Create guest link"}
        </button>
      </form>

      {listError ? (
        <p className="text-sm font-medium text-red-700">{listError}</p>
      ) : (
        guests !== null &&
        guests.length > 0 && (
          <ul className="space-y-2">
            {guests.map((guest) => (
              <li key={guest.id} className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-slate-900">
                  <span className="font-medium">{guest.displayName}</span>
                  {guest.role === "INTERPRETER" ? (
                    <span className="text-sm text-slate-700"> ({interpreterLabel(guest.language)})</span>
                  ) : guest.relationship ? (
                    <span className="text-sm text-slate-700"> ({guest.relationship})</span>
                  ) : null}
                  <span className="block text-sm text-slate-700">{guest.revokedAt ? "Link revoked" : "Link works"}</span>
                </p>
                {!guest.revokedAt && (
                  <button type="button" onClick={() => revoke(guest)} className={visitSecondaryButtonClassName}>
                    Revoke link<span className="sr-only"> for {guest.displayName}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )
      )}
    </section>
  );
}
