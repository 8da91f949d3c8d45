import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "../lib/db/prisma";
import { createScratchDatabase, type ScratchDatabase } from "../lib/db/testing/scratch-database";

// `npm start` itself, as a process: the refusals that keep the demo clinic and
// weak settings out of production (each case must end before anything
// starts); and `npm run dev` stopped as a service manager stops it.

const serveScript = path.join(import.meta.dirname, "serve.ts");
const projectDir = path.dirname(import.meta.dirname);

/** A production environment that passes every check. */
const PRODUCTION = {
  AUTH_SECRET: "k".repeat(32),
  APP_URL: "https://visits.clinic.example",
  SMTP_URL: "smtp://127.0.0.1:1",
  LIVEKIT_URL: "wss://video.clinic.example",
  LIVEKIT_API_KEY: "key",
  LIVEKIT_API_SECRET: "secret",
};

interface Exit {
  code: number | null;
  output: string;
}

/**
 * Runs `npm start`'s script with only `env` (and PATH), in `cwd`, until it exits:
 * an empty folder where nothing should start, so a start that is wrongly let
 * through fails there rather than touch the project's .data/.
 */
function npmStart(env: Record<string, string>, cwd: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", import.meta.resolve("tsx"), serveScript, "start"], {
      cwd,
      // Not even NODE_ENV, which Next's types insist on.
      // tsx finds the `@/` imports through the project's tsconfig from any cwd.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TSX_TSCONFIG_PATH: path.join(projectDir, "tsconfig.json"), ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a start that was not refused goes with all it started.
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    // A start that was not refused would serve until stopped.
    const serving = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 50_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(serving);
      resolve({ code, output });
    });
  });
}

describe("npm start", () => {
  let emptyDir: string;
  beforeAll(async () => {
    emptyDir = await mkdtemp(path.join(tmpdir(), "clinic-start-"));
  });
  afterAll(() => rm(emptyDir, { recursive: true, force: true }));

  it("refuses the embedded database (the demo clinic) unless DEMO=1", async () => {
    // A LiveKit server named, so a start let through does not build and run one.
    const { code, output } = await npmStart({ LIVEKIT_URL: PRODUCTION.LIVEKIT_URL, LIVEKIT_API_KEY: "key", LIVEKIT_API_SECRET: "secret" }, emptyDir);
    expect(output).toContain("npm start without DATABASE_URL would serve the demo clinic");
    expect(code).toBe(1);
  });

  it("refuses a short AUTH_SECRET, a missing APP_URL and ws:// LiveKit to another host, all at once", async () => {
    const env = {
      ...PRODUCTION,
      DATABASE_URL: "postgresql://clinic@127.0.0.1:1/clinic",
      AUTH_SECRET: "too-short",
      APP_URL: "",
      LIVEKIT_URL: "ws://video.clinic.example:7880",
    };
    const { code, output } = await npmStart(env, emptyDir);
    expect(output).toContain("AUTH_SECRET is only 9 bytes");
    expect(output).toContain("APP_URL is not set");
    expect(output).toContain("LIVEKIT_URL is ws:// to video.clinic.example");
    expect(code).toBe(1);
  });

  it("warns about a database reached without TLS", async () => {
    const env = { ...PRODUCTION, DATABASE_URL: "postgresql://clinic@db.clinic.example/clinic", SMTP_URL: "" };
    const { code, output } = await npmStart(env, emptyDir);
    expect(output).toContain("Warning: DATABASE_URL connects to db.clinic.example without TLS");
    expect(code).toBe(1); // Refused for the missing SMTP_URL, before connecting anywhere.
  });

  describe("on a database that holds the demo clinic's accounts", () => {
    const databaseUrl = inject("databaseUrl");
    const demoEmail = "maya.lee@demo.clinic";
    beforeAll(async () => {
      const db = createPrismaClient(databaseUrl);
      await db.user.create({ data: { email: demoEmail, name: "Maya Lee", role: "PHYSICIAN" } });
      await db.$disconnect();
    });
    afterAll(async () => {
      const db = createPrismaClient(databaseUrl);
      await db.user.deleteMany({ where: { email: demoEmail } });
      await db.$disconnect();
    });

    it("refuses to serve it as a real clinic", async () => {
      const { code, output } = await npmStart({ ...PRODUCTION, DATABASE_URL: databaseUrl }, projectDir);
      expect(output).toContain("holds the demo clinic's accounts");
      expect(code).toBe(1);
    });
  });
});

