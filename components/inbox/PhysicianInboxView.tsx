import Link from "next/link";
import { formatChartDate, formatChartDateTime } from "@/components/chart/format";
import { LabOrderResults } from "@/components/clinical/LabOrderResults";
import type { PhysicianInbox } from "@/lib/orders/inbox";
import { OVERDUE_ORDER_DAYS, type ResultSeverity } from "@/lib/orders/rules";
import { SignOffResults } from "./SignOffResults";

const SEVERITY_TEXT: Record<ResultSeverity, string> = {
  critical: "Critical results",
  abnormal: "Abnormal results",
  normal: "Results within range",
};

const headingClassName = "text-lg font-semibold text-slate-900";

/** The physician's inbox: new results (critical, then abnormal, first) to sign off, unsigned notes, overdue orders. */
export function PhysicianInboxView({ inbox, timeZone }: { inbox: PhysicianInbox; timeZone: string }) {
  return (
    <div className="space-y-8">
      <section aria-labelledby="inbox-results" className="space-y-3">
        <h2 id="inbox-results" className={headingClassName}>
          New results ({inbox.results.length})
        </h2>
        {inbox.results.length === 0 ? (
          <p className="text-sm text-slate-700">No results wait for your sign-off.</p>
        ) : (
          <ol className="space-y-4">
            {inbox.results.map((order) => {
              const label = `${order.panelName} for ${order.patientName}`;
              return (
                <li key={order.id} aria-label={label} className="space-y-2 rounded-md border border-slate-300 p-3">
                  <p className="font-medium text-slate-900">
                    {order.patientName}: {order.panelName} <span className="font-normal text-slate-700">· {SEVERITY_TEXT[order.severity]}</span>
                  </p>
                  <p className="text-sm text-slate-700">
                    For {order.indicationCode} {order.indicationText}; ordered {formatChartDate(order.orderedAt, timeZone)}, results in{" "}
                    {formatChartDateTime(order.resultedAt, timeZone)}. <Link href={`/physician/patients/${order.patientId}`} className="underline">Open the chart</Link>
                  </p>
                  <LabOrderResults order={order} />
                  <SignOffResults orderId={order.id} label={label} />
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <section aria-labelledby="inbox-notes" className="space-y-3">
        <h2 id="inbox-notes" className={headingClassName}>
          Unsigned notes ({inbox.unsignedNotes.length})
        </h2>
        {inbox.unsignedNotes.length === 0 ? (
          <p className="text-sm text-slate-700">Every note of yours is signed.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {inbox.unsignedNotes.map((note) => (
              <li key={note.appointmentId}>
                <Link href={`/physician/visits/${note.appointmentId}`} className="underline">
                  {note.patientName}, visit of {formatChartDateTime(note.startsAt, timeZone)}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="inbox-overdue" className="space-y-3">
        <h2 id="inbox-overdue" className={headingClassName}>
          Orders pending over {OVERDUE_ORDER_DAYS} days ({inbox.overdueOrders.length})
        </h2>
        {inbox.overdueOrders.length === 0 ? (
          <p className="text-sm text-slate-700">No order of yours has waited that long.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {inbox.overdueOrders.map((order) => (
              <li key={order.id}>
                {order.patientName}: {order.panelName}, ordered {formatChartDate(order.orderedAt, timeZone)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
