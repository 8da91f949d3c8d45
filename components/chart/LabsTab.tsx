"use client";

import { useId, useState } from "react";
import { patientApiPath, useChartResource, useCursorPages } from "./chartApi";
import { Empty, LoadFailed, Loading } from "./ChartStates";
import { dateRangeParams, formatCalendarDate, type DateRangeParams } from "./format";
import { analyteGroupsFrom, analyteOptionText } from "./labAnalytes";
import { LabOrders } from "./LabOrders";
import { LabResultsTable } from "./LabResultsTable";
import { LabTrend } from "./LabTrend";
import { fieldClassName, labelClassName, primaryButtonClassName, secondaryButtonClassName, sectionHeadingClassName } from "./styles";
import type { AnalyteTrendJson, LabPanelGroupJson, LabResultsPageJson } from "./types";

/**
 * Results a page at a time: a patient can have thousands, and each page is
 * one keyset query on the server and a few tables here; "Load more results"
 * adds the next (older) page below without re-rendering the earlier ones.
 */
const RESULTS_PAGE_SIZE = 100;

type Filter = { from: string; to: string; range: DateRangeParams };

const NO_FILTER: Filter = { from: "", to: "", range: {} };

/**
 * The Labs tab: a date filter (From/To, both days included) for everything in
 * it; the trend of one analyte chosen in "Trend for" (all its results in the
 * range, whatever pages of the table are loaded); and the results grouped by
 * panel as drawn, newest first. Above them, the lab orders and the form to order one.
 */
export function LabsTab({ patientId, appointmentId, timeZone }: { patientId: string; appointmentId?: string; timeZone: string }) {
  const id = useId();
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [filterError, setFilterError] = useState<{ message: string; attempt: number } | null>(null);
  const [loinc, setLoinc] = useState("");
  const [dates, setDates] = useState({ from: "", to: "" });

  const analytes = useChartResource<unknown>(patientApiPath(patientId, "chart/labs/analytes", filter.range));
  const groups = analyteGroupsFrom(analytes.data);
  const trend = useChartResource<AnalyteTrendJson>(loinc ? patientApiPath(patientId, "chart/labs/trend", { loinc, ...filter.range }) : null);
  const results = useCursorPages<LabResultsPageJson, LabPanelGroupJson>(
    patientApiPath(patientId, "chart/labs", { ...filter.range, limit: String(RESULTS_PAGE_SIZE) }),
    (page) => page.groups,
  );
  const resultCount = results.items.reduce((sum, group) => sum + group.results.length, 0);
  const filtered = filter.from !== "" || filter.to !== "";

  function apply(from: string, to: string) {
    const parsed = dateRangeParams(from, to, timeZone);
    if (!parsed.ok) {
      setFilterError({ message: parsed.error, attempt: (filterError?.attempt ?? 0) + 1 });
      return;
    }
    setFilterError(null);
    setFilter({ from, to, range: parsed.range });
  }

  return (
    <div className="space-y-5">
      <LabOrders patientId={patientId} appointmentId={appointmentId} timeZone={timeZone} />
      <form
        aria-label="Lab date range"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          apply(dates.from, dates.to);
        }}
        className="space-y-2"
      >
        <p className="text-sm text-slate-700">Limit the trend and the results to dates (both days included).</p>
        {filterError && (
          <p key={filterError.attempt} role="alert" className="text-sm font-medium text-red-700">
            {filterError.message}
          </p>
        )}
        <div className="flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor={`${id}-from`} className={labelClassName}>
              From
            </label>
            <input
              id={`${id}-from`}
              type="date"
              value={dates.from}
              onChange={(event) => setDates((current) => ({ ...current, from: event.target.value }))}
              className={fieldClassName}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-to`} className={labelClassName}>
              To
            </label>
            <input
              id={`${id}-to`}
              type="date"
              value={dates.to}
              onChange={(event) => setDates((current) => ({ ...current, to: event.target.value }))}
              className={fieldClassName}
            />
          </div>
          <button type="submit" className={primaryButtonClassName}>
            Apply
          </button>
          {filtered && (
            <button
              type="button"
              onClick={() => {
                setDates({ from: "", to: "" });
                apply("", "");
              }}
              className={secondaryButtonClassName}
            >
              Show all dates
            </button>
          )}
        </div>
      </form>

      <section aria-labelledby={`${id}-trend`} className="space-y-2">
        <h3 id={`${id}-trend`} className={sectionHeadingClassName}>
          Trend
        </h3>
        {analytes.error && <LoadFailed what="the list of tests" error={analytes.error} onRetry={analytes.reload} />}
        <div className="space-y-1">
          <label htmlFor={`${id}-analyte`} className={labelClassName}>
            Trend for
          </label>
          <select
            id={`${id}-analyte`}
            value={loinc}
            onChange={(event) => setLoinc(event.target.value)}
            disabled={analytes.data === null}
            className={fieldClassName}
          >
            <option value="">{analytes.data === null ? "Loading the tests…" : groups.length === 0 ? "No results to chart" : "Choose a test"}</option>
            {groups.map((group) => (
              <optgroup key={group.panel} label={group.panel}>
                {group.analytes.map((analyte) => (
                  <option key={analyte.loincCode} value={analyte.loincCode}>
                    {analyteOptionText(analyte)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        {loinc !== "" &&
          (trend.error ? (
            <LoadFailed what="the trend" error={trend.error} onRetry={trend.reload} />
          ) : trend.data === null || trend.loading ? (
            <Loading>Loading the trend…</Loading>
          ) : (
            <LabTrend trend={trend.data} timeZone={timeZone} />
          ))}
      </section>

      <section aria-labelledby={`${id}-results`} className="space-y-3">
        <h3 id={`${id}-results`} className={sectionHeadingClassName}>
          Results
        </h3>
        <p role="status" className="text-sm text-slate-700">
          {results.loading
            ? "Loading results…"
            : results.items.length === 0
              ? ""
              : `Showing ${resultCount} ${resultCount === 1 ? "result" : "results"}${
                  filtered ? ` from ${filter.from ? formatCalendarDate(filter.from) : "the first"} to ${filter.to ? formatCalendarDate(filter.to) : "the latest"}` : ""
                }, newest first${results.hasMore ? "; “Load more results” adds older ones" : ""}.`}
        </p>
        {!results.loading && results.items.length === 0 && !results.error && (
          <Empty>{filtered ? "No results in these dates." : "No lab results recorded."}</Empty>
        )}
        {!results.loading && results.items.map((group) => <LabResultsTable key={`${group.effectiveAt}|${group.panel}`} group={group} timeZone={timeZone} />)}
        {results.error && <LoadFailed what="the results" error={results.error} onRetry={results.items.length > 0 ? results.loadMore : results.reload} />}
        {!results.loading && results.hasMore && (
          <button type="button" onClick={results.loadMore} disabled={results.loadingMore} className={secondaryButtonClassName}>
            {results.loadingMore ? "Loading more results…" : "Load more results"}
          </button>
        )}
      </section>
    </div>
  );
}
