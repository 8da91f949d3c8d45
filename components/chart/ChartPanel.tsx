"use client";

import { lazy, Suspense, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { SectionLoadBoundary } from "./SectionLoadBoundary";
import { SummaryTab } from "./SummaryTab";
import { tabIndexAfterKey } from "./tabKeys";
import type { ChartSummaryJson } from "./types";

// The summary and the note are what the visit page opens with; the other tabs
// (the trend chart, the prescription form) load the first time they are opened,
// keeping them out of the page's first download.
const PrescriptionsTab = lazy(() => import("./PrescriptionsTab").then((module) => ({ default: module.PrescriptionsTab })));
const LabsTab = lazy(() => import("./LabsTab").then((module) => ({ default: module.LabsTab })));
const HistoryTab = lazy(() => import("./HistoryTab").then((module) => ({ default: module.HistoryTab })));
const CheckInTab = lazy(() => import("@/components/intake/CheckInTab").then((module) => ({ default: module.CheckInTab })));

const TABS = ["Summary", "Check-in", "Prescriptions", "Labs", "History", "Note"] as const;
type Tab = (typeof TABS)[number];

/**
 * The patient's chart in tabs (WAI-ARIA tabs pattern, automatic activation:
 * arrows, Home and End move between tabs). A tab's content is loaded the first
 * time it is shown and then kept (hidden) while another tab is open, so a half
 * written prescription or an opened past visit survives a look at the labs.
 * The note is mounted from the start: a draft kept on this device while the
 * network was down is then sent as soon as the page is open, whichever tab is.
 */
export function ChartPanel({
  patientId,
  appointmentId,
  timeZone,
  frequencies,
  initialSummary,
  note,
}: {
  patientId: string;
  /** The visit the chart is open beside, if any: prescriptions are written at it. */
  appointmentId?: string;
  /** The physician's zone: dates and times in the chart are shown in it. */
  timeZone: string;
  /** The prescription frequencies the server accepts (lib/chart/prescription-rules.ts FREQUENCIES). */
  frequencies: readonly string[];
  /** The Summary tab's first answer, rendered with the page so the chart shows without a request after it loads. */
  initialSummary?: ChartSummaryJson;
  /** The Note tab's content: the visit's NoteEditor. Without a visit there is no Note tab. */
  note?: ReactNode;
}) {
  // The check-in is the visit's, beside its note: without both there is no Check-in tab.
  const tabs = TABS.filter((tab) => (tab !== "Note" || note !== undefined) && (tab !== "Check-in" || (note !== undefined && appointmentId !== undefined)));
  const id = useId();
  const [selected, setSelected] = useState<Tab>("Summary");
  const [opened, setOpened] = useState<ReadonlySet<Tab>>(() => new Set<Tab>(["Summary", "Note"]));
  // Bumped when a prescription is written or stopped: the summary's medications and the history change with it.
  const [chartVersion, setChartVersion] = useState(0);
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());

  function select(tab: Tab) {
    setSelected(tab);
    setOpened((current) => (current.has(tab) ? current : new Set([...current, tab])));
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const next = tabIndexAfterKey(event.key, index, tabs.length);
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next]!;
    select(tab);
    tabRefs.current.get(tab)?.focus();
  }

  const chartChanged = () => setChartVersion((version) => version + 1);

  function content(tab: Tab): ReactNode {
    switch (tab) {
      case "Summary":
        return <SummaryTab patientId={patientId} timeZone={timeZone} refreshKey={chartVersion} initialSummary={initialSummary} />;
      case "Prescriptions":
        return (
          <PrescriptionsTab
            patientId={patientId}
            appointmentId={appointmentId}
            timeZone={timeZone}
            frequencies={frequencies}
            refreshKey={chartVersion}
            onChartChanged={chartChanged}
          />
        );
      case "Labs":
        return <LabsTab patientId={patientId} appointmentId={appointmentId} timeZone={timeZone} />;
      case "History":
        return <HistoryTab patientId={patientId} appointmentId={appointmentId} timeZone={timeZone} refreshKey={chartVersion} />;
      case "Check-in":
        return <CheckInTab appointmentId={appointmentId!} timeZone={timeZone} />;
      case "Note":
        return note;
    }
  }

  return (
    <div className="space-y-3">
      <div role="tablist" aria-label="Chart sections" className="flex flex-wrap gap-1 border-b border-slate-300">
        {tabs.map((tab, index) => {
          const isSelected = tab === selected;
          return (
            <button
              key={tab}
              ref={(element) => {
                if (element) tabRefs.current.set(tab, element);
                else tabRefs.current.delete(tab);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${index}`}
              aria-selected={isSelected}
              aria-controls={`${id}-panel-${index}`}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => select(tab)}
              onKeyDown={(event) => onKeyDown(event, index)}
              className={`-mb-px rounded-t-md border px-3 py-1.5 text-sm font-medium ${
                isSelected
                  ? "border-slate-300 border-b-white bg-white text-primary-800 underline decoration-2 underline-offset-4"
                  : "border-transparent text-slate-700 hover:bg-slate-100 hover:text-slate-900"
              }`}
            >
              {tab}
            </button>
          );
        })}
      </div>
      {tabs.map((tab, index) => (
        <div
          key={tab}
          role="tabpanel"
          id={`${id}-panel-${index}`}
          aria-labelledby={`${id}-tab-${index}`}
          hidden={tab !== selected}
          tabIndex={0}
          className="focus-visible:outline-offset-4"
        >
          {opened.has(tab) && (
            <SectionLoadBoundary>
              <Suspense fallback={<p className="text-slate-700">Loading…</p>}>{content(tab)}</Suspense>
            </SectionLoadBoundary>
          )}
        </div>
      ))}
    </div>
  );
}
