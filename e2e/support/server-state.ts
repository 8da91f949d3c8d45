import { readFile } from "node:fs/promises";
import { createPrismaClient, type Database } from "../../lib/db/prisma";
import { e2eServerStateFile } from "../../scripts/support/e2e-run";

export interface E2eServerState {
  databaseUrl: string;
  mailDir: string;
  authSecret: string;
  /** The LiveKit server the app uses (local unless LIVEKIT_URL was set); a ws(s):// URL, so http(s):// for RoomServiceClient. */
  livekitUrl: string;
  livekitApiKey: string;
  livekitApiSecret: string;
  /** How far the scheduling clock runs ahead of the real one (E2E_CLOCK); 0 normally. */
  clockOffsetMs: number;
  /** The bearer token GET /api/metrics takes on this server (METRICS_TOKEN), new per run. */
  metricsToken: string;
}

/** What the running e2e server was started with: its database, for asserting on records, and its LiveKit server. */
export async function readE2eServerState(): Promise<E2eServerState> {
  return JSON.parse(await readFile(e2eServerStateFile, "utf8")) as E2eServerState;
}

/**
 * A Prisma client on the e2e server's database, with the server's AUTH_SECRET in
 * this process too, so lib functions that sign or encrypt agree with the server.
 */
export async function connectToE2eDatabase(): Promise<Database> {
  const state = await readE2eServerState();
  process.env.AUTH_SECRET = state.authSecret;
  return createPrismaClient(state.databaseUrl);
}
