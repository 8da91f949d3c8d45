"use client";

import { useId, useState } from "react";
import type { OutsideRecord } from "@/lib/chart/outside-records";
import { patientApiPath, useChartResource } from "./chartApi";
import { Empty, LoadFailed, Loading } from "./ChartStates";
import { formatChartDate } from "./format";
import { OutsideRecordSource } from "./OutsideRecordSource";
import { sectionHeadingClassName } from "./styles";
import type { Json } from "./types";

type OutsideRecordJson = Json<OutsideRecord>;

/**
 * Notes and encounters from other clinics, newest first, each marked with its
 * source and read-only. A note's text is shown as text; its HTML was sanitised
 * on the server (formatting only) before it reaches this page.
 */
export function OutsideRecords({ patientId, timeZone, refreshKey }: { patientId: string; timeZone: string; refreshKey: number }) {
  const headingId = useId();
  const resource = useChartResource<{ records: OutsideRecordJson[] }>(patientApiPath(patientId, "chart/outside"), refreshKey);
  const records = resource.data?.records ?? [];
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Outside notes and visits
      </h3>
      {resource.loading && !resource.data && <Loading>Loading outside records…</Loading>}
      {resource.error && <LoadFailed what="outside records" error={resource.error} onRetry={resource.reload} />}
      {resource.data && records.length === 0 && <Empty>No records from other clinics.</Empty>}
      {records.length > 0 && (
        <ul className="space-y-2">
          {records.map((record) => (
            <OutsideRecordItem key={record.id} record={record} patientId={patientId} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OutsideRecordItem({ record, patientId, timeZone }: { record: OutsideRecordJson; patientId: string; timeZone: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const label = record.kind === "note" ? "Outside note" : "Outside visit";
  const title = `${record.date ? formatChartDate(record.date, timeZone) : "Undated"} — ${label}: ${record.title}`;
  return (
    <li className="rounded-md border border-amber-300 bg-amber-50/40">
      <h4 className="text-sm">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-details`}
          onClick={() => setOpen((value) => !value)}
          className="w-full rounded-md px-3 py-2 text-left font-medium text-slate-900 hover:bg-amber-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-700"
        >
          {title}
        </button>
      </h4>
      <div className="px-3 pb-2">
        <OutsideRecordSource source={record.source} />
      </div>
      {open && (
        <div id={`${id}-details`} className="space-y-2 border-t border-amber-200 px-3 py-2 text-sm text-slate-900">
          {record.author && <p className="text-slate-700">By {record.author}</p>}
          {record.kind === "encounter" && record.reason && <p>Reason: {record.reason}</p>}
          {record.kind === "note" && record.text && <p className="whitespace-pre-wrap">{record.text}</p>}
          {record.kind === "note" && record.html && (
            // Sanitised on the server (lib/chart/outside-records): formatting tags only, no script, links, images or handlers.
            <div className="space-y-1 [&_h2]:font-semibold [&_h3]:font-semibold" dangerouslySetInnerHTML={{ __html: record.html }} />
          )}
          {record.kind === "note" && record.pdfTitle && (
            <a href={`${patientApiPath(patientId, `chart/outside/${record.id}/pdf`)}`} download className="inline-block font-medium text-primary-700 underline">
              Download the PDF ({record.pdfTitle})
            </a>
          )}
        </div>
      )}
    </li>
  );
}
