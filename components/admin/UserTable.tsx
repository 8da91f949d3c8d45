import { SortableColumnHeader, STICKY_HEADER_CELL, STICKY_TABLE_REGION } from "@/components/tables/SortableColumnHeader";
import type { AccountStatus, StaffAccount, UserListOrder } from "@/lib/auth/accounts/users";
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

/** The clinic's staff accounts in the order asked for, each with what can be done to it; the header row stays in view. */
export function UserTable({ users, order }: { users: StaffAccount[]; order: UserListOrder }) {
  const headerCell = `${STICKY_HEADER_CELL} px-4 py-3 font-semibold`;
  const sortable = (key: UserListOrder["sort"], label: string, words: { asc: string; desc: string }) => {
    const current = order.sort === key ? order.direction : null;
    const next = current === "asc" ? "desc" : "asc";
    return (
      <SortableColumnHeader
        label={label}
        sort={current === "asc" ? "ascending" : current === "desc" ? "descending" : "none"}
        action="/admin/users"
        query={new URLSearchParams({ sort: key, direction: next })}
        pressTo={`sort ${words[next]}`}
        className={headerCell}
      />
    );
  };
  return (
    // Focusable so keyboard users can scroll the table, down and sideways on a narrow screen.
    <div role="region" aria-labelledby="staff-accounts-caption" tabIndex={0} className={STICKY_TABLE_REGION}>
      <table className="w-full text-left text-sm">
        <caption id="staff-accounts-caption" className="sr-only">
          Staff accounts, by {order.sort} {order.direction === "asc" ? "A to Z" : "Z to A"}
        </caption>
        <thead className="text-slate-700">
          <tr>
            {sortable("name", "Name", { asc: "by name A to Z", desc: "by name Z to A" })}
            {sortable("role", "Role", { asc: "by role A to Z", desc: "by role Z to A" })}
            <th scope="col" className={headerCell}>Status</th>
            <th scope="col" className={headerCell}>Two-step verification</th>
            <th scope="col" className={headerCell}>Actions</th>
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
