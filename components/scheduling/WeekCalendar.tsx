"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { FormAlert } from "@/components/FormAlert";
import type { VisitTypeEntry } from "@/lib/scheduling/availability";
import type { PhysicianDirectoryEntry } from "@/lib/scheduling/directory";
import { dayRangeInZone } from "@/lib/scheduling/slots";
import { zoneName } from "@/lib/scheduling/time-format";
import { addDays, isoWeekdayOf, localDateOf } from "@/lib/scheduling/zoned-time";
import { callApi } from "@/lib/client/api";
import { type ApiSlot, type SlotsResponse } from "./api";
import { AppointmentDialog, type CalendarAppointmentJson } from "./AppointmentDialog";
import type { BookablePhysician } from "./BookingDialog";
import { BookingDialog } from "./BookingDialog";
import { CalendarColumn, type CalendarItem } from "./CalendarColumn";
import { formatDayLong, formatDayShort } from "./calendar-format";
import { CalendarToolbar, type CalendarSettings } from "./CalendarToolbar";

const noSubscription = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const DAY_VIEW_COLUMNS: Record<number, string> = { 1: "lg:grid-cols-1", 2: "lg:grid-cols-2", 3: "lg:grid-cols-3" };

interface Loaded {
  key: string;
  appointments: CalendarAppointmentJson[];
  /** By physician id; null when free times are not shown. */
  slots: Map<string, ApiSlot[]> | null;
  error: string | null;
}

type Open = { kind: "slot"; slot: ApiSlot; physicianId: string } | { kind: "appointment"; appointment: CalendarAppointmentJson } | null;

/**
 * The scheduler's calendar across physicians: a week (a column per day) or a
 * day (a column per physician), in a zone the scheduler chooses, by default
 * the browser's. Free times open a booking; booked visits open their actions.
 */
