import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { spawnAppServer } from "../../scripts/support/app-process";
import { readE2eServerState } from "./server-state";

export interface AppInstance {
  url: string;
  stop: () => Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would: a request in flight gets no answer. */
  kill: () => Promise<void>;
  /** Starts it again at the same address (so the browser's cookies, storage and service worker still apply). */
  restart: () => Promise<void>;
}

/**
 * A second instance of the production build beside the e2e server, on the same
 * database, secrets and LiveKit, with its own settings (`env`): a test can run
 * the app configured differently, or stop and restart it, without touching the
 * suite's server.
 */
export async function startAppInstance(env: Record<string, string>): Promise<AppInstance> {
  const state = await readE2eServerState();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const launch = async () => {
    const started = spawnAppServer(
      {
        mode: "start",
        port,
        host: "127.0.0.1",
        env: {
          DATABASE_URL: state.databaseUrl,
          AUTH_SECRET: state.authSecret,
          LIVEKIT_URL: state.livekitUrl,
          LIVEKIT_API_KEY: state.livekitApiKey,
          LIVEKIT_API_SECRET: state.livekitApiSecret,
          APP_URL: url,
          ...env,
        },
      },
      ["ignore", "pipe", "pipe"],
    );
    child = started;
    let output = "";
    started.stdout!.on("data", (chunk: Buffer) => (output += chunk));
    started.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    try {
      await untilHealthy(url, started);
    } catch (error) {
      await stopChild(started, "SIGTERM");
      throw new Error(`${(error as Error).message}\nIts output:\n${output}`);
    }
  };
  await launch();
  return {
    url,
    stop: () => (child ? stopChild(child, "SIGTERM") : Promise.resolve()),
    kill: () => (child ? stopChild(child, "SIGKILL") : Promise.resolve()),
    restart: async () => {
      if (child) await stopChild(child, "SIGTERM");
      await launch();
    },
  };
}

async function untilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app instance exited with code ${child.exitCode}.`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app instance did not answer ${url}/api/health within 60 seconds.`);
}

function stopChild(child: ChildProcess, signal: "SIGTERM" | "SIGKILL"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
