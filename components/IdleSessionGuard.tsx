"use client";

import { useEffect, useEffectEvent, useRef, useState } from "react";
import { ACTIVITY_PING_INTERVAL_MS, CALL_ACTIVITY_EVENT, countdownText, idleState, spokenCountdownText } from "@/lib/auth/sessions/idle-warning";
import { primaryActionClassName, secondaryActionClassName } from "./actionStyles";
import { signOutOfThisBrowser, type SignOutReason } from "./signOut";
import { SignOutNotices, useSignOut } from "./useSignOut";

const ACTIVITY_EVENTS = ["pointerdown", "keydown", "scroll", "touchstart", CALL_ACTIVITY_EVENT] as const;
// Shared by the clinic's tabs, so working in one tab keeps the others from signing
// everyone out: a sign-out ends the session for all of them.
const SHARED_ACTIVITY_KEY = "telemedicine-clinic:last-activity-at";
// Scrolling fires many events a second; noting one a second is plenty.
const ACTIVITY_RESOLUTION_MS = 1000;

function readSharedActivity(): number {
  try {
    return Number(window.localStorage.getItem(SHARED_ACTIVITY_KEY)) || 0;
  } catch {
    return 0;
  }
}

function writeSharedActivity(at: number): void {
  try {
    window.localStorage.setItem(SHARED_ACTIVITY_KEY, String(at));
  } catch {
    // Storage may be unavailable (private mode, quota); each tab then times out on its own.
  }
}

/** False when the server says the session is over. A network failure is not taken as that. */
async function reportActivity(): Promise<boolean> {
  try {
    const response = await fetch("/api/session/activity", { method: "POST", cache: "no-store" });
    return response.status !== 401;
  } catch {
    return true;
  }
}

/**
 * For staff: warns a minute before the idle timeout and signs out when it
 * passes (note text that cannot be sent then stays on this computer for
 * `userName`, who is not there to be asked). While the person works on one
 * page, activity is reported to the server (which enforces the same timeout)
 * at most once a minute.
 */
export function IdleSessionGuard({ timeoutMs, userName }: { timeoutMs: number; userName: string }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const stayButtonRef = useRef<HTMLButtonElement>(null);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastActivityAt = useRef(0);
  const lastReportAt = useRef(0);
  const pendingReport = useRef<number | null>(null);
  const signingOut = useRef(false);
  const signOutNow = useSignOut(userName);

  function signOutUnattended(reason: SignOutReason) {
    if (signingOut.current) return;
    signingOut.current = true;
    void signOutOfThisBrowser({ reason, userKey: userName, by: "idle-timer" });
  }

  function noteActivity(at: number) {
    lastActivityAt.current = at;
    writeSharedActivity(at);
  }

  async function sendReport() {
    lastReportAt.current = Date.now();
    if (!(await reportActivity())) signOutUnattended("signed-out");
  }

  // Reports at most once a minute, but always after the last activity, so the
  // server never sees the session as idler than this tab does.
  function scheduleReport() {
    if (pendingReport.current !== null) return;
    const wait = Math.max(0, lastReportAt.current + ACTIVITY_PING_INTERVAL_MS - Date.now());
    pendingReport.current = window.setTimeout(() => {
      pendingReport.current = null;
      void sendReport();
    }, wait);
  }

  function staySignedIn() {
    noteActivity(Date.now());
    setSecondsLeft(null);
    if (pendingReport.current !== null) window.clearTimeout(pendingReport.current);
    pendingReport.current = null;
    void sendReport();
  }

  const onActivity = useEffectEvent(() => {
    // Once the warning shows, only an answer to it counts: a stray scroll must not hide it.
    if (secondsLeft !== null) return;
    const now = Date.now();
    if (now - lastActivityAt.current < ACTIVITY_RESOLUTION_MS) return;
    noteActivity(now);
    scheduleReport();
  });

  const onTick = useEffectEvent(() => {
    const state = idleState(Date.now(), Math.max(lastActivityAt.current, readSharedActivity()), timeoutMs);
    if (state.phase === "expired") signOutUnattended("idle");
    else setSecondsLeft(state.phase === "warning" ? state.secondsLeft : null);
  });

  useEffect(() => {
    // The request that rendered this page counted as activity on the server.
    const loadedAt = Date.now();
    lastReportAt.current = loadedAt;
    noteActivity(loadedAt);

    const listener = () => onActivity();
    const options = { passive: true, capture: true };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, listener, options);
    // Ticks only trigger a look at the clock; the timestamps decide, so a laptop
    // waking from sleep is signed out at once rather than a minute later.
    const interval = window.setInterval(() => onTick(), 1000);
    const onVisible = () => onTick();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, listener, options);
      window.clearInterval(interval);
      document.removeEventListener("visibilitychange", onVisible);
      if (pendingReport.current !== null) window.clearTimeout(pendingReport.current);
    };
  }, []);

  const warningOpen = secondsLeft !== null;
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (warningOpen && !dialog.open) {
      dialog.showModal();
      stayButtonRef.current?.focus();
    } else if (!warningOpen && dialog.open) {
      dialog.close();
    }
  }, [warningOpen]);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-countdown"
      // Escape means the person is here: treat it as "Stay signed in".
      onCancel={(event) => {
        event.preventDefault();
        staySignedIn();
      }}
      className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-xl bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/60"
    >
      {secondsLeft !== null && (
        <div className="space-y-4">
          <h2 id="idle-warning-title" className="text-xl font-semibold">
            Are you still there?
          </h2>
          <p id="idle-warning-countdown" className="text-lg font-medium">
            {countdownText(secondsLeft)}
          </p>
          <p className="sr-only" aria-live="polite">
            {spokenCountdownText(secondsLeft)}
          </p>
          <p className="text-slate-700">
            To protect patients&apos; information, the clinic signs you out after {Math.round(timeoutMs / 60_000)}{" "}
            minutes without activity.
          </p>
          <div className="flex flex-wrap gap-3">
            <button
              ref={stayButtonRef}
              type="button"
              onClick={staySignedIn}
              className={primaryActionClassName}
            >
              Stay signed in
            </button>
            <button
              type="button"
              onClick={() => signOutNow.signOut({ reason: "signed-out" })}
              className={secondaryActionClassName}
            >
              Sign out now
            </button>
          </div>
          {/* Staying signed in to keep unsent text is staying signed in. */}
          <SignOutNotices flow={{ ...signOutNow, stay: () => (signOutNow.stay(), staySignedIn()) }} className="text-red-800" />
        </div>
      )}
    </dialog>
  );
}
