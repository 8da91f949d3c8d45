import type { AuditEventRow } from "@/lib/audit/search";

/** Audit events, newest first, with times in `timeZone` (named on every time). */
export function AuditTable({ events, timeZone }: { events: AuditEventRow[]; timeZone: string }) {
  const formatTime = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });

  return (
    // Focusable so keyboard users can scroll the table sideways.
    <div
      role="region"
      aria-labelledby="audit-events-caption"
      tabIndex={0}
      className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <table className="w-full text-left text-sm">
        <caption id="audit-events-caption" className="sr-only">
          Audit events, newest first
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-3 font-semibold">Time ({timeZone})</th>
            <th scope="col" className="px-3 py-3 font-semibold">User</th>
            <th scope="col" className="px-3 py-3 font-semibold">Action</th>
            <th scope="col" className="px-3 py-3 font-semibold">Outcome</th>
            <th scope="col" className="px-3 py-3 font-semibold">Patient</th>
            <th scope="col" className="px-3 py-3 font-semibold">Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {events.map((event) => (
            <tr key={event.id} className={event.breakGlass ? "bg-amber-50 align-top" : "align-top"}>
              <td className="px-3 py-2 whitespace-nowrap text-slate-800">
                <time dateTime={event.occurredAt.toISOString()}>{formatTime.format(event.occurredAt)}</time>
              </td>
              <td className="px-3 py-2 text-slate-800">
                <span className="block break-all">{event.actorEmail ?? event.actorId ?? "Not signed in"}</span>
                {event.actorRole && <span className="block text-xs text-slate-600">{event.actorRole.toLowerCase()}</span>}
              </td>
              <td className="px-3 py-2 font-mono text-xs text-slate-900">{event.action}</td>
              <td className="px-3 py-2">
                <span className={event.outcome === "DENIED" ? "font-semibold text-red-700" : "text-slate-800"}>
                  {event.outcome === "DENIED" ? "Denied" : "Allowed"}
                </span>
                {event.breakGlass && (
                  <span className="mt-1 block w-max rounded border border-amber-700 px-1.5 py-0.5 text-xs font-semibold text-amber-900 uppercase">
                    Break-glass
                  </span>
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all text-slate-800">{event.patientId ?? "—"}</td>
              <td className="px-3 py-2 text-slate-700">
                <span className="block">
                  {event.resourceType}
                  {event.resourceId && event.resourceId !== event.patientId ? ` ${event.resourceId}` : ""}
                </span>
                {event.reason && <span className="block text-slate-900">Reason: {event.reason}</span>}
                {event.ip && <span className="block text-xs text-slate-600">From {event.ip}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
