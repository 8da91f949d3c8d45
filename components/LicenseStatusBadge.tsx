import type { LicensureStatus } from "@/lib/licensure/types";

const BADGES: Record<LicensureStatus, { text: string; className: string }> = {
  licensed: { text: "Current", className: "bg-emerald-100 text-emerald-900" },
  expired: { text: "Expired", className: "bg-red-100 text-red-900" },
  "not-licensed": { text: "Not licensed", className: "bg-amber-100 text-amber-900" },
};

/** Whether a physician's licence is current: the one way it is shown, wherever it is shown. */
export function LicenseStatusBadge({ status }: { status: LicensureStatus }) {
  const badge = BADGES[status];
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${badge.className}`}>{badge.text}</span>;
}
