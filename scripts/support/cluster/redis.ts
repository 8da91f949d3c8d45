import path from "node:path";
import { createConnection } from "node:net";
import { startClusterProcess, waitUntil, type ClusterProcess } from "./processes";

/** Debian's redis-server on loopback, in memory only: LiveKit keeps rooms' routing there, nothing that must outlive the cluster. */
export async function startRedis(options: { port: number; dir: string }): Promise<ClusterProcess> {
  const redis = await startClusterProcess({
    name: "Redis",
    command: "redis-server",
    args: ["--port", String(options.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", options.dir],
    logFile: path.join(options.dir, "redis.log"),
    pidFile: path.join(options.dir, "redis.pid"),
    // Redis rewrites its process title to "redis-server 127.0.0.1:<port>".
    isOurs: (commandLine) => commandLine.includes("redis-server") && commandLine.includes(`:${options.port}`),
  });
  await waitUntil(`Redis on port ${options.port}`, () => redisPing(options.port), { process: redis });
  return redis;
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.setTimeout(1_000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
