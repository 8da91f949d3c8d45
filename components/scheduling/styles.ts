// The scheduling screens' shared looks, beside components/actionStyles.ts's primary action.

export const secondaryButtonClassName =
  "rounded-md border border-slate-500 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-70";

export const dangerButtonClassName =
  "rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-70";

export const fieldClassName = "block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-slate-900 shadow-sm";

export const panelClassName = "rounded-xl border border-slate-200 bg-white p-6 shadow-sm";
