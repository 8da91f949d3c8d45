"use client";

import { useId, useRef, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import { KeyboardShortcutsHelp } from "@/components/shortcuts/KeyboardShortcutsHelp";
import { useChartPanelPreferences } from "./panelPreferences";
import { CHART_WIDTH, chartWidthAfterKey, chartWidthAtPointer } from "./panelWidth";
import { secondaryButtonClassName } from "./styles";
import { useWideWorkspace } from "./useWideWorkspace";

/**
 * The physician's visit screen: the call on the left and the patient's chart
 * beside it, from 768 px up; below that the chart's tabs stack under the video.
 * The chart is there whatever the call is doing (before, during, after, or
 * with no call at all). Its width is set with the separator between them
 * (WAI-ARIA window splitter: focusable, arrows, Home/End, or dragged) and it
 * can be hidden to give the call the whole width; both are remembered on this
 * device. Hiding keeps the chart mounted, so nothing typed in it is lost.
 */
export function VisitChartLayout({ call, chart }: { call: ReactNode; chart: ReactNode }) {
  const id = useId();
  const rowRef = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  // The same query as ChartPanel's: wide, the panel holds the note too and gets its own width.
  const { width, hidden, setWidth, setHidden } = useChartPanelPreferences(useWideWorkspace());

  function onSeparatorKey(event: KeyboardEvent<HTMLDivElement>) {
    const next = chartWidthAfterKey(event.key, width);
    if (next === null) return;
    event.preventDefault();
    setWidth(next);
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const row = rowRef.current;
    if (!dragging.current || !row) return;
    const rect = row.getBoundingClientRect();
    setWidth(chartWidthAtPointer(event.clientX, { left: rect.left, width: rect.width }));
  }

  function endDrag(event: PointerEvent<HTMLDivElement>) {
    dragging.current = false;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
  }

  return (
    <div
      ref={rowRef}
      style={{ "--chart-width": `${width}%` } as CSSProperties}
      className="flex flex-col gap-6 md:flex-row md:items-start md:gap-0"
    >
      <div className="@container min-w-0 flex-1">{call}</div>
      {!hidden && (
        <div
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize chart panel"
          aria-controls={`${id}-chart`}
          aria-valuenow={width}
          aria-valuemin={CHART_WIDTH.min}
          aria-valuemax={CHART_WIDTH.max}
          aria-valuetext={`Chart panel ${width}% of the width`}
          tabIndex={0}
          onKeyDown={onSeparatorKey}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          className="group hidden w-4 shrink-0 cursor-col-resize touch-none justify-center self-stretch md:flex"
        >
          <span aria-hidden="true" className="my-2 w-1 rounded-full bg-slate-300 group-hover:bg-primary-600 group-focus-visible:bg-primary-700" />
        </div>
      )}
      <aside
        id={`${id}-chart`}
        aria-label="Patient chart"
        className={`min-w-0 rounded-xl border border-slate-200 bg-white p-3 shadow-sm md:sticky md:top-4 md:max-h-[calc(100vh-2rem)] md:overflow-y-auto ${
          hidden ? "md:w-auto md:ml-4" : "md:w-(--chart-width) md:shrink-0 xl:flex xl:h-[calc(100vh-2rem)] xl:flex-col xl:overflow-hidden"
        }`}
      >
        <div className="mb-2 flex shrink-0 items-center justify-between gap-2">
          <h2 className={hidden ? "sr-only" : "text-lg font-semibold text-slate-900"}>Patient chart</h2>
          <div className="flex flex-wrap items-center justify-end gap-2">
            {!hidden && <KeyboardShortcutsHelp />}
            <button type="button" aria-controls={`${id}-chart-body`} onClick={() => setHidden(!hidden)} className={secondaryButtonClassName}>
              {hidden ? "Show chart" : "Hide chart"}
            </button>
          </div>
        </div>
        <div id={`${id}-chart-body`} hidden={hidden} className="xl:min-h-0 xl:flex-1">
          {chart}
        </div>
      </aside>
    </div>
  );
}
