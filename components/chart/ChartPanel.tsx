"use client";

import { lazy, Suspense, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useShortcut } from "@/components/shortcuts/useShortcut";
import { AcceptedRecommendations } from "./CareGapRecommendations";
import { VisitReconciliationInNote } from "./ReconciledMedications";
import { SectionLoadBoundary } from "./SectionLoadBoundary";
import { SummaryTab } from "./SummaryTab";
import { tabIndexAfterKey } from "./tabKeys";
import { useWideWorkspace } from "./useWideWorkspace";
import type { ChartSummaryJson } from "./types";

// The summary and the note are what the visit page opens with; the other tabs
// (the trend chart, the prescription form) load the first time they are opened,
// keeping them out of the page's first download.
const PrescriptionsTab = lazy(() => import("./PrescriptionsTab").then((module) => ({ default: module.PrescriptionsTab })));
const LabsTab = lazy(() => import("./LabsTab").then((module) => ({ default: module.LabsTab })));
const HistoryTab = lazy(() => import("./HistoryTab").then((module) => ({ default: module.HistoryTab })));
const ImagingTab = lazy(() => import("./ImagingTab").then((module) => ({ default: module.ImagingTab })));
const CheckInTab = lazy(() => import("@/components/intake/CheckInTab").then((module) => ({ default: module.CheckInTab })));

const TABS = ["Summary", "Check-in", "Prescriptions", "Labs", "History", "Imaging", "Note"] as const;
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
  // From 1280 px the note sits beside the chart instead of in a tab (the physician's
  // workspace: call, chart and note side by side), so it stays editable while tabs change.
  const noteBeside = useWideWorkspace() && note !== undefined;
  // The check-in is the visit's, beside its note: without both there is no Check-in tab.
  const tabs = TABS.filter(
    (tab) => (tab !== "Note" || (note !== undefined && !noteBeside)) && (tab !== "Check-in" || (note !== undefined && appointmentId !== undefined)),
  );
  const id = useId();
  const [chosen, setChosen] = useState<Tab>("Summary");
  const selected: Tab = tabs.includes(chosen) ? chosen : "Summary";
  const [opened, setOpened] = useState<ReadonlySet<Tab>>(() => new Set<Tab>(["Summary", "Note"]));
  // Bumped when a prescription is written or stopped, the summary edited (the summary and the history change with it) or a care gap is decided (the note's plan lists it).
  const [chartVersion, setChartVersion] = useState(0);
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());
  const tabId = (tab: Tab) => `${id}-tab-${TABS.indexOf(tab)}`;
  const panelId = (tab: Tab) => `${id}-panel-${TABS.indexOf(tab)}`;

  function select(tab: Tab) {
    setChosen(tab);
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

  // Alt+Shift+1…9 open the tabs in their order; the note's section keys open the Note tab when it is one.
  useShortcut(
    tabs.map((_, index) => `chart-tab-${index + 1}` as const),
    (action) => {
      const tab = tabs[Number(action.slice("chart-tab-".length)) - 1];
      if (tab) select(tab);
    },
  );
  useShortcut(["note-subjective", "note-objective", "note-assessment", "note-plan"], () => select("Note"), tabs.includes("Note"));

  const chartChanged = () => setChartVersion((version) => version + 1);

  function content(tab: Exclude<Tab, "Note">): ReactNode {
    switch (tab) {
      case "Summary":
        return (
          <SummaryTab
            patientId={patientId}
            appointmentId={note === undefined ? undefined : appointmentId}
            timeZone={timeZone}
            refreshKey={chartVersion}
            initialSummary={initialSummary}
            onChartChanged={chartChanged}
          />
        );
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
      case "Imaging":
        return <ImagingTab patientId={patientId} />;
      case "Check-in":
        return <CheckInTab appointmentId={appointmentId!} timeZone={timeZone} />;
    }
  }

  return (
    // Beside the note, the chart and the note each scroll on their own, inside the panel's
    // height (VisitChartLayout), so writing never scrolls the chart's tabs or the call away.
    <div className={noteBeside ? "grid h-full grid-cols-2 gap-4" : ""}>
      <div className={noteBeside ? "flex min-h-0 min-w-0 flex-col gap-3" : "space-y-3"}>
        <div role="tablist" aria-label="Chart sections" className="flex shrink-0 flex-wrap gap-1 border-b border-slate-300">
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
                  id={tabId(tab)}
                  aria-selected={isSelected}
                  aria-controls={panelId(tab)}
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
        <div className={noteBeside ? "min-h-0 flex-1 overflow-y-auto p-1" : ""}>
        {tabs
          .filter((tab): tab is Exclude<Tab, "Note"> => tab !== "Note")
          .map((tab) => (
            <div
              key={tab}
              role="tabpanel"
              id={panelId(tab)}
              aria-labelledby={tabId(tab)}
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
      </div>
      {/* Always this element, tab panel or column: the editor is never unmounted by a change of width. */}
      {note !== undefined && (
        <div
          role={noteBeside ? undefined : "tabpanel"}
          id={panelId("Note")}
          aria-labelledby={noteBeside ? undefined : tabId("Note")}
          hidden={!noteBeside && selected !== "Note"}
          tabIndex={noteBeside ? undefined : 0}
          className={noteBeside ? "min-h-0 min-w-0 overflow-y-auto p-1" : "min-w-0 focus-visible:outline-offset-4"}
        >
          <SectionLoadBoundary>
            {/* The medications reconciled and the recommendations accepted at this visit belong to its note, under the note's own text. */}
            <div className="space-y-4">
              {note}
              {appointmentId !== undefined && <VisitReconciliationInNote appointmentId={appointmentId} timeZone={timeZone} refreshKey={chartVersion} />}
              {appointmentId !== undefined && <AcceptedRecommendations appointmentId={appointmentId} refreshKey={chartVersion} />}
            </div>
          </SectionLoadBoundary>
        </div>
      )}
    </div>
  );
}
