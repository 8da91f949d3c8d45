// What the scheduling screens read from our JSON APIs, besides the fetch
// wrapper itself (lib/client/api.ts): free slots, and the next free ones a 409
// offers when the time asked for was taken meanwhile.
import type { ApiResult } from "@/lib/client/api";
import type { GridAppointment } from "@/lib/scheduling/calendar-grid";

export interface ApiSlot {
  start: string;
  end: string;
}

/** GET /api/slots: each physician's free slots. */
export interface SlotsResponse {
  physicians: Array<{ physicianId: string; physicianName: string; timeZone: string; slots: ApiSlot[] }>;
}

/** The next free slots a refused booking or move offers (409), if it offered any. */
export function nextSlotsOf(result: ApiResult<unknown>): ApiSlot[] | undefined {
  return !result.ok && Array.isArray(result.body.nextSlots) ? (result.body.nextSlots as ApiSlot[]) : undefined;
}

/** GET /api/calendar (lib/scheduling/calendar-grid.ts) as it arrives in JSON. */
export interface CalendarGridJson {
  now: string;
  visitType: { id: string; durationMinutes: number; bufferMinutes: number };
  physicians: Array<{
    physicianId: string;
    physicianName: string;
    timeZone: string;
    workingSpans: ApiSlot[];
    freeSlots: ApiSlot[];
    appointments: CalendarAppointmentJson[];
  }>;
}

/** One visit on the scheduler's calendar as it arrives in JSON. */
export type CalendarAppointmentJson = Omit<GridAppointment, "startsAt" | "endsAt" | "blockedUntil"> & { startsAt: string; endsAt: string; blockedUntil: string };
