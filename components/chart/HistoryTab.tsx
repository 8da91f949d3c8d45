"use client";

import { useId } from "react";
import { ChartChanges } from "./ChartChanges";
import { patientApiPath, useCursorPages } from "./chartApi";
import { Empty, LoadFailed, Loading } from "./ChartStates";
import { OutsideRecords } from "./OutsideRecords";
import { PastVisit } from "./PastVisit";
import { secondaryButtonClassName, sectionHeadingClassName } from "./styles";
import type { HistoryVisitJson, VisitHistoryPageJson } from "./types";

const HISTORY_PAGE_SIZE = 10;

/** Past visits, newest first, ten at a time; each opens to its signed note and prescriptions. Then the chart's changes, and notes and visits from other clinics. */
export function HistoryTab({
  patientId,
  appointmentId,
  timeZone,
  refreshKey,
}: {
  patientId: string;
  /** The visit the chart is open beside, marked "(this visit)" in the list. */
  appointmentId?: string;
  timeZone: string;
  refreshKey: number;
}) {
  const headingId = useId();
  const history = useCursorPages<VisitHistoryPageJson, HistoryVisitJson>(
    patientApiPath(patientId, "chart/history", { limit: String(HISTORY_PAGE_SIZE) }),
    (page) => page.visits,
    refreshKey,
  );

  return (
    <div className="space-y-6">
    <section aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Past visits
      </h3>
      <p role="status" className="sr-only">
        {history.loading ? "" : history.items.length > 0 ? `${history.items.length} past ${history.items.length === 1 ? "visit" : "visits"} shown.` : ""}
      </p>
      {history.loading && history.items.length === 0 && <Loading>Loading past visits…</Loading>}
      {!history.loading && history.items.length === 0 && !history.error && <Empty>No past visits.</Empty>}
      {history.items.length > 0 && (
        <ul className="space-y-2">
          {history.items.map((visit) => (
            <PastVisit key={visit.appointmentId} visit={visit} timeZone={timeZone} current={visit.appointmentId === appointmentId} />
          ))}
        </ul>
      )}
      {history.error && (
        <LoadFailed
          what={history.items.length > 0 ? "older visits" : "past visits"}
          error={history.error}
          onRetry={history.items.length > 0 ? history.loadMore : history.reload}
        />
      )}
      {history.hasMore && (
        <button type="button" onClick={history.loadMore} disabled={history.loadingMore} className={secondaryButtonClassName}>
          {history.loadingMore ? "Loading older visits…" : "Load older visits"}
        </button>
      )}
    </section>
    <ChartChanges patientId={patientId} timeZone={timeZone} refreshKey={refreshKey} />
    <OutsideRecords patientId={patientId} timeZone={timeZone} refreshKey={refreshKey} />
    </div>
  );
}
