import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "../lib/db/prisma";

// `npm start` itself, as a process: the refusals that keep the demo clinic and
// weak settings out of production. Each case must end before anything starts.

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
