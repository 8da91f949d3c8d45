import { useId, type Ref } from "react";
import { StatusBadge } from "@/components/clinical/StatusBadge";
import { DiscontinuePrescription } from "./DiscontinuePrescription";
import { formatChartDate } from "./format";
import { acknowledgedWarningText } from "./prescriptionForm";
import { sectionHeadingClassName } from "./styles";
import type { PrescriptionJson } from "./types";

/** A titled list of prescriptions; active ones can be discontinued when `onDiscontinued` is given. */
export function PrescriptionList({
  title,
  prescriptions,
  timeZone,
  empty,
  onDiscontinued,
  headingRef,
}: {
  title: string;
  prescriptions: PrescriptionJson[];
  timeZone: string;
  empty: string;
  onDiscontinued?: (stopped: PrescriptionJson) => void;
  /** Where focus goes when an item leaves the list. */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className={sectionHeadingClassName}>
        {title}
      </h3>
      {prescriptions.length === 0 ? (
        <p className="text-sm text-slate-700">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm text-slate-900">
          {prescriptions.map((prescription) => (
            <li key={prescription.id} className="space-y-1 py-2">
              <p className="font-medium">{prescription.drugName}</p>
              <p>
                {prescription.dose}, {prescription.route}, {prescription.frequency}. Quantity {prescription.quantity}, refills{" "}
                {prescription.refills}.
              </p>
              {prescription.instructions && <p className="whitespace-pre-wrap">{prescription.instructions}</p>}
              <p className="text-slate-700">
                <StatusBadge kind="prescription" status={prescription.status} /> Prescribed {formatChartDate(prescription.prescribedAt, timeZone)} by{" "}
                {prescription.prescriberName}
                {prescription.discontinuedAt && (
                  <>
                    ; discontinued {formatChartDate(prescription.discontinuedAt, timeZone)}
                    {prescription.discontinueReason && <> ({prescription.discontinueReason})</>}
                  </>
                )}
              </p>
              {prescription.acknowledgedAlerts.length > 0 && (
                <div className="text-slate-700">
                  <p>Prescribed despite {prescription.acknowledgedAlerts.length === 1 ? "a warning" : "warnings"}:</p>
                  <ul className="list-disc pl-5">
                    {prescription.acknowledgedAlerts.map((record) => (
                      <li key={record}>{acknowledgedWarningText(record)}</li>
                    ))}
                  </ul>
                </div>
              )}
              {onDiscontinued && prescription.status === "ACTIVE" && (
                <DiscontinuePrescription prescription={prescription} onDiscontinued={onDiscontinued} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
