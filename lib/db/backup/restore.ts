import "server-only";
import { createReadStream } from "node:fs";
import { copyFile, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { readMigrations } from "../migrate";
import { RUNTIME_GROUP_ROLE } from "../roles";
import { databaseFacts, factDifferences } from "./database-facts";
import { BackupError } from "./errors";
import { AUTH_TAG_BYTES, checkBackupKey, decryptBackup, MAX_HEADER_BYTES, parseBackupHeader, type BackupManifest } from "./format";
import { findTool, serverMajorVersion } from "./postgres-tools";
import { compareSchemaVersion, type SchemaComparison } from "./schema-version";
import { runTool } from "./tool-process";

// `npm run db:restore -- <file>`: into an empty database only, as its owner,
// and only what authenticates. The order: refuse what can be refused without
// reading the whole file (not a backup, another key, a newer schema, a
// database that is not empty or not the restoring role's); then authenticate
// the whole file; then pg_restore in one transaction; then check the restored
// database against the manifest. The file is first copied into a private
// folder, so the bytes restored are the bytes authenticated.

export interface RestoreOptions {
  /** The target database's owner (MIGRATION_DATABASE_URL, else DATABASE_URL): the restored tables become its own. */
  url: string;
  file: string;
  key: Buffer;
  migrationsDir?: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** "older": run `npm run db:migrate` before starting the app on it. */
  schema: Extract<SchemaComparison, "same" | "older">;
}

// What pg_dump does not carry and the roles migration
// (20261203090000_database_roles_and_audit_chain) sets: privileges on the
// database itself, and the owner's default privileges, which a dump names
// by the old owner's role (those entries are left out of the restore and set
// again here for the restoring owner). After the restore, never before: tables
// created under these defaults would get UPDATE and DELETE on the audit trail.
const RIGHTS_A_DUMP_DOES_NOT_CARRY = `
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${RUNTIME_GROUP_ROLE}', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO ${RUNTIME_GROUP_ROLE}', current_schema());
END
$$`;

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const work = await mkdtemp(path.join(tmpdir(), "telemedicine-restore-"));
  const client = new pg.Client({ connectionString: options.url });
  try {
    const copy = path.join(work, "backup");
    await copyFile(options.file, copy).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "ENOENT" ? new BackupError("NOT_A_BACKUP", `There is no file ${options.file}. Nothing was restored.`) : error;
    });
    const backup = await openBackupFile(copy);
    const { manifest } = backup.header.parsed;
    checkBackupKey(backup.header.parsed, options.key);
    const schema = compareSchemaVersion(manifest.schemaVersion, (await readMigrations(options.migrationsDir)).map((migration) => migration.name));
    if (schema === "newer" || schema === "unknown") {
      throw new BackupError(
        "SCHEMA_NEWER",
        `This backup's schema ends at migration ${manifest.schemaVersion}, which this code ${schema === "newer" ? "is older than" : "does not have"} ` +
          `(the backup was made by version ${manifest.appVersion}). Restore it with the code that made it. Nothing was restored.`,
      );
    }
    await client.connect();
    const target = await checkTarget(client);

    const decrypted = () => decryptBackup(backup.header, options.key, backup.ciphertext(), backup.tag);
    // Authenticated to the last byte before pg_restore reads any of it.
    for await (const chunk of decrypted()) void chunk;

    const pgRestore = await findTool(
      "pg_restore",
      Math.max(Number.parseInt(manifest.pgDumpVersion, 10), target.serverMajor),
      `The backup was written by pg_dump ${manifest.pgDumpVersion} and the database server runs PostgreSQL ${target.serverVersion}`,
    );
    const list = path.join(work, "restore.list");
    await writeFile(list, withoutDefaultPrivileges(await archiveContents(pgRestore, decrypted)));
    const restore = runTool(
      pgRestore,
      ["--no-owner", "--single-transaction", "--exit-on-error", "--no-password", `--use-list=${list}`],
      options.url,
      { stdin: "pipe" },
    );
    await settleInOrder(restore.done, pipeline(decrypted(), restore.child.stdin!));
    await client.query(RIGHTS_A_DUMP_DOES_NOT_CARRY);

    const differences = factDifferences(manifest, await databaseFacts(client));
    if (differences.length > 0) {
      throw new BackupError(
        "RESTORE_MISMATCH",
        `The database ${target.name} now holds the restored backup, but it does not match the backup's manifest:\n` +
          differences.map((difference) => `  - ${difference}`).join("\n") +
          `\nDo not use it: drop it and create it again (empty) before another try.`,
      );
    }
    return { manifest, schema };
  } finally {
    await client.end().catch(() => {});
    await rm(work, { recursive: true, force: true });
  }
}

