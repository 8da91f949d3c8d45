// The long-running programs `npm run cluster` starts (PostgreSQL, Redis,
// HAProxy, the app instances): each leads a process group of its own, writes
// its output to a log file and its group id to a pid file, so a later start
// finds what a crashed run left behind and stops it before taking the ports.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { open, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";

export interface ClusterProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Whether it has exited (crashed, killed by a test, or stopped). */
  exited: () => boolean;
  /** Signals the leader (which stops its own children), waits up to `graceMs`, then kills the whole group. */
  stop: (signal?: NodeJS.Signals, graceMs?: number) => Promise<void>;
  onExit: (listener: (code: number | null, signal: NodeJS.Signals | null) => void) => void;
}

export interface ClusterProcessOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Runs as this system user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  logFile: string;
  pidFile: string;
  /** Whether a process's command line (from /proc/<pid>/cmdline) is this program's, so a stale pid file never kills a stranger. */
  isOurs: (commandLine: string) => boolean;
}

/** Stops the process group a crashed run left in `pidFile`, if it is still ours, and removes the file. */
export async function stopStale(pidFile: string, isOurs: (commandLine: string) => boolean): Promise<void> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (Number.isInteger(pid) && pid > 0) {
    const commandLine = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0").join(" ");
    if (commandLine && isOurs(commandLine)) {
      signalGroup(pid, "SIGKILL");
      for (let i = 0; i < 50 && existsSync(`/proc/${pid}`); i++) await sleep(100);
    }
  }
  await rm(pidFile, { force: true });
}

export async function startClusterProcess(options: ClusterProcessOptions): Promise<ClusterProcess> {
  await stopStale(options.pidFile, options.isOurs);
  const log = await open(options.logFile, "a");
  await log.write(`\n${new Date().toISOString()} starting ${options.command} ${options.args.join(" ")}\n`);
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", log.fd, log.fd],
    detached: true,
    uid: options.user?.uid,
    gid: options.user?.gid,
  });
  await log.close();
  const pid = child.pid;
  if (!pid) throw new Error(`${options.name} did not start (${options.command}); see ${options.logFile}`);
  await writeFile(options.pidFile, String(pid));

  let exitedAlready = false;
  const listeners: Array<(code: number | null, signal: NodeJS.Signals | null) => void> = [];
  const exit = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exitedAlready = true;
      for (const listener of listeners) listener(code, signal);
      resolve();
    });
  });
  // If the cluster's own process dies without stopping it, its programs must not hold the ports.
  const killOnExit = () => signalGroup(pid, "SIGKILL");
  process.on("exit", killOnExit);

  return {
    name: options.name,
    pid,
    logFile: options.logFile,
    exited: () => exitedAlready,
    onExit: (listener) => listeners.push(listener),
    stop: async (signal = "SIGTERM", graceMs = 10_000) => {
      process.off("exit", killOnExit);
      if (!exitedAlready) {
        try {
          process.kill(pid, signal);
        } catch {
          // Exited meanwhile.
        }
        const done = await Promise.race([exit.then(() => true), sleep(graceMs).then(() => false)]);
        if (!done) {
          signalGroup(pid, "SIGKILL");
          await exit;
        }
      }
      // Whatever the leader left in its group (a child that ignored the signal) goes too.
      signalGroup(pid, "SIGKILL");
      await rm(options.pidFile, { force: true });
    },
  };
}

/** Waits until `ready` resolves true, or throws naming the log to read. */
export async function waitUntil(
  what: string,
  ready: () => Promise<boolean>,
  options: { timeoutMs?: number; process?: ClusterProcess } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (options.process?.exited()) throw new Error(`${what}: the process exited while starting; see ${options.process.logFile}`);
    if (await ready().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} did not become ready in time${options.process ? `; see ${options.process.logFile}` : ""}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function answersTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
