// The chart panel's own looks; buttons and fields reuse the scheduling screens' compact ones.

export { dangerButtonClassName, fieldClassName, secondaryButtonClassName } from "@/components/scheduling/styles";

export const primaryButtonClassName =
  "rounded-md bg-primary-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-primary-800 disabled:cursor-not-allowed disabled:opacity-70";

export const sectionHeadingClassName = "text-base font-semibold text-slate-900";

export const tableClassName = "w-full border-collapse text-left text-sm text-slate-900";

export const tableHeaderCellClassName = "border-b border-slate-300 px-2 py-1.5 align-bottom font-semibold";

export const tableCellClassName = "border-b border-slate-200 px-2 py-1.5 align-top";

export const labelClassName = "block text-sm font-medium text-slate-900";

export const hintClassName = "text-sm text-slate-600";
