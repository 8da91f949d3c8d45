"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { callVisitApi, type PhysicianWaitingResponse } from "./visitApi";

const POLL_INTERVAL_MS = 5_000;

/**
 * On every physician page: who is in a waiting room for them right now, with
 * a link into that visit. Polls every 5 seconds. The region is always present
 * (and empty when nobody waits), so screen readers announce each arrival. The
 * visit the physician is already in is left out: its own waiting list shows it.
 */
export function WaitingPatientsNotice() {
  const pathname = usePathname();
  const [waiting, setWaiting] = useState<PhysicianWaitingResponse["waiting"]>([]);

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    const poll = async () => {
      const result = await callVisitApi<PhysicianWaitingResponse>("/api/physician/waiting", { signal: controller.signal, backgroundPoll: true }).catch(() => null);
      if (result === null || controller.signal.aborted) return;
      if (result.ok) setWaiting(result.data.waiting);
      // Signed out or not a physician (any more): the page itself will say so; stop asking.
      else if (result.status === 401 || result.status === 403) return;
      timer = window.setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, []);

  const shown = waiting.filter((entry) => pathname !== `/physician/visits/${entry.appointmentId}`);

  return (
    <div role="status">
      {shown.length > 0 && (
        <ul className="mb-8 space-y-2 print:hidden">
          {shown.map((entry) => (
            <li
              key={entry.appointmentId}
              className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950"
            >
              <p className="font-medium">{entry.patientName} is in the waiting room</p>
              <Link
                href={`/physician/visits/${entry.appointmentId}`}
                className="inline-flex min-h-11 items-center rounded-md bg-primary-700 px-4 py-2 font-medium text-white transition-colors hover:bg-primary-800"
              >
                Open visit
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
