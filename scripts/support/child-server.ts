// What the local servers the app starts beside itself (LiveKit, Orthanc) share:
// run the binary with its output in a log file begun afresh, note its pid, make
// sure it never outlives this process, and clear away one a killed run left.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { open, readFile, rm, writeFile } from "node:fs/promises";

export interface ChildServer {
  /** The server's process id (a test kills it with SIGKILL to see a node die). */
  pid: number;
  /** Whether the server has exited (or never started). */
  exited: () => boolean;
  /**
   * Ends the server with `terminate` (SIGTERM, then SIGKILL after 5 s, unless
   * the server needs more), then removes its pid file.
   */
  stop: () => Promise<void>;
}

/**
 * Spawns `binary` with its output in `logFile` (rewritten, after `header`),
 * writing "<pid> <our pid>" to `pidFile` for stopOrphan.
 */
export async function spawnChildServer(
  binary: string,
  args: readonly string[],
  options: { logFile: string; pidFile: string; header: string; terminate?: (child: ChildProcess, exit: Promise<void>) => Promise<void> },
): Promise<ChildServer> {
  // Each start begins a new log, so the lines shown when it fails are this start's.
  const logHandle = await open(options.logFile, "w");
  await logHandle.write(`${new Date().toISOString()} ${options.header}\n`);
  const child = spawn(binary, args, { stdio: ["ignore", logHandle.fd, logHandle.fd] });
  await logHandle.close();
  if (child.pid) await writeFile(options.pidFile, `${child.pid} ${process.pid}`);

  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on("exit", () => {
      exited = true;
      resolve();
    });
    child.on("error", () => {
      exited = true;
      resolve();
    });
  });
  // A last resort when the caller exits without stopping it (process.exit in
  // an error path): the server must not outlive us and hold the ports.
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);

  return {
    pid: child.pid ?? 0,
    exited: () => exited,
    stop: async () => {
      process.off("exit", killOnExit);
      if (!exited) await (options.terminate ?? terminateWithin5s)(child, exit);
      await rm(options.pidFile, { force: true });
    },
  };
}

async function terminateWithin5s(child: ChildProcess, exit: Promise<void>): Promise<void> {
  child.kill("SIGTERM");
  const exitedInTime = await Promise.race([exit.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
  if (!exitedInTime) child.kill("SIGKILL");
  await exit;
}

/**
 * A server a previous run left behind (its parent was SIGKILLed, so it was
 * reparented) still holds our ports. It is ours only if it runs our binary with
 * our config file; one whose parent still runs belongs to a live dev server.
 */
export async function stopOrphan(pidFile: string, binary: string, configFile: string): Promise<void> {
  const [pid, parentPid] = (await readFile(pidFile, "utf8").catch(() => "")).trim().split(/\s+/).map(Number);
  if (!pid || !Number.isInteger(pid) || pid <= 0) return;
  const commandLine = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0");
  if (commandLine[0] === binary && commandLine.includes(configFile)) {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so parse after its ")".
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const currentParent = Number(stat.slice(stat.lastIndexOf(")") + 1).trim().split(" ")[1]);
    if (currentParent === parentPid) return;
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 50 && existsSync(`/proc/${pid}`); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await rm(pidFile, { force: true });
}

/** The last `count` lines of a server's log, for the message when it failed to start. */
export async function lastLines(file: string, count: number): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-count).join("\n") || "(empty)";
}
