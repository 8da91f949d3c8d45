"use client";

import { useActionState } from "react";
import { registerIntegrationAction, type IntegrationActionState } from "@/app/admin/integrations/actions";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { TextField } from "@/components/TextField";

const START: IntegrationActionState = { outcome: null, message: "", attempt: 0 };

/** Registers a SMART Backend Services client: its name, public keys and what it may read. */
export function RegisterIntegrationForm({ scopes }: { scopes: readonly string[] }) {
  const [state, formAction, pending] = useActionState(registerIntegrationAction, START);
  const errors = state.fieldErrors ?? {};
  const typed = state.values ?? {};
  const chosen = new Set((typed.scopes ?? "").split(" "));
  return (
    <form key={state.attempt} action={formAction} className="space-y-5">
      {state.outcome && <FormAlert tone={state.outcome}>{state.message}</FormAlert>}
      <TextField id="integration-name" name="name" label="Name" required maxLength={200} defaultValue={typed.name} error={errors.name} autoFocus={Boolean(errors.name)} />
      <div className="space-y-1.5">
        <label htmlFor="integration-jwks" className="block font-medium text-slate-900">
          Public JWK set
        </label>
        <p id="integration-jwks-hint" className="text-sm text-slate-600">
          The client&apos;s public keys as JSON (<code>{'{"keys": [...]}'}</code>), RSA for RS384 or EC P-384 for ES384. Never a private key.
        </p>
        {errors.jwks && (
          <p id="integration-jwks-error" className="text-sm font-medium text-red-700">
            {errors.jwks}
          </p>
        )}
        <textarea
          id="integration-jwks"
          name="jwks"
          required
          rows={6}
          defaultValue={typed.jwks}
          autoFocus={!errors.name && Boolean(errors.jwks)}
          aria-describedby={errors.jwks ? "integration-jwks-hint integration-jwks-error" : "integration-jwks-hint"}
          aria-invalid={errors.jwks ? true : undefined}
          className="block w-full rounded-md border border-slate-500 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm aria-invalid:border-red-700"
        />
      </div>
      <fieldset className="space-y-2" aria-describedby={errors.scopes ? "integration-scopes-error" : undefined}>
        <legend className="font-medium text-slate-900">May read</legend>
        {errors.scopes && (
          <p id="integration-scopes-error" className="text-sm font-medium text-red-700">
            {errors.scopes}
          </p>
        )}
        <div className="grid gap-2 sm:grid-cols-3">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={chosen.has(scope)} className="h-4 w-4" />
              <code>{scope}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Registering…" : "Register client"}
      </button>
    </form>
  );
}
