import { SortableColumnHeader, STICKY_HEADER_CELL, STICKY_TABLE_REGION } from "@/components/tables/SortableColumnHeader";
import type { AuditEventRow, AuditOrder } from "@/lib/audit/search";

/**
 * Audit events in the order asked for, with times in `timeZone` (named on
 * every time); the header row stays in view as the rows scroll. `query` is the
 * address's filters, which the time column's sort keeps.
 */
export function AuditTable({ events, timeZone, order, query }: { events: AuditEventRow[]; timeZone: string; order: AuditOrder; query: URLSearchParams }) {
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

  const headerCell = `${STICKY_HEADER_CELL} px-3 py-3 font-semibold`;
  return (
    // Focusable so keyboard users can scroll the table, down and sideways.
    <div role="region" aria-labelledby="audit-events-caption" tabIndex={0} className={STICKY_TABLE_REGION}>
      <table className="w-full text-left text-sm">
        <caption id="audit-events-caption" className="sr-only">
          Audit events, {order} first
        </caption>
        <thead className="text-slate-700">
          <tr>
            <SortableColumnHeader
              label={`Time (${timeZone})`}
              sort={order === "newest" ? "descending" : "ascending"}
              action="/admin/audit"
              query={withOrder(query, order === "newest" ? "oldest" : "newest")}
              pressTo={order === "newest" ? "show oldest first" : "show newest first"}
              className={headerCell}
            />
            <th scope="col" className={headerCell}>User</th>
            <th scope="col" className={headerCell}>Action</th>
            <th scope="col" className={headerCell}>Outcome</th>
            <th scope="col" className={headerCell}>Patient</th>
            <th scope="col" className={headerCell}>Details</th>
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

/** The filters with the other order, from its first page. */
function withOrder(query: URLSearchParams, order: AuditOrder): URLSearchParams {
  const next = new URLSearchParams(query);
  next.set("order", order);
  return next;
}
