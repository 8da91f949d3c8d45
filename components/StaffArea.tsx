import type { ReactNode } from "react";

// Staff work from tables and grids on wide screens; patients read. The staff
// areas' layouts (scheduler, physician, admin) wrap their pages in StaffArea,
// and the shell, header and footer widen when the page holds that mark, so
// the decision is made once per area rather than page by page.

/** The main column: the whole width, keeping the shell's side padding. */
export const STAFF_AREA_MAIN_WIDTH = "has-[[data-staff-area]]:max-w-none";
/** The header's and footer's inner row, following the main column. */
export const STAFF_AREA_BAR_WIDTH = "group-has-[[data-staff-area]]/shell:max-w-none";

export function StaffArea({ children }: { children: ReactNode }) {
  return <div data-staff-area="">{children}</div>;
}
