// What `npm run dev` and `npm start` refuse to start with, and what they warn
// about, decided from the environment alone before anything starts. Pure, so
// every condition has a unit test (start-checks.test.ts).
import { E2E_CLOCK_OFFSET_VARIABLE } from "../../lib/scheduling/clock";
import { ClientAddressSettingError, isLoopbackAddress, normalizedAddress, trustedProxyHops } from "../../lib/auth/client-address";

export type LaunchMode = "dev" | "start";
/** process.env, or a test's own. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface StartChecks {
  /** Each is a reason not to start, written for the person who has to fix it. */
  refusals: string[];
  warnings: string[];
}

/** package.json's engines; Node 20 reached end of life on 2026-04-30. */
const MINIMUM_NODE = [22, 18] as const;
/** Auth.js signs sessions and we encrypt TOTP secrets with it: 256 bits, like `openssl rand -base64 32`. */
export const MIN_AUTH_SECRET_BYTES = 32;

/** A setting a server cannot start with; the message says how to fix it. */
export class StartSettingError extends Error {
  override name = "StartSettingError";
}

/** PORT, default 3000. */
export function listenPort(env: Environment): number {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StartSettingError(`PORT must be a port number from 1 to 65535 (it is "${env.PORT}").`);
  }
  return port;
}

/** Without DATABASE_URL the app runs on the embedded database, with the demo clinic. */
export function usesEmbeddedDatabase(env: Environment): boolean {
  return !env.DATABASE_URL;
}

/** DEMO=1: `npm start` may run the demo clinic on the embedded database. */
export function isDemo(env: Environment): boolean {
  return env.DEMO === "1";
}

/**
 * Where the app listens: HOST when set; otherwise only this machine when the
 * demo clinic's public sign-in details may be in the database (development and
 * the embedded database), and every interface for a production server.
 */
export function listenHost(mode: LaunchMode, env: Environment): string | undefined {
  if (env.HOST) return env.HOST;
  return mode === "dev" || usesEmbeddedDatabase(env) ? "127.0.0.1" : undefined;
}

export function startChecks(mode: LaunchMode, env: Environment, nodeVersion: string = process.version): StartChecks {
  const checks: StartChecks = { refusals: [], warnings: [] };
  const nodeProblem = unsupportedNode(nodeVersion);
  if (nodeProblem) checks.refusals.push(nodeProblem);
  for (const check of [() => listenPort(env), () => trustedProxyHops(env.TRUSTED_PROXY_HOPS)]) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof StartSettingError || error instanceof ClientAddressSettingError)) throw error;
      checks.refusals.push(error.message);
    }
  }
  for (const variable of ["E2E_CLOCK", E2E_CLOCK_OFFSET_VARIABLE]) {
    if (env[variable]) {
      checks.refusals.push(`${variable} is set: it runs the scheduling clock ahead for the e2e suite's season runs, never for a clinic. Unset it.`);
    }
  }
  if (mode === "start" && usesEmbeddedDatabase(env) && !isDemo(env)) {
    checks.refusals.push(
      "npm start without DATABASE_URL would serve the demo clinic from the embedded database, and the demo accounts' " +
        "passwords and TOTP secrets are printed in README. Set DATABASE_URL to your PostgreSQL server for a real clinic, " +
        "or DEMO=1 to run the demo on purpose (it listens on 127.0.0.1 unless HOST is set).",
    );
  }
  if (mode === "start" && !usesEmbeddedDatabase(env)) addProductionChecks(env, checks);
  return checks;
}

/** Why this Node cannot run the app, or null when it can. */
export function unsupportedNode(version: string): string | null {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  const [minimumMajor, minimumMinor] = MINIMUM_NODE;
  if (major > minimumMajor || (major === minimumMajor && minor >= minimumMinor)) return null;
  return (
    `This is Node.js ${version}; the app needs ${minimumMajor}.${minimumMinor} or newer (24 LTS recommended). ` +
    "Start it through npm (npm run dev, npm start), which runs the Node 24 that npm install put in node_modules/.bin."
  );
}

