// A real LiveKit server on this machine for `npm run dev`, `npm start` on the
// embedded database, and the e2e server: the binary is built once from source
// with Go into .cache/livekit/ (no Docker, no downloaded release binaries), then
// each start writes a config file, runs it on loopback and waits until it answers.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { lastLines, spawnChildServer, stopOrphan } from "./child-server";

const run = promisify(execFile);

/** The server release we build; bumping it rebuilds the cached binary on the next start. */
export const LIVEKIT_SERVER_VERSION = "1.13.5";
/** livekit-server's go.mod asks for this Go; older Go (1.21+) downloads it itself as a Go module. */
const GO_REQUIRED = "1.26";
const GO_MINIMUM_WITH_TOOLCHAIN_SWITCH = "1.21";

export const liveKitBinaryPath = path.join(process.cwd(), ".cache", "livekit", "server");

export interface LiveKitEnv {
  LIVEKIT_URL: string;
  LIVEKIT_API_KEY: string;
  LIVEKIT_API_SECRET: string;
}

export interface LocalLiveKit {
  env: LiveKitEnv;
  /** The server's process, e.g. for a test that kills a node of a cluster. */
  pid: number;
  /** Where the server's own output goes (it is noisy; the console stays readable). Rewritten on each start. */
  logFile: string;
  stop: () => Promise<void>;
}

export interface LocalLiveKitOptions {
  ports: { signal: number; tcp: number; udp: number };
  /** Where LiveKit posts room and participant events, signed with the API key. */
  webhookUrl: string;
  /** Holds livekit.yaml, livekit.log and livekit.pid. */
  dataDir: string;
  log: (message: string) => void;
  apiKey?: string;
  /** Defaults to 32 random bytes, new on each start. */
  apiSecret?: string;
  /**
   * Makes the server a node of a multi-node cluster: nodes sharing this Redis
   * (host:port) share the rooms' state and relay a participant's signal to the
   * node hosting the room. A node refuses to start while Redis does not answer.
   */
  redis?: { address: string };
}

/** A problem the user can fix; callers print the message alone, without a stack. */
export class LiveKitSetupError extends Error {
  override name = "LiveKitSetupError";
}

const HOSTED_HINT =
  "or set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET to use LiveKit Cloud or a self-hosted LiveKit server";

/**
 * The LiveKit server configured in the environment (LiveKit Cloud or self-hosted),
 * or null when none is, so the caller starts a local one. A partial configuration
 * is an error rather than silently replaced by a local server.
 */
export function configuredLiveKit(env: NodeJS.ProcessEnv = process.env): LiveKitEnv | null {
  const names = ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length === names.length) return null;
  if (missing.length > 0) {
    throw new LiveKitSetupError(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: a LiveKit server in the environment needs ` +
        "all of LIVEKIT_URL (ws:// or wss://), LIVEKIT_API_KEY and LIVEKIT_API_SECRET. Unset all three to run a local LiveKit server instead.",
    );
  }
  const url = env.LIVEKIT_URL!;
  if (!/^(wss?|https?):\/\//.test(url)) {
    throw new LiveKitSetupError(`LIVEKIT_URL must be a ws://, wss://, http:// or https:// URL (it is "${url}").`);
  }
  return { LIVEKIT_URL: url, LIVEKIT_API_KEY: env.LIVEKIT_API_KEY!, LIVEKIT_API_SECRET: env.LIVEKIT_API_SECRET! };
}

/**
 * The path of a LiveKit server binary of LIVEKIT_SERVER_VERSION, building it with
 * `go install` when it is missing or another version (a few minutes, once).
 */
