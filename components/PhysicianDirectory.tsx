import { connection } from "next/server";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";

export async function PhysicianDirectory() {
  // Read per request: the build has no database, and the list changes as the clinic staffs up.
  await connection();
  const physicians = await listPhysicianDirectory();

  if (physicians.length === 0) {
    return <p className="text-slate-700">No physicians are listed yet.</p>;
  }

  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {physicians.map((physician) => (
        <li key={physician.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="font-semibold text-slate-900">{physician.name}</h3>
          <dl className="mt-1 space-y-0.5 text-sm text-slate-600">
            <div>
              <dt className="sr-only">Specialty</dt>
              <dd>{physician.specialty}</dd>
            </div>
            <div>
              <dt className="sr-only">Time zone</dt>
              <dd>{describeTimeZone(physician.timeZone)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** "Eastern Time" reads better than "America/New_York" for patients choosing a physician. */
function describeTimeZone(timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longGeneric" }).formatToParts();
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}
