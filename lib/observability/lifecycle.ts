// Not `server-only`: the app server (scripts/support/app-server.ts) drives it
// outside Next's react-server build; the readiness route and the database
// client (in Next's bundle, same process) read and register through globalThis.

interface Lifecycle {
  draining: boolean;
  closers: Array<() => Promise<void>>;
}

const LIFECYCLE = Symbol.for("clinic.observability.lifecycle");
const globalWithLifecycle = globalThis as typeof globalThis & { [LIFECYCLE]?: Lifecycle };
const state = (globalWithLifecycle[LIFECYCLE] ??= { draining: false, closers: [] });

/** True once the instance was asked to stop: readiness answers 503 from then on. */
export function isDraining(): boolean {
  return state.draining;
}

export function startDraining(): void {
  state.draining = true;
}

/** Something to close after the last request was answered (the database pool). */
export function onShutdown(close: () => Promise<void>): void {
  state.closers.push(close);
}

export async function runShutdownClosers(): Promise<void> {
  await Promise.allSettled(state.closers.splice(0).map((close) => close()));
}