export function WeekCalendar({
  physicians,
  visitTypes,
  now,
}: {
  physicians: Array<PhysicianDirectoryEntry & Pick<BookablePhysician, "licensedStates">>;
  visitTypes: VisitTypeEntry[];
  now: string;
}) {
  // The server cannot know the browser's zone, so the calendar renders once it is in the browser.
  const browserZone = useSyncExternalStore(noSubscription, browserTimeZone, () => null);
  const [settings, setSettings] = useState<Omit<CalendarSettings, "timeZone"> & { timeZone: string | null }>({
    view: "week",
    timeZone: null,
    physicianId: "",
    visitTypeId: visitTypes[0]?.id ?? "",
  });
  const [anchor, setAnchor] = useState<string | null>(null);
  const [refreshes, setRefreshes] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [announcement, setAnnouncement] = useState("");
  const focusAfterLoad = useRef<string | null>(null);

  const timeZone = settings.timeZone ?? browserZone;
  const today = timeZone ? localDateOf(new Date(now), timeZone) : null;
  const date = anchor ?? today;
  const days = date === null ? [] : settings.view === "week" ? weekOf(date) : [date];
  const shownPhysicians = settings.physicianId ? physicians.filter((physician) => physician.id === settings.physicianId) : physicians;
  const showSlots = settings.view === "day" || settings.physicianId !== "";
  const range = timeZone && days.length > 0 ? { from: dayRangeInZone(days[0]!, timeZone).from, to: dayRangeInZone(days.at(-1)!, timeZone).to } : null;
  const fromIso = range?.from.toISOString() ?? null;
  const toIso = range?.to.toISOString() ?? null;
  const { physicianId, visitTypeId } = settings;
  const requestKey = JSON.stringify([fromIso, toIso, showSlots && visitTypeId, physicianId, refreshes]);

  useEffect(() => {
    if (fromIso === null || toIso === null) return;
    const abort = new AbortController();
    const window = { from: fromIso, to: toIso };
    const slotQuery = new URLSearchParams({ ...window, visitTypeId });
    if (physicianId) slotQuery.set("physicianId", physicianId);
    Promise.all([
      callApi<{ appointments: CalendarAppointmentJson[] }>(`/api/appointments?${new URLSearchParams(window)}`, { signal: abort.signal }),
      showSlots ? callApi<SlotsResponse>(`/api/slots?${slotQuery}`, { signal: abort.signal }) : null,
    ]).then(([appointments, slots]) => {
      setLoaded({
        key: requestKey,
        appointments: appointments.ok ? appointments.data.appointments : [],
        slots: slots?.ok ? new Map(slots.data.physicians.map((physician) => [physician.physicianId, physician.slots])) : null,
        error: !appointments.ok ? appointments.error : slots && !slots.ok ? slots.error : null,
      });
    }, () => {});
    return () => abort.abort();
  }, [fromIso, toIso, visitTypeId, physicianId, showSlots, requestKey]);

  if (!timeZone || !today || !date || !range) return <p role="status">Loading the calendar…</p>;

  const loading = loaded?.key !== requestKey;
  const columns =
    settings.view === "week"
      ? days.map((day) => ({ id: `column-${day}`, heading: formatDayShort(day), date: day, physicians: shownPhysicians }))
      : shownPhysicians.map((physician) => ({ id: `column-${physician.id}`, heading: physician.name, date, physicians: [physician] }));

  const itemsFor = (day: string, columnPhysicians: PhysicianDirectoryEntry[]): CalendarItem[] => {
    const ids = new Set(columnPhysicians.map((physician) => physician.id));
    const onDay = (iso: string) => localDateOf(new Date(iso), timeZone) === day;
    const appointments: CalendarItem[] = (loaded?.appointments ?? [])
      .filter((appointment) => ids.has(appointment.physicianId) && onDay(appointment.startsAt))
      .map((appointment) => ({ kind: "appointment", start: appointment.startsAt, appointment }));
    const free: CalendarItem[] = columnPhysicians.flatMap((physician) =>
      (loaded?.slots?.get(physician.id) ?? [])
        .filter((slot) => onDay(slot.start))
        .map((slot) => ({ kind: "slot" as const, start: slot.start, slot, physicianId: physician.id, physicianName: physician.name })),
    );
    return [...appointments, ...free].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  };

  const changed = (message: string, focusAppointmentId?: string) => {
    setOpen(null);
    setAnnouncement(message);
    focusAfterLoad.current = focusAppointmentId ?? null;
    setRefreshes((count) => count + 1);
  };

  const page = (step: -1 | 0 | 1) => setAnchor(step === 0 ? null : addDays(date, step * (settings.view === "week" ? 7 : 1)));
  const zoneOptions = Intl.supportedValuesOf("timeZone");
  const openPhysician = open?.kind === "slot" ? physicians.find((physician) => physician.id === open.physicianId) : undefined;
  const openVisitType = visitTypes.find((visitType) => visitType.id === settings.visitTypeId);

  return (
    <div className="space-y-6">
      <CalendarToolbar
        settings={{ ...settings, timeZone }}
        onChange={(change) => {
          // From a week without today in it, the day view opens on that week's Monday.
          if (change.view === "day" && settings.view === "week" && !days.includes(today)) setAnchor(days[0]!);
          setSettings((current) => ({ ...current, ...change }));
        }}
        onPage={page}
        physicians={physicians}
        visitTypes={visitTypes}
        timeZones={zoneOptions.includes(timeZone) ? zoneOptions : [timeZone, ...zoneOptions]}
      />

      <div className="space-y-1">
        <h2 className="text-xl font-semibold text-slate-900">
          {settings.view === "week" ? `Week of ${formatDayLong(days[0]!)}` : formatDayLong(date)}
        </h2>
        <p className="text-slate-700">
          Times in {zoneName(range.from, timeZone)} ({timeZone.replaceAll("_", " ")}).
          {!showSlots && " Choose a physician, or the day view, to see free times."}
        </p>
      </div>

      {/* One polite region for loading and for what a change did. */}
      <p role="status" className="min-h-6 font-medium text-slate-800">
        {loading ? "Loading…" : announcement}
      </p>
      {loaded?.error && !loading && <FormAlert tone="error">{loaded.error}</FormAlert>}

      <div
        aria-busy={loading}
        className={`grid gap-2 ${settings.view === "week" ? "lg:grid-cols-7" : (DAY_VIEW_COLUMNS[columns.length] ?? "lg:grid-cols-3")}`}
      >
        {columns.map((column) => (
          <CalendarColumn
            key={column.id}
            id={column.id}
            heading={column.heading}
            date={column.date}
            items={loading ? null : itemsFor(column.date, column.physicians)}
            timeZone={timeZone}
            showPhysician={column.physicians.length > 1}
            onOpenAppointment={(appointment) => setOpen({ kind: "appointment", appointment })}
            onOpenSlot={(slot, physicianId) => setOpen({ kind: "slot", slot, physicianId })}
            focusTarget={(appointmentId) => (element) => {
              if (element && focusAfterLoad.current === appointmentId) {
                element.focus();
                focusAfterLoad.current = null;
              }
            }}
          />
        ))}
      </div>

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
          // The calendar names the visit type; free times to move to are looked up by it.
          visitTypeId={visitTypes.find((visitType) => visitType.name === open.appointment.visitTypeName)?.id ?? null}
          timeZone={timeZone}
          now={now}
          onClose={() => setOpen(null)}
          onChanged={({ message, focusAppointmentId }) => changed(message, focusAppointmentId)}
        />
      )}
    </div>
  );
}

/** Monday to Sunday of the week the date is in. */
function weekOf(date: string): string[] {
  const monday = addDays(date, 1 - isoWeekdayOf(date));
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}
