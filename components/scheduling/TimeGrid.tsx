"use client";

import { useId, useRef, type KeyboardEvent, type PointerEvent } from "react";
import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { FRONT_DESK_STATUS_LABELS } from "@/lib/scheduling/visit-status";
import { minutesFromTop, ROW_MINUTES, sameHourLabels, snapStart, typicalDay, type DayGrid, type Span } from "@/lib/scheduling/time-grid";
import type { ApiSlot, CalendarAppointmentJson } from "./api";
import { formatDayLong } from "./calendar-format";
import { NoShowRiskText } from "./NoShowRiskText";
import { canMove } from "./status";
import { VisitStatusBadge } from "./VisitStatusBadge";

/** Height of one 15-minute row. */
const ROW_PX = 28;
const PX_PER_MINUTE = ROW_PX / ROW_MINUTES;
const MINUTE_MS = 60_000;
/** How far the pointer travels before a press on a visit becomes a drag. */
const DRAG_THRESHOLD_PX = 5;
/** Left borders that tell visit types apart beside their names (never the only sign). */
const VISIT_TYPE_ACCENTS = ["border-l-sky-700", "border-l-fuchsia-700", "border-l-teal-700", "border-l-orange-700", "border-l-indigo-700", "border-l-lime-700"];

export interface GridColumn {
  key: string;
  date: string;
  day: DayGrid;
  physicianId: string;
  physicianName: string;
  workingSpans: Span[];
  freeSlots: ApiSlot[];
  appointments: CalendarAppointmentJson[];
}

/** Columns under one heading: a day's physicians in the multi-physician week; otherwise one column each. */
export interface GridGroup {
  key: string;
  /** Shown above the group's columns; null when each column's own heading says it all. */
  heading: string | null;
  columns: GridColumn[];
}

/** Where a visit being moved would land. */
export interface MoveTarget {
  appointmentId: string;
  columnKey: string;
  start: number;
}

/** The length and held time of a visit, from the visit itself (its type may since have changed). */
export function visitLength(appointment: CalendarAppointmentJson): { durationMinutes: number; bufferMinutes: number } {
  const start = Date.parse(appointment.startsAt);
  const end = Date.parse(appointment.endsAt);
  return { durationMinutes: (end - start) / MINUTE_MS, bufferMinutes: (Date.parse(appointment.blockedUntil) - end) / MINUTE_MS };
}

/**
 * The calendar's time grid: a time axis and a column per physician (or per
 * day), visits placed and sized by time with their buffers shaded, free times
 * as buttons, off-hours greyed and a line at now. A visit moves by dragging it
 * or, from the keyboard, with M, the arrow keys, Enter and Escape.
 */
