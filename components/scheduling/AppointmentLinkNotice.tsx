import type { ReactNode } from "react";

/** What became of a mailed link's visit or offer (confirmed, cancelled, taken, spent), announced when the page loads after the button. */
export function AppointmentLinkNotice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="max-w-2xl rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-slate-900">
      {children}
    </p>
  );
}
