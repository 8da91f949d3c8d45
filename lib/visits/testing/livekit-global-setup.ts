import path from "node:path";
import type { TestProject } from "vitest/node";
import { configuredLiveKit, startLocalLiveKit, type LiveKitEnv } from "../../../scripts/support/livekit-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The LiveKit server the room tests use (the environment's, or one started for this run), or why there is none. */
    liveKit: { env: LiveKitEnv } | { unavailable: string };
  }
}

// Integration tests of the room operations run against a real LiveKit server:
// the one LIVEKIT_URL names, or a local one on its own ports. When it cannot
// start (say, without Go to build it), those tests fail saying why; the tests
// that need only PostgreSQL still run.
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const configured = configuredLiveKit();
  if (configured) {
    project.provide("liveKit", { env: configured });
    return undefined;
  }
  // INTEGRATION_LIVEKIT_PORT moves the three ports (signal, then ICE TCP and UDP above it) for a second run beside this one.
  const port = Number(process.env.INTEGRATION_LIVEKIT_PORT ?? "7970");
  try {
    const server = await startLocalLiveKit({
      ports: { signal: port, tcp: port + 1, udp: port + 2 },
      // Nothing listens here: the room tests check webhooks with signed payloads of their own.
      webhookUrl: "http://127.0.0.1:9/api/livekit/webhook",
      dataDir: path.join(process.cwd(), ".data", `integration-livekit-${port}`),
      log: (message) => console.log(`[livekit] ${message}`),
    });
    project.provide("liveKit", { env: server.env });
    return () => server.stop();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    project.provide("liveKit", {
      unavailable: `The room tests need a LiveKit server: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or let the run start one (npm run livekit:build). Starting one failed: ${reason}`,
    });
    return undefined;
  }
}
