import { spawn } from "node:child_process";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { CLUSTER_DIR, readClusterState, type ClusterState } from "../scripts/support/cluster/layout";

const STARTUP_TIMEOUT_MS = 10 * 60_000;

/** Whether the cluster a state file describes is still running (its own process answers). */
async function running(state: ClusterState | null): Promise<boolean> {
  if (!state) return false;
  try {
    process.kill(state.pid, 0);
    return (await fetch(`${state.url}/api/health`)).ok;
  } catch {
    return false;
  }
}

/**
 * Uses the cluster `npm run cluster` is running, or starts one (its output in
 * .data/cluster/cluster.log) and stops it when the run ends.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  const current = await readClusterState();
  if (current && (await running(current))) {
    // The failover test kills a LiveKit node, which the cluster does not start again.
    const nodesUp = await Promise.all(current.liveKit.nodes.map((node) => fetch(node.url.replace(/^ws/, "http")).then((response) => response.ok, () => false)));
    if (nodesUp.includes(false)) {
      throw new Error(`The running cluster has lost a LiveKit node (an earlier run's failover test): restart it (kill -TERM ${current.pid}, then npm run cluster), or stop it and let this run start one.`);
    }
    console.log("[test:cluster] Using the cluster that is running (npm run cluster)");
    return undefined;
  }
  console.log(`[test:cluster] Starting the cluster; its output goes to ${path.join(CLUSTER_DIR, "cluster.log")}`);
  await mkdir(CLUSTER_DIR, { recursive: true });
  const log = await open(path.join(CLUSTER_DIR, "cluster.log"), "w");
  const cluster = spawn(process.execPath, ["--conditions=react-server", "--import", import.meta.resolve("tsx"), path.join(process.cwd(), "scripts", "cluster.ts")], {
    stdio: ["ignore", log.fd, log.fd],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  await log.close();
  const exited = new Promise<number | null>((resolve) => cluster.on("exit", (code) => resolve(code)));
  let stoppedEarly: number | null | undefined;
  void exited.then((code) => (stoppedEarly = code));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await running(await readClusterState()))) {
    if (stoppedEarly !== undefined) throw new Error(`The cluster did not start (exit code ${stoppedEarly}); see ${path.join(CLUSTER_DIR, "cluster.log")}`);
    if (Date.now() > deadline) {
      cluster.kill("SIGTERM");
      throw new Error(`The cluster did not start within ${STARTUP_TIMEOUT_MS / 60_000} minutes; see ${path.join(CLUSTER_DIR, "cluster.log")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return async () => {
    cluster.kill("SIGTERM");
    await exited;
  };
}
