import { execFile } from "node:child_process";
import { access, realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { startInstalledPostgresServer, type TestPostgresServer } from "../../testing/postgres-server";
import { withAdminClient } from "../../testing/scratch-database";
import { findTools, parseToolVersion, serverMajorVersion, type FoundTool } from "../postgres-tools";

// The restore drill runs PostgreSQL's own pg_dump, which refuses a server
// newer than itself. Without DATABASE_URL the suite's server is the embedded
// PostgreSQL 18, and a distribution's pg_dump may be older (Debian 12 has 15):
// then the drill runs on a throwaway server of the pg_dump's own version, from
// the same installation, so `npm test` needs only what apt installs.

export class DrillServerError extends Error {
  override name = "DrillServerError";
}

const WHAT_TO_INSTALL =
  "Install PostgreSQL's server and client tools of one version (Debian and Ubuntu: apt-get install postgresql), " +
  "or set DATABASE_URL to a PostgreSQL server's superuser that this machine's pg_dump can dump.";

/** The suite's server when the newest pg_dump can dump it, else a server of that pg_dump's version; fails saying what to install. */
export async function drillServer(suiteServerUrl: string): Promise<TestPostgresServer> {
  const { rows } = await withAdminClient(suiteServerUrl, (admin) => admin.query<{ num: string }>("SELECT current_setting('server_version_num') AS num"));
  const suiteMajor = serverMajorVersion(rows[0]!.num);
  const newest = (await findTools("pg_dump")).sort((a, b) => b.major - a.major)[0];
  if (!newest) throw new DrillServerError(`The restore drill needs pg_dump and pg_restore, and none was found. ${WHAT_TO_INSTALL}`);
  if (newest.major >= suiteMajor) return { url: suiteServerUrl, stop: async () => {} };
  const binDir = await serverBinariesBeside(newest);
  if (!binDir) {
    throw new DrillServerError(
      `The test PostgreSQL server is ${suiteMajor}, which pg_dump ${newest.version} (${newest.path}) cannot dump, and there is no ` +
        `PostgreSQL ${newest.major} server (initdb and postgres) beside it to run the restore drill on. ${WHAT_TO_INSTALL}`,
    );
  }
  return startInstalledPostgresServer(binDir);
}

/** The folder of the pg_dump's installation when it holds initdb and a postgres of the same major version. */
async function serverBinariesBeside(pgDump: FoundTool): Promise<string | null> {
  const dir = path.dirname(await located(pgDump.path));
  if (!(await exists(path.join(dir, "initdb")))) return null;
  const postgres = await promisify(execFile)(path.join(dir, "postgres"), ["--version"]).then(
    (result) => result.stdout,
    () => "",
  );
  return parseToolVersion(postgres)?.major === pgDump.major ? dir : null;
}

const exists = (file: string) => access(file).then(() => true, () => false);

/** The file itself for a tool found on PATH by name (e.g. Homebrew's link into its installation). */
async function located(tool: string): Promise<string> {
  if (path.isAbsolute(tool)) return tool;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    if (await exists(path.join(dir, tool))) return realpath(path.join(dir, tool));
  }
  return tool;
}
