import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { spawnAppServer } from "../../scripts/support/app-process";
import { readE2eServerState } from "./server-state";

export interface AppInstance {
  url: string;
  stop: () => Promise<void>;
}

/**
 * A second instance of the production build beside the e2e server, on the same
 * database, secrets and LiveKit, with its own settings (`env`): a test can run
 * the app configured differently without restarting the suite's server.
 */
export async function startAppInstance(env: Record<string, string>): Promise<AppInstance> {
  const state = await readE2eServerState();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnAppServer(
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
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const stop = () => stopChild(child);
  try {
    await untilHealthy(url, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nIts output:\n${output}`);
  }
  return { url, stop };
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

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
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
