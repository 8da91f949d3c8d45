import "server-only";
import { createWriteStream } from "node:fs";
import { access, link, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { databaseFacts, schemaVersionOf } from "./database-facts";
import { BackupError } from "./errors";
import { encryptBackup, type BackupManifest } from "./format";
import { findTool, serverMajorVersion } from "./postgres-tools";
import { runTool } from "./tool-process";

// `npm run db:backup -- <file>`: pg_dump's custom-format archive of the
// database, encrypted, with a manifest of what it holds (format.ts). The row
// counts and the audit chain's head are read in the very snapshot pg_dump
// dumps (pg_export_snapshot, then pg_dump --snapshot), so they describe the
// archive exactly even while the clinic keeps working.

export interface BackupOptions {
  /** The database's owner, which may read every table and sequence (MIGRATION_DATABASE_URL, else DATABASE_URL). */
  url: string;
  file: string;
  key: Buffer;
  /** package.json's folder, for the app's version. */
  appDir?: string;
}

export async function createBackup(options: BackupOptions): Promise<BackupManifest> {
  if (await access(options.file).then(() => true, () => false)) throw fileExists(options.file);
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows } = await client.query<{ snapshot: string; name: string; version: string; num: string }>(
      `SELECT pg_export_snapshot() AS snapshot, current_database() AS name,
              current_setting('server_version') AS version, current_setting('server_version_num') AS num`,
    );
    const server = rows[0]!;
    const pgDump = await findTool("pg_dump", serverMajorVersion(server.num), `The database server runs PostgreSQL ${server.version}`);
    if ((await schemaVersionOf(client)) === null) {
      throw new BackupError("NOT_CONFIGURED", `The database ${server.name} has no migrations applied: it is not this app's database, or it was never migrated.`);
    }
    const facts = await databaseFacts(client);
    const manifest: BackupManifest = {
      createdAt: new Date().toISOString(),
      appVersion: await appVersion(options.appDir ?? process.cwd()),
      schemaVersion: facts.schemaVersion!,
      database: { name: server.name, serverVersion: server.version },
      pgDumpVersion: pgDump.version,
      rowCounts: facts.rowCounts,
      auditChain: facts.auditChain,
    };
    await writeNewFile(options.file, async (partial) => {
      const dump = runTool(pgDump, ["--format=custom", `--snapshot=${server.snapshot}`, "--no-password"], options.url, { stdin: "ignore" });
      const dumped = dump.done.catch((error: BackupError) => {
        if (/permission denied/.test(error.message)) error.message += "\nBack up as the tables' owner: set MIGRATION_DATABASE_URL.";
        throw error;
      });
      await Promise.all([pipeline(encryptBackup(manifest, options.key, dump.child.stdout!), partial), dumped]);
    });
    return manifest;
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end();
  }
}

/**
 * Writes beside the file and gives it its name only once complete, so a failed
 * or interrupted backup never leaves a file that looks like one. Never
 * replaces an existing file. Readable by its owner only.
 */
async function writeNewFile(file: string, write: (stream: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    await write(createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    await link(partial, file).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EEXIST" ? fileExists(file) : error;
    });
  } finally {
    await rm(partial, { force: true });
  }
}

function fileExists(file: string): BackupError {
  return new BackupError("NOT_CONFIGURED", `${file} already exists: choose a new file name (a backup never replaces another).`);
}

async function appVersion(appDir: string): Promise<string> {
  const packageJson = JSON.parse(await readFile(path.join(appDir, "package.json"), "utf8")) as { version?: string };
  return packageJson.version ?? "unknown";
}
