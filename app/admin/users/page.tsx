import type { Metadata } from "next";
import { PageHeader } from "@/components/PageHeader";
import { CreateUserForm } from "@/components/admin/CreateUserForm";
import { UserTable } from "@/components/admin/UserTable";
import { OfferedVisitTypesForm } from "@/components/scheduling/OfferedVisitTypesForm";
import { requireSignedIn } from "@/lib/auth/guards";
import { listUsers, SUPPORTED_TIME_ZONES, userListInput } from "@/lib/auth/accounts/users";
import { getDb } from "@/lib/db/client";
import { AREA_NAMES } from "@/lib/navigation";
import { listVisitTypes } from "@/lib/scheduling/availability";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/users" });
  const order = userListInput.parse(await searchParams);
  // What each physician offers is public clinic fact (the booking forms list it); changing it is authorized and audited.
  const [users, physicians, visitTypes] = await Promise.all([listUsers(getDb(), context, order), listPhysicianDirectory(), listVisitTypes(getDb())]);

  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Users"
        description="Staff who can sign in to the clinic. New people get an email to set their password, then set up two-step verification."
      />
      <section aria-labelledby="add-staff" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="add-staff" className="text-lg font-semibold text-slate-900">
          Add a staff member
        </h2>
        <CreateUserForm timeZones={SUPPORTED_TIME_ZONES} />
      </section>
      <section aria-labelledby="staff-accounts" className="space-y-4">
        <h2 id="staff-accounts" className="text-lg font-semibold text-slate-900">
          Staff accounts
        </h2>
        <UserTable users={users} order={order} />
      </section>
      <section aria-labelledby="visit-types-offered" className="space-y-4">
        <h2 id="visit-types-offered" className="text-lg font-semibold text-slate-900">
          Visit types each physician offers
        </h2>
        <p className="text-slate-700">Patients and the desk can book a physician only for the types ticked here. Visits already booked keep their type.</p>
        <div className="grid gap-6 lg:grid-cols-2">
          {physicians.map((physician) => (
            <section
              key={physician.id}
              aria-labelledby={`offered-${physician.id}`}
              className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
            >
              <h3 id={`offered-${physician.id}`} className="font-semibold text-slate-900">
                {physician.name}
              </h3>
              <OfferedVisitTypesForm physicianId={physician.id} visitTypes={visitTypes} offeredIds={physician.visitTypeIds} />
            </section>
          ))}
        </div>
      </section>
    </div>
  );
}
