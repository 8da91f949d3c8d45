// Where `npm run cluster` puts everything on this machine: one place for its
// ports and files, read by scripts/cluster.ts and by the cluster test suite.
import { readFile } from "node:fs/promises";
import path from "node:path";

export const CLUSTER_DIR = path.join(process.cwd(), ".data", "cluster");
/** Written once every part answers, removed on a clean stop: what the tests and operators read. */
export const CLUSTER_STATE_FILE = path.join(CLUSTER_DIR, "state.json");

/** All on 127.0.0.1. LiveKit's ICE ports are open on every interface, as LiveKit does. */
export const CLUSTER_PORTS = {
  /** HAProxy: the clinic's address, round robin over the app instances. */
  app: 4100,
  apps: [4101, 4102],
  /** HAProxy: LiveKit's one URL for every client (signal and API), over both nodes. */
  liveKit: 4109,
  liveKitNodes: [
    { signal: 4110, tcp: 4120, udp: 4121 },
    { signal: 4111, tcp: 4130, udp: 4131 },
  ],
  /** HAProxy's statistics page. */
  haproxyStats: 4108,
  redis: 4150,
  postgres: 4160,
  /** The mail catcher every app instance sends through. */
  smtp: 4170,
} as const;

export interface ClusterState {
  /** The load balancer's address: what a clinic's users open. */
  url: string;
  apps: Array<{ name: string; url: string; pid: number }>;
  liveKit: {
    url: string;
    apiKey: string;
    apiSecret: string;
    nodes: Array<{ name: string; url: string; nodeId: string; pid: number; logFile: string }>;
  };
  redis: string;
  /** The app's runtime role (DATABASE_URL) and the owner, which migrates. */
  databaseUrl: string;
  /** PostgreSQL's server process (the cluster starts it again when it stops). */
  databasePid: number;
  migrationDatabaseUrl: string;
  authSecret: string;
  mailDir: string;
  /** The cluster's own process: SIGTERM or SIGINT stops everything. */
  pid: number;
}

export async function readClusterState(): Promise<ClusterState | null> {
  try {
    return JSON.parse(await readFile(CLUSTER_STATE_FILE, "utf8")) as ClusterState;
  } catch {
    return null;
  }
}
