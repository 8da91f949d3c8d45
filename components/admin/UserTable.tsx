import type { AccountStatus, StaffAccount } from "@/lib/auth/accounts/users";
import type { Role } from "@/lib/db/generated/enums";
import { UserActions } from "./UserActions";

const ROLE_NAMES: Record<Role, string> = {
  PATIENT: "Patient",
  PHYSICIAN: "Physician",
  SCHEDULER: "Scheduler",
  ADMIN: "Administrator",
};

const STATUS_NAMES: Record<AccountStatus, string> = {
  active: "Active",
  invited: "Invited, no password yet",
  "invitation-expired": "Invitation expired",
  disabled: "Disabled",
};

/** The clinic's staff accounts, each with what can be done to it. */
export function UserTable({ users }: { users: StaffAccount[] }) {
  return (
    // Focusable so keyboard users can scroll the table sideways on a narrow screen.
    <div
      role="region"
      aria-labelledby="staff-accounts-caption"
      tabIndex={0}
      className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <table className="w-full text-left text-sm">
        <caption id="staff-accounts-caption" className="sr-only">
          Staff accounts
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-3 font-semibold">Name</th>
            <th scope="col" className="px-4 py-3 font-semibold">Role</th>
            <th scope="col" className="px-4 py-3 font-semibold">Status</th>
            <th scope="col" className="px-4 py-3 font-semibold">Two-step verification</th>
            <th scope="col" className="px-4 py-3 font-semibold">Actions</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {users.map((user) => (
            <tr key={user.id} className="align-top">
              <th scope="row" className="min-w-56 px-4 py-3 font-normal">
                <span className="block font-medium text-slate-900">{user.name}</span>
                <span className="block break-words text-slate-600">{user.email}</span>
              </th>
              <td className="px-4 py-3 text-slate-800">{ROLE_NAMES[user.role]}</td>
              <td className="px-4 py-3 text-slate-800">{STATUS_NAMES[user.status]}</td>
              <td className="px-4 py-3 text-slate-800">{user.mfaEnabled ? "Set up" : "Not set up"}</td>
              <td className="px-4 py-3">
                {user.isYou ? <span className="text-slate-600">This is you</span> : <UserActions user={user} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
