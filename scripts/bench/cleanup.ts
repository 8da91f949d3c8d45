// Everything the benchmark starts (the app, LiveKit, the mail catcher, the
// browser, the scratch database) registers how to stop it here; it is stopped
// in reverse order on success, on failure and on Ctrl-C.

type Step = { name: string; run: () => Promise<void> };

const steps: Step[] = [];
let running: Promise<void> | null = null;
let interrupted = false;

/** True once Ctrl-C or SIGTERM arrived: measurements stop starting new work. */
export function isInterrupted(): boolean {
  return interrupted;
}

export function onCleanup(name: string, run: () => Promise<void>): () => void {
  const step = { name, run };
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index !== -1) steps.splice(index, 1);
  };
}

export function cleanUp(log: (message: string) => void): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await withTimeout(step.run(), 20_000, step.name);
      } catch (error) {
        log(`Cleanup of ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return running;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} did not stop within ${timeoutMs / 1000} s`)), timeoutMs);
    }),
  ]);
}

/**
 * Ctrl-C and SIGTERM stop everything that was started, then exit. A second
 * Ctrl-C at least 3 s later exits at once; sooner ones are ignored, because
 * one Ctrl-C arrives twice: from the terminal, and relayed by tsx's parent
 * process (which sends it again when the first was not acknowledged in time).
 */
export function cleanUpOnSignals(log: (message: string) => void): void {
  let interruptedAt: number | null = null;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (interruptedAt !== null) {
        if (Date.now() - interruptedAt >= 3_000) process.exit(130);
        return;
      }
      interruptedAt = Date.now();
      interrupted = true;
      log(`${signal}: stopping everything the benchmark started…`);
      void cleanUp(log).finally(() => process.exit(130));
    });
  }
}
