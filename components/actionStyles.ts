/** The look of a page's main call to action, whether it is a link or a button. */
export const primaryActionClassName =
  "inline-flex items-center rounded-md bg-primary-700 px-4 py-2 font-medium text-white transition-colors hover:bg-primary-800";

/** The look of an alternative to the main action, beside or below it. */
export const secondaryActionClassName =
  "inline-flex items-center rounded-md border border-slate-500 bg-white px-4 py-2 font-medium text-slate-800 transition-colors hover:bg-slate-100";
