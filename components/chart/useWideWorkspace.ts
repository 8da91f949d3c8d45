"use client";

import { useSyncExternalStore } from "react";

/** Tailwind's xl: from here the visit page puts the note beside the chart instead of in a tab. */
const WIDE_WORKSPACE = "(min-width: 1280px)";

function subscribe(onChange: () => void) {
  const query = window.matchMedia(WIDE_WORKSPACE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Whether the screen is wide enough for the call, the chart and the note side by side (false while server rendering). */
export function useWideWorkspace(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(WIDE_WORKSPACE).matches,
    () => false,
  );
}