export async function ensureLiveKitBinary(log: (message: string) => void): Promise<string> {
  if ((await binaryVersion(liveKitBinaryPath)) === LIVEKIT_SERVER_VERSION) return liveKitBinaryPath;

  const go = await findGo();
  log(`Building the LiveKit server ${LIVEKIT_SERVER_VERSION} with Go ${go.version} (first run only, a few minutes)…`);
  const cacheDir = path.dirname(liveKitBinaryPath);
  await mkdir(cacheDir, { recursive: true });
  // Built into a directory of its own and renamed into place, so an interrupted
  // build, or two starts building at once, never leave a half-written binary.
  const gobin = await mkdtemp(path.join(cacheDir, "build-"));
  try {
    const started = Date.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(go.path, ["install", `github.com/livekit/livekit-server/cmd/server@v${LIVEKIT_SERVER_VERSION}`], {
        stdio: ["ignore", "inherit", "inherit"],
        // auto: a Go older than the one livekit-server's go.mod asks for fetches that toolchain.
        env: { ...process.env, GOBIN: gobin, GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "auto" },
      });
      child.on("error", reject);
      child.on("exit", (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      throw new LiveKitSetupError(
        `Building the LiveKit server failed (go install exited with ${code}; its output is above). ` +
          `It needs Go ${GO_REQUIRED} or newer and access to the Go module proxy, ${HOSTED_HINT}.`,
      );
    }
    await rename(path.join(gobin, "server"), liveKitBinaryPath);
    log(`Built the LiveKit server in ${Math.round((Date.now() - started) / 1000)} s: ${liveKitBinaryPath}`);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
  const built = await binaryVersion(liveKitBinaryPath);
  if (built !== LIVEKIT_SERVER_VERSION) {
    throw new LiveKitSetupError(`The LiveKit server built at ${liveKitBinaryPath} reports version ${built ?? "nothing"}, not ${LIVEKIT_SERVER_VERSION}.`);
  }
  return liveKitBinaryPath;
}

/**
 * Starts a LiveKit server on 127.0.0.1 with the given ports and resolves once it
 * answers HTTP. It is stopped by `stop()` and, failing that, when this process exits.
 */
export async function startLocalLiveKit(options: LocalLiveKitOptions): Promise<LocalLiveKit> {
  const { ports, webhookUrl, dataDir, log } = options;
  const apiKey = options.apiKey ?? "devkey";
  const apiSecret = options.apiSecret ?? randomBytes(32).toString("base64url");
  const binary = await ensureLiveKitBinary(log);

  await mkdir(dataDir, { recursive: true });
  const configFile = path.join(dataDir, "livekit.yaml");
  const logFile = path.join(dataDir, "livekit.log");
  const pidFile = path.join(dataDir, "livekit.pid");
  await stopOrphan(pidFile, binary, configFile);
  await assertPortsFree(ports);

  await writeFile(configFile, liveKitConfig({ ports, webhookUrl, apiKey, apiSecret, redis: options.redis }), { mode: 0o600 });
  const { pid, exited, stop } = await spawnChildServer(binary, ["--config", configFile, "--bind", "127.0.0.1", "--node-ip", "127.0.0.1"], {
    logFile,
    pidFile,
    header: `starting LiveKit ${LIVEKIT_SERVER_VERSION} on port ${ports.signal}`,
    terminate,
  });

  try {
    await waitUntilAnswering(ports.signal, exited);
  } catch (error) {
    await stop();
    const tail = await lastLines(logFile, 15);
    throw new LiveKitSetupError(`${error instanceof Error ? error.message : error}\nLast lines of ${logFile}:\n${tail}`);
  }

  log(`LiveKit server on ws://127.0.0.1:${ports.signal} (ICE TCP ${ports.tcp}, UDP ${ports.udp}); its log is ${logFile}`);
  return {
    env: { LIVEKIT_URL: `ws://127.0.0.1:${ports.signal}`, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret },
    pid,
    logFile,
    stop,
  };
}

/** livekit-server's YAML config (keys as in its config-sample.yaml); JSON strings are valid YAML scalars. */
function liveKitConfig(options: {
  ports: LocalLiveKitOptions["ports"];
  webhookUrl: string;
  apiKey: string;
  apiSecret: string;
  redis?: LocalLiveKitOptions["redis"];
}): string {
  const q = (value: string) => JSON.stringify(value);
  return [
    "# Written by scripts/support/livekit-server.ts on every start: change that file, not this one.",
    `port: ${options.ports.signal}`,
    "rtc:",
    `  tcp_port: ${options.ports.tcp}`,
    // One UDP port (a mux) instead of a range, so a run needs three known ports.
    `  udp_port: ${options.ports.udp}`,
    // Browser and server share this machine: no STUN lookup of a public address.
    "  use_external_ip: false",
    "  enable_loopback_candidate: true",
    // A subscriber's first picture waits for a keyframe, and LiveKit forwards a keyframe request to
    // the publisher at most once per throttle window (1 s by default for 640x480). When the
    // physician subscribes just after the admitted patient's first keyframe went out, that window
    // was most of the time to video's p95 (BENCHMARKS.md, Findings). 200 ms keeps a lossy link
    // from asking for more than five keyframes a second.
    "  pli_throttle:",
    "    low_quality: 200ms",
    "    mid_quality: 200ms",
    "    high_quality: 200ms",
    // The app opens a visit's room when it issues the first token and never after the visit ended;
    // a join, even with a token that has not expired, creates nothing.
    "room:",
    "  auto_create: false",
    "keys:",
    `  ${q(options.apiKey)}: ${q(options.apiSecret)}`,
    "webhook:",
    `  api_key: ${q(options.apiKey)}`,
    "  urls:",
    `    - ${q(options.webhookUrl)}`,
    ...(options.redis
      ? [
          "redis:",
          `  address: ${q(options.redis.address)}`,
          // A participant whose signal reaches this node for a room on another is relayed there.
          // When that node dies, the relay keeps retrying each message for 7.5 s by default before
          // it closes the participant's signal, which is what starts their reconnection: with the
          // 5 s between the client's pings, 12.5 s of a frozen call before anything happens.
          // Nodes on one network answer in milliseconds; give up after 1.5 s.
          "signal_relay:",
          "  retry_timeout: 1500ms",
          "  min_retry_interval: 250ms",
          "  max_retry_interval: 500ms",
        ]
      : []),
    "logging:",
    "  level: info",
    "  pion_level: warn",
    "",
  ].join("\n");
}

async function binaryVersion(binary: string): Promise<string | null> {
  if (!existsSync(binary)) return null;
  try {
    const { stdout } = await run(binary, ["--version"], { timeout: 10_000 });
    return /version\s+(\S+)/.exec(stdout)?.[1] ?? null;
  } catch {
    return null;
  }
}

async function findGo(): Promise<{ path: string; version: string }> {
  let tooOld: string | null = null;
  for (const candidate of ["go", "/usr/local/go/bin/go"]) {
    const version = await run(candidate, ["env", "GOVERSION"], { timeout: 30_000 }).then(
      ({ stdout }) => stdout.trim().replace(/^go/, ""),
      () => null,
    );
    if (!version) continue;
    if (compareVersions(version, GO_MINIMUM_WITH_TOOLCHAIN_SWITCH) >= 0) return { path: candidate, version };
    tooOld ??= `Go ${version} (${candidate})`;
  }
  throw new LiveKitSetupError(
    `The local LiveKit server (${liveKitBinaryPath}) is not built yet, and building it needs Go, ` +
      (tooOld ? `but ${tooOld} is too old` : "which was not found (neither on PATH nor at /usr/local/go/bin/go)") +
      `. Install Go ${GO_REQUIRED} or newer (https://go.dev/dl/), ${HOSTED_HINT}.`,
  );
}

/** Compares dotted versions like "1.26.8" and "1.21" numerically (pre-release suffixes ignored). */
function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[^0-9]+/).filter(Boolean).map(Number);
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

async function assertPortsFree(ports: LocalLiveKitOptions["ports"]): Promise<void> {
  const checks: Array<[number, string, () => Promise<void>]> = [
    [ports.signal, "signal, HTTP and WebSocket", () => listenTcp(ports.signal, "127.0.0.1")],
    // LiveKit listens for ICE over TCP and UDP on every interface.
    [ports.tcp, "ICE over TCP", () => listenTcp(ports.tcp)],
    [ports.udp, "ICE over UDP", () => bindUdp(ports.udp)],
  ];
  for (const [port, purpose, check] of checks) {
    try {
      await check();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new LiveKitSetupError(
        code === "EADDRINUSE"
          ? `Port ${port} (LiveKit ${purpose}) is already in use: is another dev or e2e server running? ` +
              `Stop it, or use a LiveKit server elsewhere by setting LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.`
          : `Cannot use port ${port} for LiveKit ${purpose}: ${(error as Error).message}`,
      );
    }
  }
}

function listenTcp(port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

function bindUdp(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, () => socket.close(() => resolve()));
  });
}

