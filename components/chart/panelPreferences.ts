import { useCallback, useSyncExternalStore } from "react";
import { CHART_WIDTH, parseStoredChartWidth } from "./panelWidth";

// The chart panel's width and whether it is hidden, remembered on this device
// (localStorage; layout only, nothing about the patient). Read through
// useSyncExternalStore, so the server render and the first client render use
// the defaults and the stored values follow without a hydration mismatch.

const WIDTH_KEY = "chart-panel:width";
/** The width when the note is beside the chart (wide screens): a split of its own. */
const WIDTH_BESIDE_NOTE_KEY = "chart-panel:width-beside-note";
const HIDDEN_KEY = "chart-panel:hidden";

const listeners = new Set<() => void>();
/** Preferences set while storage is unavailable, for the life of the page. */
const memory = new Map<string, string>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled: the defaults apply
  }
}

function write(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage disabled or full: the preference lasts until the page closes.
    memory.set(key, value);
  }
  for (const listener of listeners) listener();
}

function stored(key: string): string | null {
  return memory.get(key) ?? read(key);
}

export function useChartPanelPreferences(noteBeside: boolean): {
  width: number;
  hidden: boolean;
  setWidth: (percent: number) => void;
  setHidden: (hidden: boolean) => void;
} {
  const widthKey = noteBeside ? WIDTH_BESIDE_NOTE_KEY : WIDTH_KEY;
  const initial = noteBeside ? CHART_WIDTH.initialBesideNote : CHART_WIDTH.initial;
  const width = useSyncExternalStore(
    subscribe,
    () => parseStoredChartWidth(stored(widthKey), initial),
    () => initial,
  );
  const hidden = useSyncExternalStore(
    subscribe,
    () => stored(HIDDEN_KEY) === "true",
    () => false,
  );
  const setWidth = useCallback((percent: number) => write(widthKey, String(percent)), [widthKey]);
  const setHidden = useCallback((value: boolean) => write(HIDDEN_KEY, String(value)), []);
  return { width, hidden, setWidth, setHidden };
}
