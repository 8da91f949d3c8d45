"use client";

import { useId, type ReactNode } from "react";
import { focusOnMount } from "@/components/focusOnMount";
import { visitPanelClassName } from "./styles";

/** A screen of the visit that is a message and a few actions: the waiting room, the end, a refusal. */
export function VisitNoticePanel({ title, focusHeading, children }: { title: string; focusHeading: boolean; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`${visitPanelClassName} space-y-4`}>
      <h2 id={headingId} ref={focusHeading ? focusOnMount : undefined} tabIndex={-1} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}
