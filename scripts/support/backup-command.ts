// What `npm run db:backup` and `npm run db:restore` share: their one argument,
// the database they act on and the key, and how they fail.
import { BackupError } from "../../lib/db/backup/errors";
import { BACKUP_KEY_VARIABLE, parseBackupKey } from "../../lib/db/backup/format";

export function commandLine(command: "db:backup" | "db:restore"): { file: string; url: string; key: Buffer } {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || rest.length > 0) throw new BackupError("NOT_CONFIGURED", `Usage: npm run ${command} -- <file>`);
  // The owner's connection: the runtime role may not read sequences (a backup) nor create tables (a restore).
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    throw new BackupError(
      "NOT_CONFIGURED",
      `npm run ${command} works on a PostgreSQL server's database: set MIGRATION_DATABASE_URL (the tables' owner) or DATABASE_URL. ` +
        "The embedded development database (.data/) is not backed up: delete it to start over.",
    );
  }
  return { file, url, key: parseBackupKey(process.env[BACKUP_KEY_VARIABLE]) };
}

export function reportFailure(what: "backup" | "restore", error: unknown): void {
  console.error(error instanceof BackupError ? error.message : `The ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