describe("npm run dev, stopped by signalling the npm process", () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  });
  afterAll(() => database.drop());

  it("finishes the request in flight, then stops the app server, the worker and LiveKit, and exits 0", { timeout: 180_000 }, async () => {
    const [port, liveKitPort] = [await freePorts(1), await freePorts(3)];
    // npm itself, as a terminal or a service manager starts it, in its own process group so nothing outlives the test.
    const npm = spawn("npm", ["run", "--silent", "dev"], {
      cwd: projectDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: database.migrationUrl,
        AUTH_SECRET: "k".repeat(32),
        SMTP_URL: "smtp://127.0.0.1:1",
        PORT: String(port),
        LOCAL_LIVEKIT_PORT: String(liveKitPort),
        NEXT_TELEMETRY_DISABLED: "1",
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    npm.stdout.on("data", (chunk: Buffer) => (output += chunk));
    npm.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => npm.on("exit", (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    try {
      await expect.poll(() => fetch(`${base}/api/ready`).then((response) => response.status, () => 0), { timeout: 150_000, interval: 500 }).toBe(200);
      const tree = descendantsOf(npm.pid!);
      const liveKit = tree.filter((pid) => commandOf(pid).includes("livekit.yaml"));
      expect(liveKit, output).toHaveLength(1);
      expect(tree.filter((pid) => commandOf(pid).includes("app-server.ts")), output).toHaveLength(1);

      // A webhook whose body is still arriving when the signal comes: the route reads the whole body first
      // (answered once it is sent: unsigned, so 401). Its route is compiled by a first, whole one.
      expect((await webhook(port, async (send) => send("{}"))).status).toBe(401);
      let signalled!: () => void;
      const signalSent = new Promise<void>((resolve) => (signalled = resolve));
      const inFlight = webhook(port, async (send) => {
        send('{"event":');
        await signalSent;
        // Meanwhile the instance takes no new connection.
        await expect(fetch(`${base}/api/ready`)).rejects.toThrow();
        send('"room_started"}');
      });
      await sleep(1_000);
      process.kill(npm.pid!, "SIGTERM");
      await sleep(1_000);
      signalled();

      expect(await inFlight).toEqual({ status: 401, connection: "close" });
      expect(await exited, output).toBe(0);
      expect(output).toMatch(/"inFlight":1,"msg":"stopping/);
      expect(output).toContain("Stopped: the app server, the reminder worker, LiveKit, the image archive and the local services");
      expect(tree.filter(isRunning).map(commandOf), output).toEqual([]);
    } finally {
      if (npm.exitCode === null) process.kill(-npm.pid!, "SIGKILL");
    }
  });
});

/** POSTs to the LiveKit webhook, writing its body in parts through `write`. */
function webhook(port: number, write: (send: (part: string) => void) => Promise<void>): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: "127.0.0.1", port, method: "POST", path: "/api/livekit/webhook", headers: { "content-type": "application/webhook+json" }, agent: false },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode!, connection: response.headers.connection }));
      },
    );
    request.on("error", reject);
    write((part) => request.write(part)).then(() => request.end(), reject);
  });
}

/** Every process below `pid`, read from /proc. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    // "pid (comm) state ppid …": comm may hold spaces, so parse after its ")".
    if (stat) parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 1).trim().split(" ")[1]));
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, itsParent] of parents) {
      if (itsParent === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** Still running: not gone, and not a zombie (exited, waiting for whichever process inherited it to reap it). */
function isRunning(pid: number): boolean {
  const stat = readProc(`/proc/${pid}/stat`);
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 1).trim()[0] !== "Z";
}

function commandOf(pid: number): string {
  return readProc(`/proc/${pid}/cmdline`).split("\0").join(" ");
}

/** A /proc file's text, or "" once its process is gone. */
function readProc(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** `count` consecutive free loopback ports (TCP and UDP), the first returned. */
async function freePorts(count: number): Promise<number> {
  for (;;) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Array.from({ length: count }, (_, index) => first + index);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return first;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, exclusive: true }, () => {
      const socket = createSocket("udp4");
      socket.once("error", () => server.close(() => resolve(false)));
      socket.bind(port, () => socket.close(() => server.close(() => resolve(true))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
