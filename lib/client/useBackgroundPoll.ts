"use client";

import { useEffect, useState } from "react";
import { BACKGROUND_POLL_HEADER } from "@/lib/auth/sessions/idle-warning";
import { callApi } from "./api";

/**
 * Asks a JSON endpoint again every `intervalMs` while the page is visible, so a
 * screen follows changes made elsewhere (a patient checking in, a colleague's
 * booking) without a reload. Each app instance reads the database, so this
 * works behind a load balancer. Polls carry the background-poll header: they
 * are not the user's activity and do not hold off the idle sign-out. Stops on
 * 401/403 (the page itself will say the session ended). `refreshKey` asks at
 * once (after the user changed something); `path` null pauses.
 */
export function useBackgroundPoll<T>(path: string | null, intervalMs: number, refreshKey: unknown = null): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ path: string | null; data: T | null; error: string | null }>({ path: null, data: null, error: null });

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const poll = async () => {
      window.clearTimeout(timer);
      if (document.visibilityState === "hidden") return;
      const result = await callApi<T>(path, { signal: controller.signal, headers: { [BACKGROUND_POLL_HEADER]: "1" } }).catch(() => null);
      if (result === null || controller.signal.aborted) return;
      setState((current) => (result.ok ? { path, data: result.data, error: null } : { path, data: current.path === path ? current.data : null, error: result.error }));
      if (result.status === 401 || result.status === 403) return;
      timer = window.setTimeout(() => void poll(), intervalMs);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") void poll();
    };
    void poll();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [path, intervalMs, refreshKey]);

  // What was read for another path (the day before, another physician) is not shown for this one.
  return state.path === path ? { data: state.data, error: state.error } : { data: null, error: null };
}
