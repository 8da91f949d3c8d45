/** The look of a page's main call to action, whether it is a link or a button. */
export const primaryActionClassName =
  "inline-flex items-center rounded-md bg-primary-700 px-4 py-2 font-medium text-white transition-colors hover:bg-primary-800";
