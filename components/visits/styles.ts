// The video visit's controls. Every one is at least 44 px square, so it can be
// hit with a thumb on a phone, and carries its words, never an icon alone.

const base =
  "inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-md px-4 py-2 font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-70";

export const visitPrimaryButtonClassName = `${base} bg-primary-700 text-white hover:bg-primary-800`;

export const visitSecondaryButtonClassName = `${base} border border-slate-500 bg-white text-slate-900 hover:bg-slate-100`;

export const visitDangerButtonClassName = `${base} bg-red-700 text-white hover:bg-red-800`;

export const visitPanelClassName = "rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6";

export const visitFieldClassName =
  "block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-slate-900 shadow-sm";