export function TimeGrid({
  groups,
  timeZone,
  now,
  visitTypeIds,
  move,
  columnHeading,
  onMove,
  onDrop,
  onOpenAppointment,
  onOpenSlot,
  focusTarget,
}: {
  groups: GridGroup[];
  timeZone: string;
  now: number;
  /** Every visit type, in a fixed order, so each keeps its accent. */
  visitTypeIds: string[];
  move: MoveTarget | null;
  columnHeading: (column: GridColumn) => string;
  /** A move starts, its target changes, or (null) it is called off. */
  onMove: (move: MoveTarget | null) => void;
  onDrop: (appointment: CalendarAppointmentJson, column: GridColumn, start: number) => void;
  onOpenAppointment: (appointment: CalendarAppointmentJson) => void;
  onOpenSlot: (slot: ApiSlot, column: GridColumn) => void;
  /** Called with each visit's button, so a just-booked or just-moved visit can take focus. */
  focusTarget: (appointmentId: string) => (element: HTMLButtonElement | null) => void;
}) {
  const moveHintId = useId();
  const columnElements = useRef(new Map<string, HTMLElement>());
  const drag = useRef<{ appointment: CalendarAppointmentJson; x: number; y: number; grabMinutes: number; moved: boolean } | null>(null);
  const justDragged = useRef(false);
  const columns = groups.flatMap((group) => group.columns);
  const gutter = typicalDay(columns.map((column) => column.day));
  const hasGroupHeadings = groups.some((group) => group.heading !== null);
  const time = (at: number) => formatTimeInZone(new Date(at), timeZone);

  /** The column under the pointer and the snapped start there, for a visit grabbed `grabMinutes` below its top. */
  const targetAt = (appointment: CalendarAppointmentJson, x: number, y: number, grabMinutes: number): MoveTarget | null => {
    for (const column of columns) {
      const rect = columnElements.current.get(column.key)?.getBoundingClientRect();
      if (!rect || x < rect.left || x >= rect.right) continue;
      const at = column.day.from + ((y - rect.top) / PX_PER_MINUTE - grabMinutes) * MINUTE_MS;
      return { appointmentId: appointment.id, columnKey: column.key, start: snapStart(at, column.workingSpans, visitLength(appointment).durationMinutes) };
    }
    return null;
  };

  const pointerDown = (event: PointerEvent<HTMLButtonElement>, appointment: CalendarAppointmentJson) => {
    if (event.button !== 0 || !canMove(appointment.status)) return;
    const rect = event.currentTarget.getBoundingClientRect();
    drag.current = { appointment, x: event.clientX, y: event.clientY, grabMinutes: (event.clientY - rect.top) / PX_PER_MINUTE, moved: false };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const pointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    if (!current) return;
    if (!current.moved && Math.hypot(event.clientX - current.x, event.clientY - current.y) < DRAG_THRESHOLD_PX) return;
    current.moved = true;
    const target = targetAt(current.appointment, event.clientX, event.clientY, current.grabMinutes);
    if (target && (target.columnKey !== move?.columnKey || target.start !== move.start)) onMove(target);
  };
  const pointerUp = (event: PointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    drag.current = null;
    if (!current?.moved) return;
    // The click that follows a drag is not a press on the visit.
    justDragged.current = true;
    const target = targetAt(current.appointment, event.clientX, event.clientY, current.grabMinutes);
    const column = columns.find((candidate) => candidate.key === target?.columnKey);
    if (target && column) onDrop(current.appointment, column, target.start);
    else onMove(null);
  };

  const keyDown = (event: KeyboardEvent<HTMLButtonElement>, appointment: CalendarAppointmentJson, column: GridColumn) => {
    const moving = move?.appointmentId === appointment.id ? move : null;
    if (!moving) {
      if ((event.key === "m" || event.key === "M") && canMove(appointment.status)) {
        event.preventDefault();
        onMove({ appointmentId: appointment.id, columnKey: column.key, start: Date.parse(appointment.startsAt) });
      }
      return;
    }
    const { durationMinutes } = visitLength(appointment);
    const index = columns.findIndex((candidate) => candidate.key === moving.columnKey);
    const here = columns[index]!;
    const step = (direction: -1 | 1) => {
      const to = columns[index + direction];
      if (!to) return moving;
      const at = to.day.from + (moving.start - here.day.from);
      return { ...moving, columnKey: to.key, start: snapStart(at, to.workingSpans, durationMinutes) };
    };
    const keys: Record<string, () => void> = {
      ArrowUp: () => onMove({ ...moving, start: snapStart(moving.start - durationMinutes * MINUTE_MS, here.workingSpans, durationMinutes) }),
      ArrowDown: () => onMove({ ...moving, start: snapStart(moving.start + durationMinutes * MINUTE_MS, here.workingSpans, durationMinutes) }),
      ArrowLeft: () => onMove(step(-1)),
      ArrowRight: () => onMove(step(1)),
      Enter: () => onDrop(appointment, here, moving.start),
      " ": () => onDrop(appointment, here, moving.start),
      Escape: () => onMove(null),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <p id={moveHintId} hidden>
        Press M to move this visit: the arrow keys change its time or column, Enter moves it there, Escape calls it off.
      </p>
      <div className="flex min-w-fit">
        {gutter && (
          <div aria-hidden="true" className="sticky left-0 z-20 w-20 shrink-0 border-r border-slate-200 bg-white">
            <div className={hasGroupHeadings ? "h-18" : "h-10"} />
            <div className="relative" style={{ height: gutter.rows.length * ROW_PX }}>
              {gutter.rows.map((row, index) =>
                row.label === null ? null : (
                  <span key={row.at} className="absolute right-1.5 -translate-y-1/2 text-xs whitespace-nowrap text-slate-700" style={{ top: index * ROW_PX }}>
                    {row.label}
                  </span>
                ),
              )}
            </div>
          </div>
        )}
        {groups.map((group) => (
          <div key={group.key} role={group.heading ? "group" : undefined} aria-label={group.heading ?? undefined} className="flex min-w-fit flex-1 flex-col border-r border-slate-300 last:border-r-0">
            {group.heading && <div className="flex h-8 items-center justify-center border-b border-slate-200 bg-slate-50 px-1 text-sm font-semibold text-slate-900">{group.heading}</div>}
            <div className="flex flex-1">
              {group.columns.map((column) => (
                <section
                  key={column.key}
                  aria-labelledby={`heading-${column.key}`}
                  className={`flex flex-1 flex-col border-r border-slate-200 last:border-r-0 ${group.columns.length > 1 ? "min-w-20" : "min-w-40"}`}
                >
                  <h3 id={`heading-${column.key}`} className="flex h-10 items-center justify-center border-b border-slate-200 bg-slate-50 px-1 text-center text-sm leading-tight font-semibold text-slate-900">
                    {columnHeading(column)}
                  </h3>
                  <ul
                    ref={(element) => {
                      if (element) columnElements.current.set(column.key, element);
                      else columnElements.current.delete(column.key);
                    }}
                    aria-label={`${column.physicianName}, ${formatDayLong(column.date)}`}
                    className="relative bg-[repeating-linear-gradient(135deg,var(--color-slate-100)_0_6px,var(--color-slate-200)_6px_12px)]"
                    style={{ height: column.day.rows.length * ROW_PX }}
                  >
                    <ColumnBackdrop column={column} now={now} ownLabels={gutter !== undefined && !sameHourLabels(column.day, gutter)} />
                    {column.freeSlots.map((slot) => {
                      const start = Date.parse(slot.start);
                      return (
                        <li key={slot.start} className="absolute inset-x-1" style={placement(column.day.from, start, Date.parse(slot.end))}>
                          <button
                            type="button"
                            aria-label={`Book ${time(start)} ${zoneName(new Date(start), timeZone)} with ${column.physicianName} on ${formatDayLong(column.date)}`}
                            onClick={() => onOpenSlot(slot, column)}
                            className="block size-full overflow-hidden rounded border border-dashed border-slate-500 bg-white/80 px-1 text-left text-[11px] leading-tight text-slate-800 hover:border-primary-700 hover:bg-primary-50 focus-visible:z-30"
                          >
                            {time(start)} free
                          </button>
                        </li>
                      );
                    })}
                    {column.appointments.map((appointment) => {
                      const start = Date.parse(appointment.startsAt);
                      const end = Date.parse(appointment.endsAt);
                      const held = Date.parse(appointment.blockedUntil);
                      const moving = move?.appointmentId === appointment.id;
                      const accent = VISIT_TYPE_ACCENTS[Math.max(0, visitTypeIds.indexOf(appointment.visitTypeId)) % VISIT_TYPE_ACCENTS.length];
                      return (
                        <li key={appointment.id} className="absolute inset-x-1" style={placement(column.day.from, start, held)}>
                          <button
                            type="button"
                            ref={focusTarget(appointment.id)}
                            // One name, read in this order; the drawing inside lays the same facts out to be seen.
                            aria-label={visitName(appointment, timeZone)}
                            aria-keyshortcuts={canMove(appointment.status) ? "M" : undefined}
                            aria-describedby={canMove(appointment.status) ? moveHintId : undefined}
                            onPointerDown={(event) => pointerDown(event, appointment)}
                            onPointerMove={pointerMove}
                            onPointerUp={pointerUp}
                            onPointerCancel={() => {
                              drag.current = null;
                              onMove(null);
                            }}
                            onKeyDown={(event) => keyDown(event, appointment, column)}
                            onClick={() => {
                              if (justDragged.current) justDragged.current = false;
                              else if (!move) onOpenAppointment(appointment);
                            }}
                            style={{ height: ((end - start) / MINUTE_MS) * PX_PER_MINUTE }}
                            className={`relative z-10 block w-full touch-none overflow-hidden rounded border border-l-4 border-slate-400 ${accent} px-1 py-0.5 text-left text-[11px] leading-tight shadow-sm focus-visible:z-30 ${
                              appointment.status === "NO_SHOW" ? "bg-slate-100 text-slate-700" : "bg-white text-slate-900"
                            } ${moving ? "opacity-60 ring-2 ring-primary-700" : ""}`}
                          >
                            {/* Who and where they stand first, so even a 15-minute visit shows it. */}
                            <span className="flex flex-wrap items-center gap-x-1.5">
                              <span className="font-semibold">
                                {time(start)} {appointment.patientName}
                              </span>
                              <VisitStatusBadge status={appointment.visitStatus} late={appointment.late} />
                            </span>
                            <span className="block">{appointment.visitTypeName}</span>
                            {appointment.noShowRisk && <NoShowRiskText risk={appointment.noShowRisk} />}
                            {appointment.confirmedByPatient && <span className="block font-medium text-emerald-900">Confirmed by the patient</span>}
                          </button>
                          {held > end && (
                            <span aria-hidden="true" title="Buffer after the visit" className="block w-full bg-[repeating-linear-gradient(45deg,var(--color-slate-300)_0_3px,transparent_3px_7px)]" style={{ height: ((held - end) / MINUTE_MS) * PX_PER_MINUTE }} />
                          )}
                        </li>
                      );
                    })}
                    {move?.columnKey === column.key && <MoveGhost move={move} column={column} columns={columns} time={time} />}
                  </ul>
                </section>
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

/** "9:00 AM EST, Alex Morgan, Standard visit, Booked, late, No-show risk: low with Maya Lee" */
function visitName(appointment: CalendarAppointmentJson, timeZone: string): string {
  const start = new Date(appointment.startsAt);
  const status = `${FRONT_DESK_STATUS_LABELS[appointment.visitStatus]}${appointment.late ? ", late" : ""}`;
  const facts = [
    `${formatTimeInZone(start, timeZone)} ${zoneName(start, timeZone)}`,
    appointment.patientName,
    appointment.visitTypeName,
    status,
    ...(appointment.noShowRisk ? [`No-show risk: ${appointment.noShowRisk.tier}`] : []),
    ...(appointment.confirmedByPatient ? ["Confirmed by the patient"] : []),
  ];
  return `${facts.join(", ")} with ${appointment.physicianName}`;
}

/** Top and height of something from `start` to `end` in a column starting at `from`. */
function placement(from: number, start: number, end: number) {
  return { top: minutesFromTop(from, start) * PX_PER_MINUTE, height: ((end - start) / MINUTE_MS) * PX_PER_MINUTE };
}

/**
 * Working hours in white over the greyed off-hours, the row lines, and the line
 * at now on today; on a day whose hours differ from the gutter's (the clocks
 * change that day) each hour's label too.
 */
function ColumnBackdrop({ column, now, ownLabels }: { column: GridColumn; now: number; ownLabels: boolean }) {
  return (
    <li aria-hidden="true" className="pointer-events-none absolute inset-0">
      {column.workingSpans.map((span) => (
        <span key={span.start} className="absolute inset-x-0 bg-white" style={placement(column.day.from, Math.max(span.start, column.day.from), Math.min(span.end, column.day.to))} />
      ))}
      {column.day.rows.map((row, index) => (
        <span key={row.at} className={`absolute inset-x-0 border-t ${row.label === null ? "border-slate-100" : "border-slate-300"}`} style={{ top: index * ROW_PX }}>
          {ownLabels && row.label !== null && <span data-own-hour-label className="absolute top-0 left-0.5 text-[10px] leading-tight text-slate-700">{row.label}</span>}
        </span>
      ))}
      {now >= column.day.from && now < column.day.to && (
        <span data-now-line className="absolute inset-x-0 z-20 border-t-2 border-red-700" style={{ top: minutesFromTop(column.day.from, now) * PX_PER_MINUTE }}>
          <span className="absolute -top-2 left-0 size-3 rounded-full bg-red-700" />
        </span>
      )}
    </li>
  );
}

/** Where the visit being moved would land, outlined while dragging or moving by keyboard. */
function MoveGhost({ move, column, columns, time }: { move: MoveTarget; column: GridColumn; columns: GridColumn[]; time: (at: number) => string }) {
  const appointment = columns.flatMap((candidate) => candidate.appointments).find((candidate) => candidate.id === move.appointmentId);
  if (!appointment) return null;
  const { durationMinutes } = visitLength(appointment);
  return (
    <li
      aria-hidden="true"
      data-move-target
      className="pointer-events-none absolute inset-x-0.5 z-20 rounded border-2 border-dashed border-primary-700 bg-primary-50/80 px-1 text-[11px] font-semibold text-primary-900"
      style={placement(column.day.from, move.start, move.start + durationMinutes * MINUTE_MS)}
    >
      To {time(move.start)}
    </li>
  );
}