interface BackupFile {
  header: { bytes: Buffer; parsed: ReturnType<typeof parseBackupHeader>["header"] };
  ciphertext: () => AsyncIterable<Buffer>;
  tag: Buffer;
}

async function openBackupFile(file: string): Promise<BackupFile> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const start = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
    await handle.read(start, 0, start.length, 0);
    const { header, length } = parseBackupHeader(start);
    if (size < length + AUTH_TAG_BYTES) {
      throw new BackupError("NOT_A_BACKUP", "This backup is cut short: it ends before its authentication tag. Nothing was restored.");
    }
    const tag = Buffer.alloc(AUTH_TAG_BYTES);
    await handle.read(tag, 0, AUTH_TAG_BYTES, size - AUTH_TAG_BYTES);
    const end = size - AUTH_TAG_BYTES - 1;
    return {
      header: { bytes: start.subarray(0, length), parsed: header },
      // An empty archive cannot authenticate either, but it must still reach the tag's check.
      ciphertext: () => (end >= length ? createReadStream(file, { start: length, end }) : emptyStream()),
      tag,
    };
  } finally {
    await handle.close();
  }
}

async function* emptyStream(): AsyncGenerator<Buffer> {}

/** Refuses a database that is not empty, not owned by the restoring role, or on a server without the runtime group. */
async function checkTarget(client: pg.Client): Promise<{ name: string; serverVersion: string; serverMajor: number }> {
  const { rows } = await client.query<{
    name: string;
    owner: string;
    role: string;
    version: string;
    num: string;
    relations: string[];
    group_exists: boolean;
  }>(
    `SELECT current_database() AS name, pg_get_userbyid(d.datdba) AS owner, current_user AS role,
            current_setting('server_version') AS version, current_setting('server_version_num') AS num,
            ARRAY(SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                    AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
                  ORDER BY 1) AS relations,
            EXISTS (SELECT FROM pg_roles WHERE rolname = $1) AS group_exists
     FROM pg_database d WHERE d.datname = current_database()`,
    [RUNTIME_GROUP_ROLE],
  );
  const target = rows[0]!;
  const refuse = (why: string) => new BackupError("TARGET_NOT_READY", `${why} Nothing was restored.`);
  if (target.relations.length > 0) {
    const shown = target.relations.slice(0, 5).join(", ") + (target.relations.length > 5 ? ", …" : "");
    throw refuse(
      `The database ${target.name} is not empty (${target.relations.length} tables, sequences or views: ${shown}). ` +
        `A backup is restored only into an empty database: CREATE DATABASE … OWNER … (docs/OPERATIONS.md).`,
    );
  }
  if (target.role !== target.owner) {
    throw refuse(
      `The restore connects as ${target.role}, but the database ${target.name} belongs to ${target.owner}. Restore as the database's owner ` +
        `(MIGRATION_DATABASE_URL): the restored tables become the restoring role's, and migrations must run as their owner.`,
    );
  }
  if (!target.group_exists) {
    throw refuse(`The role ${RUNTIME_GROUP_ROLE} does not exist on this server: create it first (README, Database), so the app's rights can be restored.`);
  }
  return { name: target.name, serverVersion: target.version, serverMajor: serverMajorVersion(target.num) };
}

/** pg_restore --list of the archive: its table of contents, one entry a line. */
async function archiveContents(pgRestore: Parameters<typeof runTool>[0], decrypted: () => AsyncIterable<Buffer>): Promise<string> {
  const listing = runTool(pgRestore, ["--list"], null, { stdin: "pipe" });
  const output: Buffer[] = [];
  listing.child.stdout!.on("data", (chunk: Buffer) => output.push(chunk));
  // pg_restore stops reading once it has the table of contents, at the start of the archive.
  const feeding = pipeline(decrypted(), listing.child.stdin!).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
  });
  await settleInOrder(listing.done, feeding);
  return Buffer.concat(output).toString("utf8");
}

/** The archive's list without its DEFAULT ACL entries (ALTER DEFAULT PRIVILEGES FOR ROLE <the old owner>). */
export function withoutDefaultPrivileges(list: string): string {
  return list
    .split("\n")
    .filter((line) => !/^\d+; \d+ \d+ DEFAULT ACL /.test(line))
    .join("\n");
}

/** Waits for both; the tool's own failure (with its message) comes before the broken pipe it causes. */
async function settleInOrder(tool: Promise<void>, feeding: Promise<void>): Promise<void> {
  const [toolResult, feedingResult] = await Promise.allSettled([tool, feeding]);
  if (toolResult.status === "rejected") throw toolResult.reason;
  if (feedingResult.status === "rejected") throw feedingResult.reason;
}