function addProductionChecks(env: Environment, { refusals, warnings }: StartChecks): void {
  const secretBytes = Buffer.byteLength(env.AUTH_SECRET ?? "", "utf8");
  if (secretBytes < MIN_AUTH_SECRET_BYTES) {
    refusals.push(
      `${env.AUTH_SECRET ? `AUTH_SECRET is only ${secretBytes} bytes` : "AUTH_SECRET is not set"}: a production start needs ` +
        `${MIN_AUTH_SECRET_BYTES} or more random bytes (for example \`openssl rand -base64 32\`). It signs sessions and encrypts TOTP secrets.`,
    );
  }

  if (!env.APP_URL) {
    refusals.push("APP_URL is not set: a production start needs the clinic's public address (https://…), used in emailed visit links and LiveKit's webhook.");
  } else {
    const problem = cleartextUrlProblem("APP_URL", env.APP_URL, ["https:"], ["http:"]);
    if (problem) refusals.push(problem);
  }

  if (!env.SMTP_URL) refusals.push("SMTP_URL is not set: a production start needs your mail server (smtp://… or smtps://…).");

  if (!env.LIVEKIT_URL) {
    refusals.push(
      "LIVEKIT_URL is not set: a production start needs LIVEKIT_URL (wss://…), LIVEKIT_API_KEY and LIVEKIT_API_SECRET, " +
        "for LiveKit Cloud or your own LiveKit server, with its webhook pointed at <APP_URL>/api/livekit/webhook.",
    );
  } else {
    const problem = cleartextUrlProblem("LIVEKIT_URL", env.LIVEKIT_URL, ["wss:", "https:"], ["ws:", "http:"]);
    if (problem) refusals.push(problem);
  }

  const databaseWarning = env.DATABASE_URL ? cleartextDatabaseWarning(env.DATABASE_URL) : null;
  if (databaseWarning) warnings.push(databaseWarning);
}

/** A URL must be encrypted unless it stays on this machine. */
function cleartextUrlProblem(name: string, value: string, encrypted: string[], cleartext: string[]): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} is not a URL (it is "${value}").`;
  }
  if (encrypted.includes(url.protocol)) return null;
  if (cleartext.includes(url.protocol)) {
    if (isThisMachine(url.hostname)) return null;
    return `${name} is ${url.protocol}// to ${url.hostname}: it must be ${encrypted[0]}// (TLS) unless it names this machine, because what it carries would cross the network in clear.`;
  }
  return `${name} must be a ${[...encrypted, ...cleartext].map((protocol) => `${protocol}//`).join(" or ")} URL (it is "${value}").`;
}

// node-postgres encrypts when the URL asks for TLS in any of these ways.
const TLS_SSLMODES = new Set(["prefer", "require", "verify-ca", "verify-full"]);

function cleartextDatabaseWarning(databaseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return null; // The database client reports a malformed URL when it connects.
  }
  const params = url.searchParams;
  const host = params.get("host") ?? url.hostname;
  // No host is a Unix socket, like a host that is a path.
  if (host === "" || host.startsWith("/") || isThisMachine(host)) return null;
  const tls =
    TLS_SSLMODES.has(params.get("sslmode") ?? "") || ["true", "1"].includes(params.get("ssl") ?? "") || params.get("sslnegotiation") === "direct";
  if (tls) return null;
  return (
    `DATABASE_URL connects to ${host} without TLS: patient data and password hashes would cross the network in clear. ` +
    "Add ?sslmode=verify-full (and sslrootcert=… for a private CA) unless that network is private to the clinic."
  );
}

function isThisMachine(hostname: string): boolean {
  return hostname === "localhost" || isLoopbackAddress(normalizedAddress(hostname));
}
