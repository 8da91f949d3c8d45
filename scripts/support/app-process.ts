import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

export interface AppServerOptions {
  mode: "dev" | "start";
  port: number;
  /** The interface to listen on; every interface when absent. */
  host?: string;
  /** Added to this process's environment: the database, secrets, LiveKit, TRUSTED_PROXY_HOPS… */
  env: Record<string, string>;
  /** Lead its own process group, so a harness can stop it and whatever it started together. */
  detached?: boolean;
  /** A file that gets a copy of everything the server prints (its JSON log), besides this process's output. */
  logFile?: string;
  /** Flags for the server's Node (e.g. --cpu-prof, which Node refuses in NODE_OPTIONS). */
  nodeFlags?: string[];
}

const appServerEntry = path.join(import.meta.dirname, "app-server.ts");

/**
 * Starts the app server (app-server.ts) as a child on this process's Node, so
 * whatever Node npm chose for the launcher (the pinned 24) serves the app too.
 * The child never gets the react-server condition the launchers run under.
 */
export function spawnAppServer(options: AppServerOptions, stdio: StdioOptions = "inherit"): ChildProcess {
  return spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", import.meta.resolve("tsx"), appServerEntry, options.mode], {
    stdio,
    detached: options.detached ?? false,
    env: {
      ...process.env,
      NODE_OPTIONS: withoutReactServerCondition(process.env.NODE_OPTIONS),
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
      PORT: String(options.port),
      HOST: options.host ?? "",
    },
  });
}

/**
 * Runs the app server until it exits, passing Ctrl-C and SIGTERM on to it (it
 * finishes its requests in flight, then exits 0), then calls `cleanup`
 * (stopping the worker, the embedded database, LiveKit and local services) and
 * exits with its code.
 */
export function runAppServer(options: AppServerOptions, cleanup: () => Promise<void>): void {
  const server = spawnAppServer(options, options.logFile ? ["inherit", "pipe", "pipe"] : "inherit");
  if (options.logFile) {
    const copy = createWriteStream(options.logFile, { flags: "a" });
    server.stdout!.on("data", (chunk: Buffer) => (copy.write(chunk), process.stdout.write(chunk)));
    server.stderr!.on("data", (chunk: Buffer) => (copy.write(chunk), process.stderr.write(chunk)));
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on("exit", async (code, signal) => {
    await cleanup();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function withoutReactServerCondition(nodeOptions = ""): string {
  return nodeOptions.replace(/(?:--conditions[= ]|-C ?)react-server\b/g, "").trim();
}
