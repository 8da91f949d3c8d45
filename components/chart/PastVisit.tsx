"use client";

import { useId, useState } from "react";
import { formatChartDate, formatChartDateTime } from "./format";
import { ReconciledMedications } from "./ReconciledMedications";
import type { HistoryVisitJson } from "./types";

const SECTIONS = [
  ["subjective", "Subjective"],
  ["objective", "Objective"],
  ["assessment", "Assessment"],
  ["plan", "Plan"],
] as const;

const STATUS_TEXT: Record<HistoryVisitJson["status"], string> = {
  BOOKED: "Booked",
  CHECKED_IN: "Checked in",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
  NO_SHOW: "Missed",
};

/**
 * One past visit as a disclosure (WAI-ARIA pattern: a button in a heading,
 * aria-expanded): "<date> — <visit type> with <physician>", opening to the
 * signed note's sections, the prescriptions written at the visit and the
 * call's chat. Note and chat text
 * is rendered as text, whitespace kept, never as HTML.
 */
export function PastVisit({ visit, timeZone, current }: { visit: HistoryVisitJson; timeZone: string; current: boolean }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const title = `${formatChartDate(visit.startsAt, timeZone)} — ${visit.visitTypeName} with ${visit.physicianName}`;
  return (
    <li className="rounded-md border border-slate-200">
      <h4 className="text-sm">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-details`}
          onClick={() => setOpen((value) => !value)}
          className="flex w-full items-start gap-2 px-3 py-2 text-left font-medium text-slate-900 hover:bg-slate-50"
        >
          <span aria-hidden="true" className="w-3 shrink-0 text-slate-600">
            {open ? "▾" : "▸"}
          </span>
          <span>
            {title}
            {current && <span className="font-normal text-slate-700"> (this visit)</span>}
          </span>
        </button>
      </h4>
      <div id={`${id}-details`} hidden={!open} className="space-y-3 border-t border-slate-200 px-3 py-2 text-sm text-slate-900">
        <p className="text-slate-700">
          {STATUS_TEXT[visit.status]} · {formatChartDateTime(visit.startsAt, timeZone)}
        </p>
        {visit.reason && <p>Reason: {visit.reason}</p>}
        {visit.note ? (
          <div className="space-y-2">
            <h5 className="font-semibold">Consultation note</h5>
            <p className="text-slate-700">
              Signed on {formatChartDateTime(visit.note.signedAt, timeZone)}
              {visit.note.signedByName && ` by ${visit.note.signedByName}`}
              {visit.note.addendumCount > 0 &&
                `; ${visit.note.addendumCount} ${visit.note.addendumCount === 1 ? "addendum" : "addenda"}`}
              .
            </p>
            <dl className="space-y-2">
              {SECTIONS.map(([key, label]) => (
                <div key={key}>
                  <dt className="font-medium">{label}</dt>
                  <dd className="whitespace-pre-wrap break-words">{visit.note![key] || <span className="text-slate-600">(empty)</span>}</dd>
                </div>
              ))}
            </dl>
            {visit.note.truncated && <p className="text-slate-700">Long sections are shortened here (marked “…”).</p>}
          </div>
        ) : (
          <p className="text-slate-700">No signed note for this visit.</p>
        )}
        {visit.reconciliation && <ReconciledMedications reconciliation={visit.reconciliation} timeZone={timeZone} />}
        <div className="space-y-1">
          <h5 className="font-semibold">Prescriptions</h5>
          {visit.prescriptions.length === 0 ? (
            <p className="text-slate-700">None written at this visit.</p>
          ) : (
            <ul className="list-disc space-y-1 pl-5">
              {visit.prescriptions.map((prescription) => (
                <li key={prescription.id}>
                  <span className="font-medium">{prescription.drugName}</span>: {prescription.dose}, {prescription.route},{" "}
                  {prescription.frequency}; quantity {prescription.quantity}, refills {prescription.refills}
                  {prescription.status !== "ACTIVE" && ` (${prescription.status === "DISCONTINUED" ? "discontinued" : "completed"})`}
                </li>
              ))}
            </ul>
          )}
        </div>
        {visit.chat.length > 0 && (
          <div className="space-y-1">
            <h5 className="font-semibold">Chat</h5>
            <ul className="space-y-1">
              {visit.chat.map((message) => (
                <li key={message.id} className="whitespace-pre-wrap break-words">
                  <span className="font-medium">{message.senderName}</span>{" "}
                  <span className="text-slate-700">({formatChartDateTime(message.sentAt, timeZone)})</span>: {message.text}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </li>
  );
}
