"use client";

import Link from "next/link";
import { primaryActionClassName } from "@/components/actionStyles";
import type { VisitRole } from "./visitApi";
import { VisitNoticePanel } from "./VisitNoticePanel";

function durationText(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** After the physician ended the visit (or it was already over when rejoining). */
export function VisitEnded({
  role,
  physicianName,
  summaryHref,
  homeHref,
  durationSeconds,
  focusHeading,
}: {
  role: VisitRole;
  physicianName: string;
  summaryHref?: string;
  homeHref?: string;
  durationSeconds: number | null;
  focusHeading: boolean;
}) {
  return (
    <VisitNoticePanel title="The visit has ended" focusHeading={focusHeading}>
      {durationSeconds !== null && <p className="text-slate-900">The visit lasted {durationText(durationSeconds)}.</p>}
      {role === "patient" && (
        <>
          <p className="text-slate-700">
            Your after-visit summary appears on your visit page once Dr. {physicianName} has signed the visit note.
          </p>
          {summaryHref && (
            <Link href={summaryHref} className={`${primaryActionClassName} min-h-11`}>
              View your after-visit summary
            </Link>
          )}
        </>
      )}
      {(role === "guest" || role === "interpreter") && <p className="text-slate-700">Thank you for joining. You can close this page.</p>}
      {role === "physician" && homeHref && (
        <Link href={homeHref} className={`${primaryActionClassName} min-h-11`}>
          Back to My day
        </Link>
      )}
    </VisitNoticePanel>
  );
}
