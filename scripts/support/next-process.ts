import { spawn } from "node:child_process";
import { createRequire } from "node:module";

/**
 * Runs `next dev|start` as a child with the given database, passes Ctrl-C and
 * SIGTERM on to it, and calls `cleanup` (stopping the embedded database) once
 * it exits, exiting with its code.
 */
export function runNext(
  mode: "dev" | "start",
  args: string[],
  env: Record<string, string>,
  cleanup: () => Promise<void>,
): void {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const next = spawn(process.execPath, [nextBin, mode, ...args], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => next.kill(signal));
  }
  next.on("exit", async (code, signal) => {
    await cleanup();
    process.exit(code ?? (signal ? 1 : 0));
  });
}
