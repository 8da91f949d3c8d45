"use client";

import { secondaryActionClassName } from "@/components/actionStyles";

/** Opens the browser's print dialog; not itself printed. */
export function PrintButton({ label = "Print" }: { label?: string }) {
  return (
    <button type="button" className={`${secondaryActionClassName} print:hidden`} onClick={() => window.print()}>
      {label}
    </button>
  );
}