async function waitUntilAnswering(port: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("The LiveKit server exited while starting.");
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok && (await response.text()).trim() === "OK") return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`The LiveKit server did not answer on http://127.0.0.1:${port}/ within 30 seconds.`);
}

/**
 * SIGTERM makes LiveKit drain: it waits for participants to leave (forever, with
 * a browser still connected), so after a grace period a second signal forces it.
 */
async function terminate(child: ChildProcess, exit: Promise<void>): Promise<void> {
  const exitedWithin = (ms: number) => Promise.race([exit.then(() => true), sleep(ms).then(() => false)]);
  child.kill("SIGTERM");
  if (await exitedWithin(2_000)) return;
  child.kill("SIGTERM");
  if (await exitedWithin(3_000)) return;
  child.kill("SIGKILL");
  await exit;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The LiveKit server a test or benchmark run uses: the hosted one LIVEKIT_URL
 * names, or a local one with its signal port at `basePort` (ICE/TCP and UDP on
 * the next two) and a fresh API secret, posting its webhook to the app.
 */
export async function liveKitForRun(options: {
  basePort: number;
  appUrl: string;
  dataDir: string;
  log: (message: string) => void;
}): Promise<{ env: LiveKitEnv; version: string; stop: () => Promise<void> }> {
  const webhookUrl = `${options.appUrl}/api/livekit/webhook`;
  const hosted = configuredLiveKit();
  if (hosted) {
    // A hosted server cannot reach this machine's webhook URL unless it is exposed.
    options.log(`Using the LiveKit server at ${hosted.LIVEKIT_URL}; its webhook must reach ${webhookUrl}`);
    return { env: hosted, version: "hosted (LIVEKIT_URL)", stop: async () => {} };
  }
  const { basePort } = options;
  const local = await startLocalLiveKit({
    ports: { signal: basePort, tcp: basePort + 1, udp: basePort + 2 },
    webhookUrl,
    dataDir: options.dataDir,
    log: options.log,
  });
  return { env: local.env, version: LIVEKIT_SERVER_VERSION, stop: local.stop };
}
