"use client";

import { useRef, useState, useSyncExternalStore } from "react";
import { FormAlert } from "@/components/FormAlert";
import { callApi } from "@/lib/client/api";
import { useBackgroundPoll } from "@/lib/client/useBackgroundPoll";
import type { VisitTypeEntry } from "@/lib/scheduling/availability";
import type { PhysicianDirectoryEntry } from "@/lib/scheduling/directory";
import { dayRangeInZone } from "@/lib/scheduling/slots";
import { formatDateTimeInZone, formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { dayGrid, dropRefusal, gridWindow } from "@/lib/scheduling/time-grid";
import { addDays, isoWeekdayOf, localDateOf } from "@/lib/scheduling/zoned-time";
import { nextSlotsOf, type ApiSlot, type CalendarAppointmentJson, type CalendarGridJson } from "./api";
import { AppointmentDialog } from "./AppointmentDialog";
import { BookingDialog, type BookablePhysician } from "./BookingDialog";
import { formatDayLong, formatDayShort } from "./calendar-format";
import { FrontDeskTakeaways } from "./FrontDeskTakeaways";
import { CalendarToolbar, type CalendarSettings } from "./CalendarToolbar";
import { NextFreeTimes } from "./NextFreeTimes";
import { secondaryButtonClassName } from "./styles";
import { TimeGrid, visitLength, type GridColumn, type GridGroup, type MoveTarget } from "./TimeGrid";

const noSubscription = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
/** How often the grid asks again, so check-ins, the waiting room and visits ending show without a reload. */
const POLL_MS = 5_000;

type Open = { kind: "slot"; slot: ApiSlot; physicianId: string } | { kind: "appointment"; appointment: CalendarAppointmentJson } | null;

/** A refused move: the server's (or the grid's own) reason, and the next free times when the time was taken meanwhile. */
interface MoveRefusal {
  appointment: CalendarAppointmentJson;
  physicianId: string;
  message: string;
  nextSlots?: ApiSlot[];
  attempt: number;
}

/**
 * The scheduler's calendar: a time grid of one day with a column per chosen
 * physician, or of a week (a column per day for one physician, or per day a
 * narrow column per physician), in a zone the scheduler chooses, by default
 * the browser's. It follows changes made elsewhere by polling its read.
 */
export function SchedulerCalendar({
  physicians,
  visitTypes,
  now: renderedAt,
}: {
  physicians: Array<PhysicianDirectoryEntry & Pick<BookablePhysician, "licensedStates">>;
  visitTypes: VisitTypeEntry[];
  now: string;
}) {
  // The server cannot know the browser's zone, so the calendar renders once it is in the browser.
  const browserZone = useSyncExternalStore(noSubscription, browserTimeZone, () => null);
  const [settings, setSettings] = useState<Omit<CalendarSettings, "timeZone"> & { timeZone: string | null }>({
    view: "day",
    timeZone: null,
    physicianIds: physicians.map((physician) => physician.id),
    visitTypeId: visitTypes[0]?.id ?? "",
  });
  const [anchor, setAnchor] = useState<string | null>(null);
  const [refreshes, setRefreshes] = useState(0);
  const [open, setOpen] = useState<Open>(null);
  const [announcement, setAnnouncement] = useState("");
  const [move, setMove] = useState<MoveTarget | null>(null);
  const [refusal, setRefusal] = useState<MoveRefusal | null>(null);
  const [pending, setPending] = useState(false);
  const focusAfterLoad = useRef<string | null>(null);

  const timeZone = settings.timeZone ?? browserZone;
  const today = timeZone ? localDateOf(new Date(renderedAt), timeZone) : null;
  const date = anchor ?? today;
  const days = date === null ? [] : settings.view === "week" ? weekOf(date) : [date];
  const shown = physicians.filter((physician) => settings.physicianIds.includes(physician.id));
  const range = timeZone && days.length > 0 ? { from: dayRangeInZone(days[0]!, timeZone).from, to: dayRangeInZone(days.at(-1)!, timeZone).to } : null;
  const allShown = shown.length === physicians.length;
  const query =
    range && shown.length > 0 && settings.visitTypeId
      ? new URLSearchParams({
          from: range.from.toISOString(),
          to: range.to.toISOString(),
          visitTypeId: settings.visitTypeId,
          ...(allShown ? {} : { physicianIds: shown.map((physician) => physician.id).join(",") }),
        })
      : null;
  const { data, error } = useBackgroundPoll<CalendarGridJson>(query && `/api/calendar?${query}`, POLL_MS, refreshes);

  if (!timeZone || !today || !date || !range) return <p role="status">Loading the calendar…</p>;

  const now = Date.parse(data?.now ?? renderedAt);
  const groups = data ? gridGroups(data, days, timeZone, settings.view) : [];
  const columns = groups.flatMap((group) => group.columns);
  const columnOf = (key: string) => columns.find((column) => column.key === key);

  const changed = (message: string, focusAppointmentId?: string) => {
    setOpen(null);
    setAnnouncement(message);
    focusAfterLoad.current = focusAppointmentId ?? null;
    setRefreshes((count) => count + 1);
  };

  const describeTarget = (target: MoveTarget) => {
    const column = columnOf(target.columnKey);
    return `${formatDateTimeInZone(new Date(target.start), timeZone)} with ${column?.physicianName ?? ""}`;
  };

  const onMove = (target: MoveTarget | null) => {
    if (target === null) {
      if (move) setAnnouncement("Move called off. Nothing changed.");
    } else {
      setRefusal(null);
      setAnnouncement(`Moving to ${describeTarget(target)}. Arrow keys change the time or column, Enter moves it there, Escape calls it off.`);
    }
    setMove(target);
  };

  /** Asks the server to move the visit; any refusal is said in place and the grid reloads, so a colleague's change shows. */
  async function send(appointment: CalendarAppointmentJson, physicianId: string, start: number) {
    setPending(true);
    const startsAt = new Date(start).toISOString();
    const result = await callApi<{ appointment: { id: string } }>(`/api/appointments/${appointment.id}/reschedule`, {
      method: "POST",
      body: { startsAt, ...(physicianId === appointment.physicianId ? {} : { physicianId }) },
    });
    setPending(false);
    const physicianName = physicians.find((physician) => physician.id === physicianId)?.name ?? appointment.physicianName;
    if (result.ok) {
      setRefusal(null);
      changed(`Moved ${appointment.patientName}'s visit to ${formatDateTimeInZone(new Date(start), timeZone!)} with ${physicianName}. The patient gets the new time by email.`, result.data.appointment.id);
      return;
    }
    setRefusal({ appointment, physicianId, message: result.error, nextSlots: nextSlotsOf(result), attempt: (refusal?.attempt ?? 0) + 1 });
    setAnnouncement("");
    setRefreshes((count) => count + 1);
  }

  const onDrop = (appointment: CalendarAppointmentJson, column: GridColumn, start: number) => {
    setMove(null);
    if (start === Date.parse(appointment.startsAt) && column.physicianId === appointment.physicianId) {
      setAnnouncement("Left where it was. Nothing changed.");
      return;
    }
    const held = column.appointments
      .filter((other) => other.id !== appointment.id && other.status !== "NO_SHOW")
      .map((other) => ({ start: Date.parse(other.startsAt), end: Date.parse(other.blockedUntil) }));
    const refused = dropRefusal({ start, ...visitLength(appointment) }, { now, workingSpans: column.workingSpans, held });
    if (refused) {
      setRefusal({ appointment, physicianId: column.physicianId, message: `${refused.message} Nothing was moved.`, attempt: (refusal?.attempt ?? 0) + 1 });
      setAnnouncement("");
      return;
    }
    void send(appointment, column.physicianId, start);
  };

  const page = (step: -1 | 0 | 1) => setAnchor(step === 0 ? null : addDays(date, step * (settings.view === "week" ? 7 : 1)));
  const zoneOptions = Intl.supportedValuesOf("timeZone");
  const openPhysician = open?.kind === "slot" ? physicians.find((physician) => physician.id === open.physicianId) : undefined;
  const openVisitType = visitTypes.find((visitType) => visitType.id === settings.visitTypeId);
  const loading = query !== null && data === null;

  return (
    <div className="space-y-6">
      <CalendarToolbar
        settings={{ ...settings, timeZone }}
        onChange={(change) => {
          // From a week without today in it, the day view opens on that week's Monday.
          if (change.view === "day" && settings.view === "week" && !days.includes(today)) setAnchor(days[0]!);
          setMove(null);
          setSettings((current) => ({ ...current, ...change }));
        }}
        onPage={page}
        date={date}
        onDate={setAnchor}
        physicians={physicians}
        visitTypes={visitTypes}
        timeZones={zoneOptions.includes(timeZone) ? zoneOptions : [timeZone, ...zoneOptions]}
      />

      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h2 className="text-xl font-semibold text-slate-900">{settings.view === "week" ? `Week of ${formatDayLong(days[0]!)}` : formatDayLong(date)}</h2>
          <p className="text-slate-700">
            Times in {zoneName(range.from, timeZone)} ({timeZone.replaceAll("_", " ")}).
            {shown.length === 0 && " Choose at least one physician to see their calendar."}
          </p>
        </div>
        <FrontDeskTakeaways
          date={date}
          weekStart={weekOf(date)[0]!}
          timeZone={timeZone}
          physicianIds={shown.map((physician) => physician.id)}
          allPhysicians={shown.length === physicians.length}
        />
      </div>

      {/* One polite region for loading, moving and what a change did. */}
      <p role="status" className="min-h-6 font-medium text-slate-800">
        {loading ? "Loading…" : pending ? "Moving…" : announcement}
      </p>
      {error && <FormAlert tone="error">{error}</FormAlert>}
      {refusal && (
        <div key={refusal.attempt} className="space-y-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3">
          <FormAlert tone="error">
            Could not move {refusal.appointment.patientName}&apos;s visit at {formatTimeInZone(new Date(refusal.appointment.startsAt), timeZone)}: {refusal.message}
          </FormAlert>
          {refusal.nextSlots && (
            <NextFreeTimes
              slots={refusal.nextSlots}
              timeZone={timeZone}
              choiceLabel={(when) => `Move to ${when}`}
              onChoose={(slot) => void send(refusal.appointment, refusal.physicianId, Date.parse(slot.start))}
            />
          )}
          <button type="button" onClick={() => setRefusal(null)} className={secondaryButtonClassName}>
            Dismiss
          </button>
        </div>
      )}

      {data && (
        <TimeGrid
          groups={groups}
          timeZone={timeZone}
          now={now}
          visitTypeIds={visitTypes.map((visitType) => visitType.id)}
          move={move}
          columnHeading={(column) => (settings.view === "day" ? column.physicianName : shown.length === 1 ? formatDayShort(column.date) : shortName(column.physicianName))}
          onMove={onMove}
          onDrop={onDrop}
          onOpenAppointment={(appointment) => setOpen({ kind: "appointment", appointment })}
          onOpenSlot={(slot, column) => setOpen({ kind: "slot", slot, physicianId: column.physicianId })}
          focusTarget={(appointmentId) => (element) => {
            if (element && focusAfterLoad.current === appointmentId) {
              element.focus();
              focusAfterLoad.current = null;
            }
          }}
        />
      )}

      {open?.kind === "slot" && openPhysician && openVisitType && (
        <BookingDialog
          slot={open.slot}
          physician={openPhysician}
          visitType={openVisitType}
          timeZone={timeZone}
          onClose={() => setOpen(null)}
          onBooked={({ appointmentId, patientName, startsAt }) =>
            changed(`Booked ${patientName} with ${openPhysician.name} on ${formatDayLong(localDateOf(new Date(startsAt), timeZone))}.`, appointmentId)
          }
        />
      )}
      {open?.kind === "appointment" && (
        <AppointmentDialog
          appointment={open.appointment}
          timeZone={timeZone}
          now={new Date(now).toISOString()}
          onClose={() => setOpen(null)}
          onChanged={({ message, focusAppointmentId }) => changed(message, focusAppointmentId)}
        />
      )}
    </div>
  );
}

/**
 * The grid's columns: in the day view one per physician; in the week view one
 * per day for a single physician, or per day a narrow one per physician. All
 * days share the hours shown, so rows line up across the week.
 */
function gridGroups(data: CalendarGridJson, days: string[], timeZone: string, view: CalendarSettings["view"]): GridGroup[] {
  const spans = (list: ApiSlot[]) => list.map((slot) => ({ start: Date.parse(slot.start), end: Date.parse(slot.end) }));
  const everything = data.physicians.flatMap((physician) => [...spans(physician.workingSpans), ...spans(physician.appointments.map((a) => ({ start: a.startsAt, end: a.blockedUntil })))]);
  const window = gridWindow(days, timeZone, everything);
  const columnsOn = (date: string): GridColumn[] => {
    const day = dayGrid(date, timeZone, window);
    const within = (start: string, end: string) => Date.parse(start) < day.to && Date.parse(end) > day.from;
    return data.physicians.map((physician) => ({
      key: `${date}-${physician.physicianId}`,
      date,
      day,
      physicianId: physician.physicianId,
      physicianName: physician.physicianName,
      workingSpans: spans(physician.workingSpans.filter((span) => within(span.start, span.end))),
      freeSlots: physician.freeSlots.filter((slot) => within(slot.start, slot.end)),
      appointments: physician.appointments.filter((appointment) => within(appointment.startsAt, appointment.endsAt)),
    }));
  };
  if (view === "day") return columnsOn(days[0]!).map((column) => ({ key: column.key, heading: null, columns: [column] }));
  if (data.physicians.length === 1) return days.flatMap((date) => columnsOn(date).map((column) => ({ key: column.key, heading: null, columns: [column] })));
  return days.map((date) => ({ key: date, heading: formatDayShort(date), columns: columnsOn(date) }));
}

/** "Samuel Okafor" → "S. Okafor", for the multi-physician week's narrow columns (the full name is their accessible name). */
function shortName(name: string): string {
  const parts = name.split(" ");
  return parts.length > 1 ? `${parts[0]![0]}. ${parts.slice(1).join(" ")}` : name;
}

/** Monday to Sunday of the week the date is in. */
function weekOf(date: string): string[] {
  const monday = addDays(date, 1 - isoWeekdayOf(date));
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}
