"use client";

import { useActionState } from "react";
import { removeLicenseAction, type LicensureActionState } from "@/app/admin/licensure/actions";
import { FormAlert } from "@/components/FormAlert";
import { LicenseStatusBadge } from "@/components/LicenseStatusBadge";
import type { PhysicianLicensure } from "@/lib/licensure/types";

const START: LicensureActionState = { outcome: null, message: "", attempt: 0 };

/** Each physician's licences, with their expiry and whether they are current, and a way to remove one. */
export function PhysicianLicenseList({ physicians }: { physicians: readonly PhysicianLicensure[] }) {
  const [state, remove, pending] = useActionState(removeLicenseAction, START);
  if (physicians.length === 0) return <p className="text-slate-700">The clinic has no physicians yet.</p>;
  return (
    <div className="space-y-4">
      {state.outcome && (
        <FormAlert key={state.attempt} tone={state.outcome}>
          {state.message}
        </FormAlert>
      )}
      {physicians.map((physician) => (
        <section key={physician.physicianId} aria-label={physician.name} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <h3 className="font-semibold text-slate-900">{physician.name}</h3>
          {physician.licenses.length === 0 ? (
            <p className="text-sm text-slate-700">No licences recorded: every patient location will need a reason or be blocked.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-slate-700">
                <tr>
                  <th scope="col" className="py-1 pr-4 font-medium">State</th>
                  <th scope="col" className="py-1 pr-4 font-medium">License number</th>
                  <th scope="col" className="py-1 pr-4 font-medium">Valid until</th>
                  <th scope="col" className="py-1 pr-4 font-medium">Status</th>
                  <th scope="col" className="py-1 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {physician.licenses.map((license) => (
                  <tr key={license.id}>
                    <td className="py-2 pr-4 text-slate-900">{license.stateLabel}</td>
                    <td className="py-2 pr-4 text-slate-900">{license.licenseNumber}</td>
                    <td className="py-2 pr-4 text-slate-900">{license.expiresOn}</td>
                    <td className="py-2 pr-4">
                      <LicenseStatusBadge status={license.status} />
                    </td>
                    <td className="py-2">
                      <form
                        action={remove}
                        onSubmit={(event) => {
                          if (!window.confirm(`Remove ${physician.name}'s licence in ${license.stateLabel}?`)) event.preventDefault();
                        }}
                      >
                        <input type="hidden" name="licenseId" value={license.id} />
                        <button type="submit" disabled={pending} className="rounded-md border border-slate-500 px-3 py-1.5 font-medium text-slate-900 hover:bg-slate-100 disabled:opacity-70">
                          Remove<span className="sr-only"> {physician.name}&apos;s licence in {license.stateLabel}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
