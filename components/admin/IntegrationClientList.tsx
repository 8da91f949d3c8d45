"use client";

import { useActionState } from "react";
import { revokeIntegrationAction, type IntegrationActionState } from "@/app/admin/integrations/actions";
import { FormAlert } from "@/components/FormAlert";
import type { IntegrationClientView } from "@/lib/fhir/smart/clients";

const START: IntegrationActionState = { outcome: null, message: "", attempt: 0 };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** The registered clients, with what each may read, and a way to revoke one. */
export function IntegrationClientList({ clients }: { clients: readonly IntegrationClientView[] }) {
  const [state, revoke, pending] = useActionState(revokeIntegrationAction, START);
  if (clients.length === 0) return <p className="text-slate-700">No integrations are registered.</p>;
  return (
    <div className="space-y-4">
      {state.outcome && (
        <FormAlert key={state.attempt} tone={state.outcome}>
          {state.message}
        </FormAlert>
      )}
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm">
        {clients.map((client) => (
          <li key={client.id} className="flex flex-wrap items-start justify-between gap-4 p-4">
            <div className="space-y-1">
              <p className="font-semibold text-slate-900">
                {client.name} {client.revokedAt && <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-800">Revoked {dateFormat.format(client.revokedAt)}</span>}
              </p>
              <p className="text-sm text-slate-700">
                Client id <code className="select-all">{client.id}</code>
              </p>
              <p className="text-sm text-slate-700">May read: {client.scopes.map((scope) => <code key={scope} className="mr-2">{scope}</code>)}</p>
              <p className="text-sm text-slate-600">
                Keys: {client.keyIds.join(", ")} · registered by {client.createdByName}, {dateFormat.format(client.createdAt)}
              </p>
            </div>
            {!client.revokedAt && (
              <form
                action={revoke}
                onSubmit={(event) => {
                  if (!window.confirm(`Revoke ${client.name}? Its access tokens stop working at once and it cannot get new ones.`)) event.preventDefault();
                }}
              >
                <input type="hidden" name="clientId" value={client.id} />
                <button type="submit" disabled={pending} className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-70">
                  Revoke<span className="sr-only"> {client.name}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
