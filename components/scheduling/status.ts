import type { AppointmentStatus } from "@/lib/db/generated/enums";

/** How staff screens name an appointment's state, and its colour in lists and the calendar. */
export const APPOINTMENT_STATUS: Record<AppointmentStatus, { label: string; className: string }> = {
  BOOKED: { label: "Booked", className: "border-sky-300 bg-sky-50 text-sky-950" },
  CHECKED_IN: { label: "In waiting room", className: "border-amber-300 bg-amber-50 text-amber-950" },
  IN_PROGRESS: { label: "In visit", className: "border-violet-300 bg-violet-50 text-violet-950" },
  COMPLETED: { label: "Done", className: "border-emerald-300 bg-emerald-50 text-emerald-950" },
  NO_SHOW: { label: "No-show", className: "border-red-300 bg-red-50 text-red-950" },
  CANCELLED: { label: "Cancelled", className: "border-slate-300 bg-slate-100 text-slate-800" },
};

// What lib/scheduling/booking still accepts, so screens offer only what will work.
export const canMove = (status: AppointmentStatus) => status === "BOOKED";
export const canCancel = (status: AppointmentStatus) => status === "BOOKED" || status === "CHECKED_IN";
