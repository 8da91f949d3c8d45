import { writeFile } from "node:fs/promises";
import path from "node:path";
import { answersTcp, startClusterProcess, waitUntil, type ClusterProcess } from "./processes";

export interface HaproxyOptions {
  dir: string;
  appPort: number;
  appBackends: readonly number[];
  liveKitPort: number;
  liveKitBackends: readonly number[];
  statsPort: number;
}

/**
 * Debian's HAProxy in front of the app instances (round robin, each checked on
 * /api/health) and of the LiveKit nodes (signal over WebSocket and the API), so
 * browsers and a reconnecting client use one URL whichever node answers.
 */
export async function startHaproxy(options: HaproxyOptions): Promise<ClusterProcess> {
  const configFile = path.join(options.dir, "haproxy.cfg");
  await writeFile(configFile, haproxyConfig(options));
  const haproxy = await startClusterProcess({
    name: "HAProxy",
    command: "haproxy",
    // -db: stay in the foreground, so this process is HAProxy's and its log is ours.
    args: ["-db", "-f", configFile],
    logFile: path.join(options.dir, "haproxy.log"),
    pidFile: path.join(options.dir, "haproxy.pid"),
    isOurs: (commandLine) => commandLine.includes("haproxy") && commandLine.includes(configFile),
  });
  await waitUntil("HAProxy", async () => (await answersTcp(options.appPort)) && (await answersTcp(options.liveKitPort)), { process: haproxy });
  return haproxy;
}

export function haproxyConfig(options: HaproxyOptions): string {
  const servers = (prefix: string, ports: readonly number[], check: string) =>
    ports.map((port, index) => `    server ${prefix}${index + 1} 127.0.0.1:${port} ${check}`);
  return [
    "# Written by scripts/support/cluster/haproxy.ts on every `npm run cluster`: change that file, not this one.",
    "global",
    "    maxconn 2000",
    "defaults",
    "    mode http",
    "    timeout connect 2s",
    "    timeout client 60s",
    "    timeout server 60s",
    // A video call's signal WebSocket stays open for the whole visit.
    "    timeout tunnel 1h",
    "    option forwardfor",
    "    log stdout format raw local0",
    "",
    "frontend clinic",
    `    bind 127.0.0.1:${options.appPort}`,
    "    default_backend apps",
    "backend apps",
    "    balance roundrobin",
    // A request to an instance that died is sent to the other one instead of failing.
    "    retries 2",
    "    option redispatch",
    "    option httpchk GET /api/health",
    "    http-check expect status 200",
    ...servers("app", options.appBackends, "check inter 1s fall 2 rise 2"),
    "",
    "frontend livekit",
    `    bind 127.0.0.1:${options.liveKitPort}`,
    "    default_backend livekit_nodes",
    "backend livekit_nodes",
    "    balance roundrobin",
    "    option redispatch",
    // LiveKit answers "OK" on / while it runs.
    "    option httpchk GET /",
    "    http-check expect status 200",
    // A node that stops answering is out within a second, and the signal connections it held are
    // closed at once (a node that is unreachable rather than dead would leave them hanging), so
    // those clients start reconnecting, through this URL, to a node that runs.
    ...servers("livekit", options.liveKitBackends, "check inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions"),
    "",
    "frontend stats",
    `    bind 127.0.0.1:${options.statsPort}`,
    "    stats enable",
    "    stats uri /",
    "",
  ].join("\n");
}
