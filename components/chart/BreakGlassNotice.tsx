import { formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";

/** Says that the chart is open through break-glass access, until when, and that it is reviewed. */
export function BreakGlassNotice({ expiresAt, timeZone }: { expiresAt: Date; timeZone: string }) {
  return (
    <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
      <span className="font-semibold">Break-glass access</span> until {formatTimeInZone(expiresAt, timeZone)} {zoneName(expiresAt, timeZone)}.
      Every record you open is kept and reviewed.
    </p>
  );
}
